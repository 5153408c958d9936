"use client";

import { useActionState, useState } from "react";
import { addRouterNetworkAction, removeRouterNetworkAction, resetRouterNetworksAction } from "@/app/(dashboard)/devices/networks/actions";
import { submitWith } from "@/components/ui/submit-with";
import { TextField } from "./form-field";

/**
 * "Add network": a CIDR and a comment. While the defaults apply, the first network added also copies the defaults
 * into the list (said in the form and in the result), so they keep applying until removed.
 */
export function AddRouterNetworkForm({ usingDefaults }: { usingDefaults: boolean }) {
  const [state, formAction, pending] = useActionState(addRouterNetworkAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={submitWith(formAction)} noValidate className="space-y-3" data-testid="router-network-form">
      <div className="grid grid-cols-1 items-start gap-3 md:grid-cols-3">
        <TextField
          name="cidr"
          label="Network (CIDR)"
          required
          maxLength={64}
          placeholder="10.20.0.0/16"
          errors={errors.cidr}
          autoComplete="off"
          className="font-mono"
        />
        <div className="md:col-span-2">
          <TextField name="comment" label="Comment" maxLength={200} placeholder="e.g. Paris POP management" errors={errors.comment} autoComplete="off" />
        </div>
      </div>
      {usingDefaults && (
        <p className="text-xs text-slate-500">The defaults are copied into the list with it, so they keep applying; remove any you do not want.</p>
      )}
      {state && !state.ok && (
        <p role="alert" className="text-sm text-red-700" data-testid="router-network-error">
          {state.message}
        </p>
      )}
      {state?.ok && (
        <p role="status" className="text-sm text-green-800" data-testid="router-network-added">
          Added {state.data.cidr}
          {state.data.copiedDefaults.length > 0 ? ` (and the defaults: ${state.data.copiedDefaults.join(", ")})` : ""}.
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark disabled:cursor-wait disabled:opacity-60"
        data-testid="router-network-add"
      >
        {pending ? "Adding…" : "Add network"}
      </button>
    </form>
  );
}

/** "Remove" on one listed network; the server refuses the last one (an empty list means the defaults). */
export function RemoveRouterNetworkButton({ id, cidr }: { id: string; cidr: string }) {
  const [state, formAction, pending] = useActionState(removeRouterNetworkAction, null);
  return (
    <form onSubmit={submitWith(formAction)} className="flex items-center justify-end gap-2">
      <input type="hidden" name="id" value={id} />
      {state && !state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
      <button
        type="submit"
        disabled={pending}
        aria-label={`Remove ${cidr}`}
        className="rounded-md border border-slate-300 px-2 py-1 text-xs font-semibold text-slate-700 hover:bg-slate-50 disabled:opacity-60"
        data-testid="router-network-remove"
      >
        {pending ? "Removing…" : "Remove"}
      </button>
    </form>
  );
}

/** "Reset to defaults" with a typed confirmation (`defaults`): empties the list. */
export function ResetRouterNetworksForm() {
  const [state, formAction, pending] = useActionState(resetRouterNetworksAction, null);
  const [typed, setTyped] = useState("");
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={submitWith(formAction)} className="space-y-3" data-testid="router-networks-reset-form">
      <TextField
        name="confirm"
        label="Type “defaults” to confirm"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        errors={errors.confirm}
        autoComplete="off"
      />
      {state && !state.ok && (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      )}
      <button
        type="submit"
        disabled={pending || typed !== "defaults"}
        className="rounded-md border border-red-300 px-4 py-2 text-sm font-semibold text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50"
        data-testid="router-networks-reset"
      >
        {pending ? "Resetting…" : "Reset to defaults"}
      </button>
    </form>
  );
}
