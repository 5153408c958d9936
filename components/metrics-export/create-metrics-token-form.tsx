"use client";

import { useActionState } from "react";
import { createMetricsTokenAction } from "@/app/(dashboard)/settings/metrics/actions";
import { CopyButton } from "@/components/device/copy-button";
import { TextField } from "@/components/devices/form-field";

/**
 * "New metrics token": a name (what scrapes with it). On success the token is shown once, with a copy button, for
 * Prometheus's `authorization: credentials_file`: it cannot be shown again (only its SHA-256 is stored).
 */
export function CreateMetricsTokenForm() {
  const [state, formAction, pending] = useActionState(createMetricsTokenAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-4">
      <form action={formAction} className="grid grid-cols-1 items-start gap-3 md:grid-cols-3" data-testid="metrics-token-form">
        <TextField name="name" label="Name" hint="What scrapes with it, e.g. “prometheus-1”" maxLength={80} required errors={errors.name} autoComplete="off" />
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark disabled:opacity-50 md:mt-6 md:justify-self-start"
          data-testid="metrics-token-create"
        >
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      {state && !state.ok && (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      )}
      {state?.ok && (
        <div role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900" data-testid="metrics-token-created">
          <p className="font-medium">Token “{state.data.name}” created. Copy it now into Prometheus&apos;s credentials file: it is shown only once.</p>
          <div className="mt-2 flex items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid="metrics-token-value">
              {state.data.token}
            </code>
            <CopyButton value={state.data.token} label="metrics token" />
          </div>
        </div>
      )}
    </div>
  );
}
