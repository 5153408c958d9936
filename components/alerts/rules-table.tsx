import Link from "next/link";
import { deleteRuleAction } from "@/app/(dashboard)/alerts/rules/actions";
import { EmptyState } from "@/components/ui/card";
import type { AdminRuleRow } from "@/lib/alerts/admin-server";
import { ConfirmAction } from "./confirm-action";
import { ThresholdWords } from "./threshold-words";

const SEVERITY: Record<string, string> = { critical: "text-red-800", warning: "text-amber-800", info: "text-sky-800" };
const SCOPE_WORD: Record<string, string> = { fleet: "", site: "site", tag: "tag", device: "device" };

/**
 * The rules: name (built-in or added), type, scope in words, severity, enabled, thresholds in words with units, and
 * the open alerts (firing, pending) linking to /alerts. Admins (`canManage`) get Edit and, for added rules, Delete.
 */
export function RulesTable({ rows, canManage }: { rows: AdminRuleRow[]; canManage: boolean }) {
  if (rows.length === 0) return <EmptyState title="No rules yet">The worker creates the built-in rules when it starts (npm run worker).</EmptyState>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="rules-table">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Rule
            </th>
            <th scope="col" className="px-3 py-2">
              Scope
            </th>
            <th scope="col" className="px-3 py-2">
              Severity
            </th>
            <th scope="col" className="px-3 py-2">
              Thresholds
            </th>
            <th scope="col" className="px-3 py-2">
              Open alerts
            </th>
            {canManage && (
              <th scope="col" className="px-3 py-2">
                Actions
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} data-testid="rule-row" data-rule-type={r.type} data-rule-name={r.name} className={r.enabled ? "" : "bg-slate-50 text-slate-500"}>
              <td className="px-3 py-2 align-top">
                <p className="font-medium text-slate-900">{r.name}</p>
                <p className="font-mono text-xs text-slate-500">{r.type}</p>
                <p className="text-xs text-slate-500">
                  {r.builtIn ? "built-in" : "added"} · {r.enabled ? "enabled" : <span className="font-semibold">disabled</span>}
                  {!r.known && " · type unknown to this version"}
                </p>
              </td>
              <td className="px-3 py-2 align-top">
                {SCOPE_WORD[r.scope] && <span className="text-xs text-slate-500">{SCOPE_WORD[r.scope]} </span>}
                {r.scopeLabel}
              </td>
              <td className={`px-3 py-2 align-top font-medium ${SEVERITY[r.severity] ?? ""}`}>{r.severity}</td>
              <td className="px-3 py-2 align-top" data-testid="rule-thresholds">
                <ThresholdWords fields={r.thresholds} known={r.known} json={r.thresholdsJson} />
              </td>
              <td className="px-3 py-2 align-top">
                <Link href={`/alerts?view=firing&ruleId=${encodeURIComponent(r.id)}`} className="text-brand underline" data-testid="rule-firing">
                  {r.firing} firing
                </Link>
                {r.pending > 0 && <p className="text-xs text-slate-500">{r.pending} pending</p>}
              </td>
              {canManage && (
                <td className="space-y-2 px-3 py-2 align-top">
                  {r.known && (
                    <Link href={`/alerts/rules/${r.id}`} className="text-brand underline" aria-label={`Edit ${r.name}`} data-testid="rule-edit">
                      Edit
                    </Link>
                  )}
                  {!r.builtIn && (
                    <div>
                      <ConfirmAction action={deleteRuleAction} input={{ id: r.id }} label="Delete" question={`Delete ${r.name}?`} testId="rule-delete" />
                    </div>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
