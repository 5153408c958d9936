"use client";

import Link from "next/link";
import { useLiveJson } from "@/components/charts/use-live-json";
import { Card, EmptyState } from "@/components/ui/card";
import { LiveStatus } from "@/components/ui/live-status";
import { formatBitRate } from "@/components/ui/format";
import type { TimedRows, TopTalker } from "@/lib/status/types";
import { fleetApi, fleetKeys } from "@/lib/query-keys";

/**
 * The fleet's busiest MACVLAN interfaces (rx, tx and total in bits/s, from each interface's latest
 * poll), with a bar relative to the busiest; refreshed every 10 s from GET /api/fleet/top-talkers.
 */
export function TopTalkers({ initial }: { initial: TimedRows<TopTalker> }) {
  const { data: live, error, dataUpdatedAt } = useLiveJson(fleetKeys.topTalkers(), fleetApi.topTalkers, initial, Date.parse(initial.generatedAt));
  const data = live.rows;
  const max = Math.max(1, ...data.map((t) => t.rxBitsPerSecond + t.txBitsPerSecond));
  return (
    <Card title="Top MACVLAN talkers">
      {data.length === 0 ? (
        <EmptyState title="No recent MACVLAN traffic">No MACVLAN interface reported traffic in the last 5 minutes.</EmptyState>
      ) : (
        <table className="w-full text-sm" data-testid="top-talkers">
          <caption className="sr-only">Busiest MACVLAN interfaces by received plus transmitted bits per second</caption>
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="pb-2 font-medium">
                Device / interface
              </th>
              <th scope="col" className="pb-2 text-right font-medium">
                Rx
              </th>
              <th scope="col" className="pb-2 text-right font-medium">
                Tx
              </th>
              <th scope="col" className="w-1/4 pb-2 pl-3 font-medium">
                Total
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.map((t) => {
              const total = t.rxBitsPerSecond + t.txBitsPerSecond;
              return (
                <tr key={`${t.deviceId}/${t.interface}`}>
                  <td className="py-1.5">
                    <Link href={`/devices/${t.deviceId}`} className="font-medium text-brand hover:underline">
                      {t.deviceName}
                    </Link>
                    <span className="ml-1 font-mono text-xs text-slate-500">{t.interface}</span>
                  </td>
                  <td className="py-1.5 text-right tabular-nums">{formatBitRate(t.rxBitsPerSecond)}</td>
                  <td className="py-1.5 text-right tabular-nums">{formatBitRate(t.txBitsPerSecond)}</td>
                  <td className="py-1.5 pl-3">
                    <div className="flex items-center gap-2">
                      <div className="h-2 flex-1 rounded bg-slate-100" aria-hidden="true">
                        <div className="h-2 rounded bg-brand" style={{ width: `${(total / max) * 100}%` }} />
                      </div>
                      <span className="w-20 text-right text-xs tabular-nums text-slate-600">{formatBitRate(total)}</span>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <LiveStatus updatedAt={dataUpdatedAt} error={error} className="mt-3" />
    </Card>
  );
}
