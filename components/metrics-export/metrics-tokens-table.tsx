"use client";

import { revokeMetricsTokenAction } from "@/app/(dashboard)/settings/metrics/actions";
import { EmptyState } from "@/components/ui/card";
import { ConfirmRevoke } from "@/components/ui/confirm-revoke";
import { Time } from "@/components/ui/time";
import type { MetricsTokenView } from "@/lib/metrics-export/tokens";

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
              <td className="py-2 text-right">
                {!t.revokedAt && <ConfirmRevoke action={revokeMetricsTokenAction} id={t.id} name={t.name} testId="metrics-token-revoke" />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
