"use client";

import Link from "next/link";
import { useLiveJson } from "@/components/charts/use-live-json";
import { Card, EmptyState } from "@/components/ui/card";
import { LiveStatus } from "@/components/ui/live-status";
import { Time } from "@/components/ui/time";
import { SeverityBadge } from "@/components/status/severity-badge";
import { fleetApi, fleetKeys } from "@/lib/query-keys";
import type { FiringAlert, FleetProblems as FleetProblemsData } from "@/lib/status/types";

/** /alerts filtered to this alert's device and rule, in the view it is in (firing, or acknowledged). */
function alertsHref(a: FiringAlert): string {
  const params = new URLSearchParams({ view: a.acknowledged ? "acknowledged" : "firing", deviceId: a.device.id, ruleId: a.rule.id });
  return `/alerts?${params.toString()}`;
}

/**
 * The overview's problems: the fleet's firing alerts (severity, rule, device, interface or MAC, site, since when,
 * acknowledged or silenced), the most severe first, each linking to /alerts filtered to it; "No problems" only when
 * no alert is firing. Refreshed every 10 s from GET /api/fleet/problems.
 */
export function FleetProblems({ initial }: { initial: FleetProblemsData }) {
  const { data, error, dataUpdatedAt } = useLiveJson(fleetKeys.problems(), fleetApi.problems, initial, Date.parse(initial.generatedAt));
  return (
    <Card title={`Problems${data.total ? ` (${data.total} firing)` : ""}`}>
      {data.rows.length === 0 ? (
        <EmptyState title="No problems">No alert is firing. Alert rules are evaluated after each poll.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="fleet-problems">
          {data.rows.map((a) => (
            <li key={a.id} className="py-2" data-testid="fleet-problem" data-device={a.device.name} data-rule={a.rule.name}>
              <div className="flex items-center justify-between gap-3">
                <Link href={alertsHref(a)} className="font-medium text-brand hover:underline">
                  {a.rule.name}
                </Link>
                <SeverityBadge severity={a.rule.severity} />
              </div>
              <p className="mt-0.5 text-xs text-slate-700">
                <Link href={`/devices/${a.device.id}`} className="font-medium hover:underline">
                  {a.device.name}
                </Link>
                {a.subject && <span className="ml-1 font-mono">{a.subject}</span>}
                {` · ${a.site.name}`}
              </p>
              <p className="mt-0.5 text-xs text-slate-500">
                since <Time value={a.firedAt} relative />
                {a.acknowledged && " · acknowledged"}
                {a.silenced && " · silenced"}
              </p>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-3 text-xs">
        <Link href="/alerts?view=firing" className="text-brand hover:underline">
          {data.total > data.rows.length ? `All ${data.total} firing alerts` : "All alerts"}
        </Link>
      </p>
      <LiveStatus updatedAt={dataUpdatedAt} error={error} className="mt-1" />
    </Card>
  );
}
