"use client";

import { useActionState, useState } from "react";
import { submitWith } from "@/components/ui/submit-with";
import { deleteDeviceAction } from "@/app/(dashboard)/devices/actions";
import { TextField } from "./form-field";

/**
 * "Delete device" with a typed confirmation: the button stays disabled until the exact device name
 * is typed (the server checks it again). Deleting removes the device's polled data and samples.
 */
export function DeleteDeviceForm({ id, name }: { id: string; name: string }) {
  const [state, formAction, pending] = useActionState(deleteDeviceAction, null);
  const [typed, setTyped] = useState("");
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  const onSubmit = submitWith(formAction);

  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="delete-device-form">
      <input type="hidden" name="id" value={id} />
      <p className="text-sm text-slate-700">
        This removes <span className="font-semibold">{name}</span> from the inventory with its polled state and all its samples. The router itself is not
        changed. The audit log keeps a record.
      </p>
      {state && !state.ok && (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      )}
      <TextField
        name="confirmName"
        label={`Type “${name}” to confirm`}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        errors={errors.confirmName}
        autoComplete="off"
      />
      <button
        type="submit"
        disabled={pending || typed.trim() !== name}
        className="rounded-md bg-red-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-50"
        data-testid="delete-device-submit"
      >
        {pending ? "Deleting…" : "Delete device"}
      </button>
    </form>
  );
}
