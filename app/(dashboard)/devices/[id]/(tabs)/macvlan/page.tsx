import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { LazyMetricChart } from "@/components/charts/lazy-charts";
import { MacvlanParentsView } from "@/components/device/macvlan-parents-view";
import { MacvlanTable } from "@/components/device/macvlan-table";
import { Card, Skeleton } from "@/components/ui/card";
import { readStoredMacvlans } from "@/lib/devices/server";
import { getDeviceTabContext, type DeviceTabProps } from "../tab-context";

export const metadata: Metadata = { title: "MACVLAN" };

async function MacvlanWidget({ id }: { id: string }) {
  const rows = await readStoredMacvlans(id);
  if (!rows) notFound();
  return <MacvlanTable deviceId={id} initialRows={rows} />;
}

/** MACVLAN tab: `/interface/macvlan` table, the parents' `/interface` rows (read from the router) and rx/tx bits/s per interface. */
export default async function MacvlanPage(props: DeviceTabProps) {
  const { id, range, device } = await getDeviceTabContext(props);
  return (
    <div className="space-y-4">
      <Card title="Interfaces (/interface/macvlan)">
        <Suspense fallback={<Skeleton className="h-32" />}>
          <MacvlanWidget id={id} />
        </Suspense>
      </Card>
      <Card title="Parent interfaces (/interface)">
        <MacvlanParentsView deviceId={id} />
      </Card>
      <Card title="Traffic (bits/s)">
        <LazyMetricChart
          deviceId={id}
          metric="macvlan-traffic"
          fields={["rxBitsPerSecond", "txBitsPerSecond"]}
          range={range}
          pollIntervalSec={device.pollIntervalSec}
          testId="chart-macvlan"
        />
      </Card>
    </div>
  );
}
