import { notFound } from "next/navigation";
import { parseRange } from "@/lib/metrics/ranges";
import { getDeviceHeader } from "@/lib/devices/server";

/** The props Next passes to a device tab page. */
export type DeviceTabProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * What every chart tab needs: the device id, the chart range from `?range=` (default 1h) and the device
 * header (authorized by getDeviceHeader: devices.read). Unknown ids end in the device not-found page.
 */
export async function getDeviceTabContext({ params, searchParams }: DeviceTabProps) {
  const { id } = await params;
  const range = parseRange((await searchParams).range);
  const device = await getDeviceHeader(id);
  if (!device) notFound();
  return { id, range, device };
}
