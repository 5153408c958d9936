import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { LazyMacsecChart, LazyMetricChart } from "@/components/charts/lazy-charts";
import { MacsecTable } from "@/components/device/macsec-table";
import { Card, Skeleton } from "@/components/ui/card";
import { readStoredMacsecs } from "@/lib/devices/server";
import type { RangeKey } from "@/lib/metrics/ranges";
import { getDeviceTabContext, type DeviceTabProps } from "../tab-context";

export const metadata: Metadata = { title: "MACsec" };

async function MacsecWidgets({ id, range, pollIntervalSec, version }: { id: string; range: RangeKey; pollIntervalSec: number; version: string | null }) {
  const table = await readStoredMacsecs(id);
  if (!table) notFound();
  return (
    <>
      <Card title="Links (/interface/macsec)">
        <MacsecTable deviceId={id} initial={table} />
      </Card>
      <Card title="Counters (packets/s)">
        <LazyMacsecChart deviceId={id} range={range} pollIntervalSec={pollIntervalSec} statsSupported={table.statsSupported} version={version} />
      </Card>
      <Card title="Traffic (bits/s, /interface counters)">
        <LazyMetricChart
          deviceId={id}
          metric="macsec-traffic"
          fields={["rxBitsPerSecond", "txBitsPerSecond"]}
          range={range}
          pollIntervalSec={pollIntervalSec}
          testId="chart-macsec-traffic"
        />
      </Card>
    </>
  );
}

/**
 * MACsec tab: `/interface/macsec` links (no CAK), IEEE 802.1AE counter rates (or status only before
 * RouterOS 7.21) and each link's rx/tx bits/s from its `/interface` counters (works on every version).
 */
export default async function MacsecPage(props: DeviceTabProps) {
  const { id, range, device } = await getDeviceTabContext(props);
  return (
    <div className="space-y-4">
      <Suspense fallback={<Skeleton className="h-64" />}>
        <MacsecWidgets id={id} range={range} pollIntervalSec={device.pollIntervalSec} version={device.version} />
      </Suspense>
    </div>
  );
}
