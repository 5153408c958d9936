import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { TrafficChart } from "@/components/charts/traffic-chart";
import { MacvlanTable } from "@/components/device/macvlan-table";
import { Card, Skeleton } from "@/components/ui/card";
import { parseRange } from "@/components/ui/range";
import { getDeviceHeader, listMacvlans } from "@/lib/data/device-detail";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const metadata: Metadata = { title: "MACVLAN" };

async function MacvlanWidget({ id }: { id: string }) {
  const rows = await listMacvlans(id);
  if (!rows) notFound();
  return <MacvlanTable deviceId={id} initialRows={rows} />;
}

/** MACVLAN tab: `/interface/macvlan` table and rx/tx bits/s per interface. */
export default async function MacvlanPage({ params, searchParams }: Props) {
  const { id } = await params;
  const range = parseRange((await searchParams).range);
  const device = await getDeviceHeader(id);
  if (!device) notFound();
  return (
    <div className="space-y-4">
      <Card title="Interfaces (/interface/macvlan)">
        <Suspense fallback={<Skeleton className="h-32" />}>
          <MacvlanWidget id={id} />
        </Suspense>
      </Card>
      <Card title="Traffic (bits/s)">
        <TrafficChart deviceId={id} range={range} pollIntervalSec={device.pollIntervalSec} />
      </Card>
    </div>
  );
}
