import type { Metadata } from "next";
import { LoggingShortcut, RouterLogFilters, RouterLogTable } from "@/components/router-logs/router-log-view";
import { Card, ErrorBox } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { parseLogQuery } from "@/lib/router-logs/log-view";
import { readDeviceLog } from "@/lib/router-logs/server";
import { getDeviceTabContext, type DeviceTabProps } from "../tab-context";

export const metadata: Metadata = { title: "Logs" };

/**
 * Logs tab: the router's `/log` read when the page is opened or the filters are submitted (never polled), newest first,
 * bounded; the topic list says which topics the router logs, and a topic it does not log offers "Turn on logging for this
 * topic" (a `logging.add` proposal) to viewers with `changes.propose`.
 */
export default async function LogsPage(props: DeviceTabProps) {
  const [{ id }, user] = await Promise.all([getDeviceTabContext(props), getCurrentUser()]);
  const q = parseLogQuery(await props.searchParams);
  const result = await readDeviceLog(id, q);
  const loggedTopics = result?.ok ? result.view.loggedTopics : null;
  return (
    <Card title="Router log">
      <div className="space-y-3">
        <RouterLogFilters q={q} loggedTopics={loggedTopics} />
        {loggedTopics && <LoggingShortcut deviceId={id} topic={q.topic} loggedTopics={loggedTopics} canPropose={can(user?.role, "changes.propose")} />}
        {result ? <RouterLogTable result={result} /> : <ErrorBox title="Device not found" />}
      </div>
    </Card>
  );
}
