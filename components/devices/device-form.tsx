"use client";

import Link from "next/link";
import { useActionState, useRef } from "react";
import { submitWith } from "@/components/ui/submit-with";
import { createDeviceAction, updateDeviceAction } from "@/app/(dashboard)/devices/actions";
import type { DeviceEditView } from "@/lib/devices/queries";
import { TextAreaField, TextField } from "./form-field";
import { TestConnectionPanel } from "./test-connection-panel";

/**
 * The admin device form (create, or edit when `device` is given). Field errors appear under their
 * fields; the submit button is disabled while saving. The password is never sent to the browser:
 * on edit the field starts blank and blank means "keep the stored password". The form is submitted
 * from onSubmit (not the `action` prop) so a failed save keeps what the admin typed.
 */
export function DeviceForm({ device, sites }: { device?: DeviceEditView; sites: string[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  // Both actions take the form's FormData; naming the payload type lets one hook hold either.
  const [state, formAction, pending] = useActionState<Awaited<ReturnType<typeof createDeviceAction>> | null, FormData>(
    device ? updateDeviceAction : createDeviceAction,
    null,
  );
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  const onSubmit = submitWith(formAction);

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-6" data-testid="device-form">
      {device && <input type="hidden" name="id" value={device.id} />}
      {state && !state.ok && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="device-form-error">
          {state.message}
        </div>
      )}

      <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Inventory</legend>
        <TextField
          name="name"
          label="Device name"
          required
          maxLength={64}
          defaultValue={device?.name}
          errors={errors.name}
          hint="Unique in the inventory, e.g. edge-par-01."
          autoComplete="off"
        />
        <TextField
          name="site"
          label="Site"
          required
          maxLength={64}
          defaultValue={device?.site}
          errors={errors.site}
          list="site-names"
          hint="Pick an existing site or type a new one."
          autoComplete="off"
        />
        <datalist id="site-names">
          {sites.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <TextField
          name="tags"
          label="Tags"
          defaultValue={device?.tags.join(", ")}
          errors={errors.tags}
          hint="Comma separated, e.g. core, critical."
          autoComplete="off"
        />
        <TextField
          name="pollIntervalSec"
          label="Poll interval (seconds)"
          type="number"
          min={5}
          max={3600}
          inputMode="numeric"
          defaultValue={device?.pollIntervalSec ?? ""}
          errors={errors.pollIntervalSec}
          hint="Blank = the poller's default."
        />
        <div className="flex items-center gap-2 md:col-span-2">
          <input
            id="field-enabled"
            name="enabled"
            type="checkbox"
            defaultChecked={device?.enabled ?? true}
            className="h-4 w-4 rounded border-slate-300 text-brand focus:ring-brand"
          />
          <label htmlFor="field-enabled" className="text-sm text-slate-700">
            Enabled (polled)
          </label>
        </div>
      </fieldset>

      <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-900">RouterOS REST API</legend>
        <div className="md:col-span-2">
          <TextField
            name="apiUrl"
            label="API URL"
            type="url"
            required
            maxLength={2048}
            defaultValue={device?.apiUrl}
            errors={errors.apiUrl}
            placeholder="https://10.0.0.1"
            hint="Base URL of the router's www-ssl (or www, RouterOS 7.9+) service, without /rest. Its host must be in the allowed router networks (Devices → Router networks)."
            autoComplete="off"
          />
        </div>
        <TextField
          name="username"
          label="Username"
          required
          maxLength={64}
          defaultValue={device?.username}
          errors={errors.username}
          hint="A RouterOS user whose group has rest-api and read (write for changes)."
          autoComplete="off"
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          required={!device}
          errors={errors.password}
          hint={device ? "Leave blank to keep the stored password." : "Stored encrypted (AES-256-GCM); never shown again."}
          autoComplete="new-password"
        />
        <div className="md:col-span-2">
          <TextField
            name="tlsFingerprint"
            label="TLS certificate SHA-256 fingerprint"
            defaultValue={device?.tlsFingerprint ?? ""}
            errors={errors.tlsFingerprint}
            placeholder="AB:CD:…  (64 hex digits)"
            hint="Optional: pin the router's self-signed certificate. Blank = trust the CA below or the system CAs."
            autoComplete="off"
            className="font-mono"
          />
        </div>
        <div className="md:col-span-2">
          <TextAreaField
            name="caPem"
            label="CA certificate (PEM)"
            rows={4}
            defaultValue={device?.caPem ?? ""}
            errors={errors.caPem}
            placeholder="-----BEGIN CERTIFICATE-----"
            hint="Optional: a CA (or the router's own certificate) trusted for this router only; it must parse as X.509 and is stored as its PEM."
          />
        </div>
      </fieldset>

      <TestConnectionPanel formRef={formRef} deviceId={device?.id} />

      <div className="flex items-center gap-3 border-t border-slate-200 pt-4">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark disabled:cursor-wait disabled:opacity-60"
          data-testid="device-form-submit"
        >
          {pending ? "Saving…" : device ? "Save changes" : "Add device"}
        </button>
        <Link href={device ? `/devices/${device.id}` : "/devices"} className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}
