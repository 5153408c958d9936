import { Suspense } from "react";
import { LazyMetricChart } from "@/components/charts/lazy-charts";
import { DeviceCounts, DeviceFacts, PollHealth } from "@/components/device/overview-widgets";
import { Card, Skeleton } from "@/components/ui/card";
import { getDeviceTabContext, type DeviceTabProps } from "./tab-context";

/**
 * Overview tab: counts (linking to the tabs), system facts and poll health, each in its own Suspense,
 * then the CPU load (%) and memory (bytes) history from `/system/resource`.
 */
export default async function DeviceOverviewPage(props: DeviceTabProps) {
  const { id, range, device } = await getDeviceTabContext(props);
  return (
    <div className="space-y-4">
      <Suspense fallback={<Skeleton className="h-24" />}>
        <DeviceCounts id={id} range={range} />
      </Suspense>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Suspense fallback={<Skeleton className="h-56" />}>
          <DeviceFacts id={id} />
        </Suspense>
        <Suspense fallback={<Skeleton className="h-56" />}>
          <PollHealth id={id} />
        </Suspense>
        <Card title="CPU load (/system/resource)">
          <LazyMetricChart
            deviceId={id}
            metric="cpu-load"
            fields={["cpuLoad"]}
            range={range}
            pollIntervalSec={device.pollIntervalSec}
            testId="chart-cpu-load"
            yMax={100}
          />
        </Card>
        <Card title="Memory (/system/resource)">
          <LazyMetricChart
            deviceId={id}
            metric="memory"
            fields={["usedMemory", "totalMemory"]}
            range={range}
            pollIntervalSec={device.pollIntervalSec}
            testId="chart-memory"
          />
        </Card>
      </div>
    </div>
  );
}
