import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { LazySessionsChart } from "@/components/charts/lazy-charts";
import { InterfaceListsView } from "@/components/device/interface-lists-view";
import { MacServerSessionsTable } from "@/components/device/mac-server-sessions-table";
import { MacServerSettings } from "@/components/device/mac-server-settings";
import { Card, Skeleton } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { readStoredMacServerSessions } from "@/lib/devices/server";
import { getDeviceTabContext, type DeviceTabProps } from "../tab-context";

export const metadata: Metadata = { title: "MAC server" };

async function SessionsWidget({ id }: { id: string }) {
  const rows = await readStoredMacServerSessions(id);
  if (!rows) notFound();
  return <MacServerSessionsTable deviceId={id} initialRows={rows} />;
}

/** MAC server tab: settings, the interface lists (where the MAC server answers, read from the router), live sessions (`/tool/mac-server/sessions`) and the session-count chart. */
export default async function MacServerPage(props: DeviceTabProps) {
  const [{ id, range, device }, user] = await Promise.all([getDeviceTabContext(props), getCurrentUser()]);
  return (
    <div className="space-y-4">
      <Suspense fallback={<Skeleton className="h-28" />}>
        <MacServerSettings id={id} canPropose={can(user?.role, "changes.propose")} />
      </Suspense>
      <Card title="Interface lists (/interface/list, /interface/list/member)">
        <InterfaceListsView deviceId={id} />
      </Card>
      <Card title="Sessions (/tool/mac-server/sessions)">
        <Suspense fallback={<Skeleton className="h-32" />}>
          <SessionsWidget id={id} />
        </Suspense>
      </Card>
      <Card title="Sessions over time">
        <LazySessionsChart deviceId={id} range={range} pollIntervalSec={device.pollIntervalSec} />
      </Card>
    </div>
  );
}
