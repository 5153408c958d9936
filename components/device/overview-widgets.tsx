import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { formatBytes, formatDuration, formatPercent } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { getDeviceOverview } from "@/lib/devices/server";
import type { RangeKey } from "@/lib/metrics/ranges";
import { FactList } from "./fact-list";

/** System facts read by the poller (`/system/identity`, `/system/resource`, `/system/routerboard`). Async server component. */
export async function DeviceFacts({ id }: { id: string }) {
  const d = await getDeviceOverview(id);
  if (!d) notFound();
  const used = d.totalMemory !== null && d.freeMemory !== null ? d.totalMemory - d.freeMemory : null;
  const percent = formatPercent(used, d.totalMemory);
  return (
    <Card title="System">
      <FactList
        testId="device-facts"
        facts={[
          { label: "Identity", value: d.identity },
          { label: "Board", value: d.boardName },
          { label: "Model", value: d.model },
          { label: "Serial number", value: d.serialNumber, mono: true },
          { label: "Architecture", value: d.architecture },
          { label: "RouterOS version", value: d.version },
          { label: "Uptime", value: d.uptimeSec === null ? null : <span title={`${d.uptimeSec} s`}>{formatDuration(d.uptimeSec)}</span> },
          { label: "CPU load", value: d.cpuLoad === null ? null : `${d.cpuLoad}%` },
          {
            label: "Memory used / total",
            value: used === null || d.totalMemory === null ? null : `${formatBytes(used)} / ${formatBytes(d.totalMemory)}${percent ? ` (${percent})` : ""}`,
          },
        ]}
      />
    </Card>
  );
}

/** Poll health: status, last poll, last OK poll, poll duration and the last error in full. Async server component. */
export async function PollHealth({ id }: { id: string }) {
  const d = await getDeviceOverview(id);
  if (!d) notFound();
  return (
    <Card title="Polling">
      <div className="space-y-4">
        <FactList
          testId="poll-health"
          facts={[
            { label: "Status", value: <StatusBadge status={d.status} /> },
            { label: "Last poll", value: <Time value={d.lastPollAt} relative /> },
            { label: "Last OK poll", value: <Time value={d.lastOkAt} relative /> },
            { label: "Poll duration", value: d.lastPollMs === null ? null : `${d.lastPollMs.toLocaleString("en-US")} ms` },
            ...(d.lastError ? [] : [{ label: "Last error", value: "none" }]),
          ]}
        />
        {d.lastError && (
          <div>
            <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">Last error</h3>
            <pre
              className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-words rounded-md bg-red-50 p-3 font-mono text-xs text-red-900"
              data-testid="device-last-error"
            >
              {d.lastError}
            </pre>
          </div>
        )}
      </div>
    </Card>
  );
}

/** Counts of MAC server sessions, MACVLANs and MACsec links, each linking to its tab. Async server component. */
export async function DeviceCounts({ id, range }: { id: string; range: RangeKey }) {
  const d = await getDeviceOverview(id);
  if (!d) notFound();
  const base = `/devices/${encodeURIComponent(id)}`;
  // Link names ("3 sessions") leave out the tab names so a link named "MACVLAN" etc. stays unique (the tabs).
  const items = [
    { title: "MAC server", noun: ["session", "sessions"], count: d.counts.sessions, href: `${base}/mac-server?range=${range}` },
    { title: "MACVLAN", noun: ["interface", "interfaces"], count: d.counts.macvlans, href: `${base}/macvlan?range=${range}` },
    { title: "MACsec", noun: ["link", "links"], count: d.counts.macsecs, href: `${base}/macsec?range=${range}` },
  ] as const;
  return (
    <ul className="grid grid-cols-1 gap-4 sm:grid-cols-3" data-testid="device-counts">
      {items.map((i) => (
        <li key={i.title} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{i.title}</p>
          <Link href={i.href} className="mt-1 block text-slate-900 hover:text-brand">
            <span className="text-2xl font-semibold tabular-nums">{i.count}</span>{" "}
            <span className="text-sm text-slate-600">{i.count === 1 ? i.noun[0] : i.noun[1]} →</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
