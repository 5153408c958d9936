import Link from "next/link";
import { EmptyState } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { TargetRow } from "@/lib/alerts/admin-server";

/** The notification targets: name (link to its page), kind, destination, lowest severity, state, last success and last error. */
export function TargetsTable({ rows }: { rows: TargetRow[] }) {
  if (rows.length === 0)
    return (
      <EmptyState title="No notification targets">
        Nobody is told when an alert fires. Add a webhook (Slack, a chat bridge, an incident tool) or an e-mail target above.
      </EmptyState>
    );
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="targets-table">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Target
            </th>
            <th scope="col" className="px-3 py-2">
              Sends to
            </th>
            <th scope="col" className="px-3 py-2">
              Severity
            </th>
            <th scope="col" className="px-3 py-2">
              Last success
            </th>
            <th scope="col" className="px-3 py-2">
              Last error
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((t) => (
            <tr key={t.id} data-testid="target-row" data-target-name={t.name} className={t.enabled ? "" : "bg-slate-50 text-slate-500"}>
              <td className="px-3 py-2 align-top">
                <Link href={`/alerts/targets/${t.id}`} className="font-medium text-brand underline">
                  {t.name}
                </Link>
                <p className="text-xs text-slate-500">
                  {t.kind === "email" ? "e-mail" : t.slack ? "webhook (Slack)" : "webhook"}
                  {!t.enabled && " · disabled"}
                  {t.queued > 0 && ` · ${t.queued} queued`}
                </p>
              </td>
              <td className="max-w-md break-all px-3 py-2 align-top font-mono text-xs">{t.destination}</td>
              <td className="px-3 py-2 align-top">{t.minSeverity} and above</td>
              <td className="px-3 py-2 align-top">
                <Time value={t.lastSuccessAt?.toISOString()} relative />
              </td>
              <td className="px-3 py-2 align-top">
                {t.lastError ? (
                  <>
                    <Time value={t.lastErrorAt?.toISOString()} relative />
                    <p className="max-w-xs break-words text-xs text-red-700">{t.lastError}</p>
                  </>
                ) : (
                  <span className="text-slate-400">none</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
