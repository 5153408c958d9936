import type { Metadata } from "next";
import { AlertsSubNav } from "@/components/alerts/alerts-sub-nav";
import { RulesTable } from "@/components/alerts/rules-table";
import { listRules } from "@/lib/alerts/admin-server";
import { RULE_TYPES } from "@/lib/alerts/rule-types";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Alert rules" };

/** /alerts/rules: every rule with its thresholds in words (alerts.read); admins (alerts.manage) edit, add and delete. */
export default async function AlertRulesPage() {
  const user = await requirePagePermission("alerts.read");
  const canManage = can(user.role, "alerts.manage");
  const rows = await listRules();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Alert rules</h1>
        <p className="text-sm text-slate-500">
          The worker evaluates every enabled rule after each poll, from what the poller stored. A rule fires after its polls (or minutes) above the threshold
          and resolves only below its clear level, so a value at the threshold does not flap.
          {!canManage && " Only admins can change rules."}
        </p>
      </div>
      <AlertsSubNav canManage={canManage} />
      {canManage && (
        <form
          method="get"
          action="/alerts/rules/new"
          className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3"
          data-testid="rule-new"
        >
          <div>
            <label htmlFor="new-rule-type" className="block text-xs font-medium text-slate-600">
              Add a rule of type
            </label>
            <select id="new-rule-type" name="type" className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              {RULE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm">
            New rule…
          </button>
          <p className="text-xs text-slate-500">e.g. a stricter MACsec errors rule for one site; built-in rules can be edited or disabled, not deleted.</p>
        </form>
      )}
      <RulesTable rows={rows} canManage={canManage} />
    </div>
  );
}
