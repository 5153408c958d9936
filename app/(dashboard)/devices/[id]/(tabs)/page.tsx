import { Suspense } from "react";
import { DeviceCounts, DeviceFacts, PollHealth } from "@/components/device/overview-widgets";
import { Skeleton } from "@/components/ui/card";
import { parseRange } from "@/components/ui/range";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Overview tab: counts (linking to the tabs), system facts and poll health, each in its own Suspense. */
export default async function DeviceOverviewPage({ params, searchParams }: Props) {
  const { id } = await params;
  const range = parseRange((await searchParams).range);
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
      </div>
    </div>
  );
}
