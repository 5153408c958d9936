import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertsSubNav } from "@/components/alerts/alerts-sub-nav";
import { ConfirmAction } from "@/components/alerts/confirm-action";
import { EditRuleForm } from "@/components/alerts/rule-form";
import { ThresholdWords } from "@/components/alerts/threshold-words";
import { Card } from "@/components/ui/card";
import { getRule, getScopeChoices } from "@/lib/alerts/admin-server";
import { requirePagePermission } from "@/lib/auth/session";
import { deleteRuleAction } from "../actions";

export const metadata: Metadata = { title: "Edit alert rule" };

/** /alerts/rules/[id]: edit one rule's thresholds, scope, severity and enabled (admins: alerts.manage). */
export default async function EditAlertRulePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePagePermission("alerts.manage");
  const { id } = await params;
  const rule = await getRule(id);
  if (!rule) notFound();
  const { sites, tags, devices } = await getScopeChoices();
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href="/alerts/rules" className="text-brand underline">
            ← Alert rules
          </Link>
        </p>
        <h1 className="text-2xl font-semibold text-slate-900">{rule.name}</h1>
        <p className="text-sm text-slate-500">
          Type <span className="font-mono">{rule.type}</span> · {rule.builtIn ? "built-in" : "added"} · {rule.firing} firing, {rule.pending} pending
        </p>
      </div>
      <AlertsSubNav canManage />
      <Card title="Now">
        <ThresholdWords fields={rule.thresholds} known={rule.known} json={rule.thresholdsJson} />
      </Card>
      <Card title="Edit">
        {rule.known ? (
          <EditRuleForm
            id={rule.id}
            fields={rule.thresholds}
            values={{ scope: rule.scope, scopeValue: rule.scopeValue, scopeLabel: rule.scopeLabel, severity: rule.severity, enabled: rule.enabled }}
            choices={{ sites, tags, devices }}
          />
        ) : (
          <p className="text-sm text-slate-600">This version does not know the rule type {rule.type}: it cannot be edited here.</p>
        )}
      </Card>
      {!rule.builtIn && (
        <Card title="Delete">
          <ConfirmAction
            action={deleteRuleAction}
            input={{ id: rule.id }}
            label="Delete rule"
            question={`Delete ${rule.name} and its alerts?`}
            testId="rule-delete"
          />
        </Card>
      )}
    </div>
  );
}
