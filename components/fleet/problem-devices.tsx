"use client";

import Link from "next/link";
import { useLiveJson } from "@/components/charts/use-live-json";
import { Card, EmptyState } from "@/components/ui/card";
import { LiveStatus } from "@/components/ui/live-status";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import type { TimedRows } from "@/lib/status/types";
import { fleetApi, fleetKeys } from "@/lib/query-keys";
import { DEVICE_PROBLEM_LABELS, type FleetProblem } from "@/lib/status/types";

/** What is wrong, in words: the problem kinds, with the MACsec links not secured on an up device. */
function problemText(p: FleetProblem): string {
  return p.problems
    .map((kind) =>
      kind === "macsec-not-secured"
        ? `${DEVICE_PROBLEM_LABELS[kind]}: ${p.insecureMacsec.map((l) => `${l.name} ${l.status ?? "status unknown"}`).join(", ")}`
        : DEVICE_PROBLEM_LABELS[kind],
    )
    .join(" · ");
}

/**
 * Devices with problems (the status page's definition: down, unauthorized, not polled yet, poll
 * overdue, MACsec link not secured) with what is wrong, the poller's last error and a link to each
 * device; refreshed every 10 s from GET /api/fleet/problems.
 */
export function ProblemDevices({ initial }: { initial: TimedRows<FleetProblem> }) {
  const { data: live, error, dataUpdatedAt } = useLiveJson(fleetKeys.problems(), fleetApi.problems, initial, Date.parse(initial.generatedAt));
  const data = live.rows;
  return (
    <Card title={`Devices with problems${data.length ? ` (${data.length})` : ""}`}>
      {data.length === 0 ? (
        <EmptyState title="No problems">Every enabled device answered its last poll and every MACsec link is secured.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="problem-devices">
          {data.map((p) => (
            <li key={p.id} className="py-2" data-testid="problem-device" data-device={p.name} data-problems={p.problems.join(" ")}>
              <div className="flex items-center justify-between gap-3">
                <Link href={`/devices/${p.id}`} className="font-medium text-brand hover:underline">
                  {p.name}
                </Link>
                <StatusBadge status={p.status} />
              </div>
              <p className="mt-0.5 text-xs text-slate-700">{problemText(p)}</p>
              <p className="mt-0.5 text-xs text-slate-500">
                {p.site} · last OK <Time value={p.lastOkAt} relative /> · last poll <Time value={p.lastPollAt} relative />
              </p>
              {p.lastError && (
                <p className="mt-1 truncate font-mono text-xs text-red-700" title={p.lastError}>
                  {p.lastError}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <LiveStatus updatedAt={dataUpdatedAt} error={error} className="mt-3" />
    </Card>
  );
}
