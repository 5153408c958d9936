import type { Metadata } from "next";
import { RouterLogFilters, RouterLogTable } from "@/components/router-logs/router-log-view";
import { Card, ErrorBox } from "@/components/ui/card";
import { parseLogQuery } from "@/lib/router-logs/log-view";
import { readDeviceLog } from "@/lib/router-logs/server";
import { getDeviceTabContext, type DeviceTabProps } from "../tab-context";

export const metadata: Metadata = { title: "Logs" };

/** Logs tab: the router's `/log` read when the page is opened or the filters are submitted (never polled), newest first, bounded. */
export default async function LogsPage(props: DeviceTabProps) {
  const { id } = await getDeviceTabContext(props);
  const q = parseLogQuery(await props.searchParams);
  const result = await readDeviceLog(id, q);
  return (
    <Card title="Router log">
      <div className="space-y-3">
        <RouterLogFilters q={q} />
        {result ? <RouterLogTable result={result} /> : <ErrorBox title="Device not found" />}
      </div>
    </Card>
  );
}
