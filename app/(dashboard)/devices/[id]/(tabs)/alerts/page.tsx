import type { Metadata } from "next";
import Link from "next/link";
import { DeviceAlertsTable } from "@/components/alerts/device-alerts";
import { Card, EmptyState } from "@/components/ui/card";
import { listDeviceAlerts } from "@/lib/alerts/server";
import { DEVICE_ALERT_LIMITS } from "@/lib/alerts/views";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getDeviceTabContext, type DeviceTabProps } from "../tab-context";

export const metadata: Metadata = { title: "Alerts" };

/**
 * Alerts tab: the device's open alerts (firing first, then pending; the most severe first) with acknowledge and silence
 * for operators (alerts.acknowledge), then its most recently resolved alerts, with who acknowledged each and the note.
 * Permission: alerts.read (every role).
 */
export default async function DeviceAlertsPage(props: DeviceTabProps) {
  const user = await requirePagePermission("alerts.read");
  const { id } = await getDeviceTabContext(props);
  const { open, resolved } = await listDeviceAlerts(id);
  const canAcknowledge = can(user.role, "alerts.acknowledge");
  const deviceAlerts = `/alerts?deviceId=${encodeURIComponent(id)}`;
  return (
    <div className="space-y-4">
      <Card
        title={`Open alerts${open.length ? ` (${open.length})` : ""}`}
        actions={
          <Link href={deviceAlerts} className="text-xs text-brand hover:underline">
            On the alerts page
          </Link>
        }
      >
        <div data-testid="device-alerts-open">
          {open.length === 0 ? (
            <EmptyState title="No open alerts">No alert rule&apos;s condition holds for this device now.</EmptyState>
          ) : (
            <DeviceAlertsTable rows={open} caption="Open alerts of this device, firing first" canAcknowledge={canAcknowledge} />
          )}
        </div>
      </Card>
      <Card title={`Recently resolved (last ${DEVICE_ALERT_LIMITS.resolved})`}>
        <div data-testid="device-alerts-resolved">
          {resolved.length === 0 ? (
            <p className="text-sm text-slate-500">No resolved alerts.</p>
          ) : (
            <DeviceAlertsTable rows={resolved} caption="Recently resolved alerts of this device, newest first" canAcknowledge={false} />
          )}
        </div>
      </Card>
    </div>
  );
}
