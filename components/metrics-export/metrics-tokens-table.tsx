"use client";

import { useActionState, useState } from "react";
import { revokeMetricsTokenAction } from "@/app/(dashboard)/settings/metrics/actions";
import { EmptyState } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { MetricsTokenView } from "@/lib/metrics-export/tokens";

/** Revoke with a confirmation step: the first button asks, the second (a form submit) revokes. */
function RevokeControl({ token }: { token: MetricsTokenView }) {
  const [state, formAction, pending] = useActionState(revokeMetricsTokenAction, null);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className="text-sm font-medium text-red-700 hover:underline" data-testid="metrics-token-revoke">
        Revoke<span className="sr-only"> {token.name}</span>
      </button>
    );
  }
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="id" value={token.id} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-red-600 px-2 py-1 text-xs font-semibold text-white hover:bg-red-700 disabled:opacity-50"
        data-testid="metrics-token-revoke-confirm"
      >
        {pending ? "Revoking…" : "Revoke now"}
      </button>
      <button type="button" onClick={() => setConfirming(false)} className="text-xs text-slate-600 hover:underline">
        Cancel
      </button>
      {state && !state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}

/** Every metrics token with its name, prefix, creator, creation, last scrape and revocation; active ones can be revoked. */
export function MetricsTokensTable({ tokens }: { tokens: MetricsTokenView[] }) {
  if (tokens.length === 0) return <EmptyState title="No metrics tokens yet">Create one above for Prometheus to scrape /metrics.</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Metrics tokens, newest first</caption>
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-2 pr-3 font-medium">
              Name
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Token
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Created
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Last used
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              State
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tokens.map((t) => (
            <tr key={t.id} data-testid="metrics-token-row" data-prefix={t.tokenPrefix} data-state={t.revokedAt ? "revoked" : "active"}>
              <td className="py-2 pr-3 font-medium">{t.name}</td>
              <td className="py-2 pr-3 font-mono text-xs">{t.tokenPrefix}…</td>
              <td className="py-2 pr-3 text-xs">
                <Time value={t.createdAt} />
                {t.createdByEmail && <div className="text-slate-500">{t.createdByEmail}</div>}
              </td>
              <td className="py-2 pr-3 text-xs">
                <Time value={t.lastUsedAt} relative />
              </td>
              <td className="py-2 pr-3">
                {t.revokedAt ? (
                  <>
                    <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">revoked</span>
                    <div className="text-xs text-slate-500">
                      <Time value={t.revokedAt} />
                    </div>
                  </>
                ) : (
                  <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-800">active</span>
                )}
              </td>
              <td className="py-2 text-right">{!t.revokedAt && <RevokeControl token={t} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
