import type { Metadata } from "next";
import { AlertsSubNav } from "@/components/alerts/alerts-sub-nav";
import { TargetForm } from "@/components/alerts/target-form";
import { TargetsTable } from "@/components/alerts/targets-table";
import { Card } from "@/components/ui/card";
import { listTargets } from "@/lib/alerts/admin-server";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Notification targets" };

/** /alerts/targets: where alert notifications go, webhooks and e-mail (admins: alerts.manage). */
export default async function NotificationTargetsPage() {
  await requirePagePermission("alerts.manage");
  const rows = await listTargets();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Notification targets</h1>
        <p className="text-sm text-slate-500">
          Every enabled target gets one grouped message per rule and site when alerts fire, resolve or still fire unacknowledged. Webhooks are signed with
          HMAC-SHA256 (docs: Monitoring, Signature); failures are retried with backoff and shown on the target&apos;s page.
        </p>
      </div>
      <AlertsSubNav canManage />
      <TargetsTable rows={rows} />
      <Card title="Add a target">
        <TargetForm />
      </Card>
    </div>
  );
}
