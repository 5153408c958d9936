"use client";

import { useActionState } from "react";
import { createShareLinkAction } from "@/app/(dashboard)/status/share-links/actions";
import { CopyButton } from "@/components/device/copy-button";
import { TextField } from "@/components/devices/form-field";
import { Time } from "@/components/ui/time";
import { SHARE_LINK_EXPIRY_LABELS, type ShareLinkExpiry } from "@/lib/status/schema";

const SELECT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";

/**
 * "New share link": site, label, expiry. On success the full URL (with its token) is shown once, with a
 * copy button: it cannot be shown again (only its SHA-256 is stored).
 */
export function CreateShareLinkForm({ sites }: { sites: { id: string; name: string }[] }) {
  const [state, formAction, pending] = useActionState(createShareLinkAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-4">
      <form action={formAction} className="grid grid-cols-1 items-start gap-3 md:grid-cols-4" data-testid="share-link-form">
        <div>
          <label htmlFor="share-site" className="block text-sm font-medium text-slate-700">
            Site
          </label>
          <select id="share-site" name="siteId" required className={SELECT} aria-invalid={errors.siteId ? true : undefined}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <TextField name="label" label="Label" hint="Who gets the link, e.g. “ACME support”" maxLength={80} errors={errors.label} autoComplete="off" />
        <div>
          <label htmlFor="share-expires" className="block text-sm font-medium text-slate-700">
            Expires
          </label>
          <select id="share-expires" name="expiresIn" defaultValue="30d" className={SELECT}>
            {(Object.keys(SHARE_LINK_EXPIRY_LABELS) as ShareLinkExpiry[]).map((k) => (
              <option key={k} value={k}>
                {SHARE_LINK_EXPIRY_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={pending || sites.length === 0}
          className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark disabled:opacity-50 md:mt-6"
          data-testid="share-link-create"
        >
          {pending ? "Creating…" : "Create link"}
        </button>
      </form>
      {state && !state.ok && (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      )}
      {state?.ok && (
        <div role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900" data-testid="share-link-created">
          <p className="font-medium">
            Share link for {state.data.siteName} created
            {state.data.expiresAt ? (
              <>
                {" "}
                (expires <Time value={state.data.expiresAt} />)
              </>
            ) : (
              " (never expires)"
            )}
            . Copy it now: it is shown only once.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid="share-link-url">
              {state.data.url}
            </code>
            <CopyButton value={state.data.url} label="share link URL" />
          </div>
        </div>
      )}
    </div>
  );
}
