import type { Metadata } from "next";
import Link from "next/link";
import { AlertsSubNav } from "@/components/alerts/alerts-sub-nav";
import { NewRuleForm } from "@/components/alerts/rule-form";
import { Card } from "@/components/ui/card";
import { getScopeChoices } from "@/lib/alerts/admin-server";
import { thresholdFields } from "@/lib/alerts/admin/threshold-fields";
import { BUILT_IN_RULES } from "@/lib/alerts/rule-types";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New alert rule" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** /alerts/rules/new?type=<rule type>: a new rule of a type, starting from the built-in rule's thresholds (admins: alerts.manage). */
export default async function NewAlertRulePage({ searchParams }: { searchParams: SearchParams }) {
  await requirePagePermission("alerts.manage");
  const raw = (await searchParams).type;
  const { sites, tags, devices, types } = await getScopeChoices();
  const type = typeof raw === "string" && types.includes(raw) ? raw : types[0];
  const base = BUILT_IN_RULES.find((r) => r.type === type)?.thresholds ?? {};
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href="/alerts/rules" className="text-brand underline">
            ← Alert rules
          </Link>
        </p>
        <h1 className="text-2xl font-semibold text-slate-900">New alert rule</h1>
        <p className="text-sm text-slate-500">
          Another rule of a type beside the built-in one, e.g. stricter thresholds for one site. Each rule alerts on its own.
        </p>
      </div>
      <AlertsSubNav canManage />
      <Card title="Type">
        <form method="get" className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="rule-type" className="block text-xs font-medium text-slate-600">
              Rule type
            </label>
            <select id="rule-type" name="type" defaultValue={type} className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              {types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            Change type
          </button>
        </form>
      </Card>
      {type ? (
        <Card title={`New ${type} rule`}>
          <NewRuleForm key={type} type={type} fields={thresholdFields(type, base)} choices={{ sites, tags, devices }} />
        </Card>
      ) : (
        <p className="text-sm text-slate-600">No rule types are known.</p>
      )}
    </div>
  );
}
