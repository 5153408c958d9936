import Link from "next/link";
import { SeverityBadge } from "@/components/status/severity-badge";
import { EmptyState } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { AlertRow } from "@/lib/alerts/server";
import { AcknowledgeForm, SilenceForm } from "./alert-row-actions";
import { alertValuesText } from "./alert-values";

/**
 * The alerts list: severity, rule, device (link) and object, state with acknowledgement and silence, times in the
 * viewer's zone (UTC on hover), and, for operators on open alerts, acknowledge and silence forms.
 */
export function AlertsTable({ rows, canAcknowledge }: { rows: AlertRow[]; canAcknowledge: boolean }) {
  if (rows.length === 0) return <EmptyState title="No alerts">Nothing matches these filters.</EmptyState>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="alerts-table">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Severity
            </th>
            <th scope="col" className="px-3 py-2">
              Alert
            </th>
            <th scope="col" className="px-3 py-2">
              State
            </th>
            <th scope="col" className="px-3 py-2">
              Since
            </th>
            {canAcknowledge && (
              <th scope="col" className="px-3 py-2">
                Actions
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((a) => {
            return (
              <tr key={a.id} data-testid="alert-row" data-alert-id={a.id}>
                <td className="px-3 py-2 align-top">
                  <SeverityBadge severity={a.rule.severity} />
                </td>
                <td className="px-3 py-2 align-top">
                  <p className="font-medium text-slate-900">{a.rule.name}</p>
                  <p className="text-slate-600">
                    {a.device ? (
                      <Link href={`/devices/${a.device.id}`} className="text-brand underline">
                        {a.device.name}
                      </Link>
                    ) : (
                      "device removed"
                    )}
                    {a.subject && <span className="ml-1 font-mono text-xs">{a.subject}</span>}
                    {a.siteName && <span className="ml-2 text-xs text-slate-500">{a.siteName}</span>}
                  </p>
                  <span className="font-mono text-xs text-slate-600">{alertValuesText(a.values)}</span>
                </td>
                <td className="px-3 py-2 align-top">
                  <p>{a.state}</p>
                  {a.acknowledgedAt && (
                    <p className="text-xs text-slate-500" data-testid="alert-acknowledged">
                      acknowledged <Time value={a.acknowledgedAt.toISOString()} relative />: {a.ackNote}
                    </p>
                  )}
                  {a.silenced && (
                    <p className="text-xs text-slate-500">
                      silenced until <Time value={a.silencedUntil?.toISOString()} />
                    </p>
                  )}
                </td>
                <td className="px-3 py-2 align-top">
                  <Time value={(a.resolvedAt ?? a.firedAt ?? a.firstSeenAt).toISOString()} relative />
                </td>
                {canAcknowledge && (
                  <td className="space-y-2 px-3 py-2 align-top">
                    {a.state !== "resolved" && !a.acknowledgedAt && <AcknowledgeForm id={a.id} />}
                    {a.state !== "resolved" && <SilenceForm id={a.id} />}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
