"use client";

import type { SeriesPoint } from "@/lib/devices/detail-dto";
import { timeTickFormatter, tooltipTimes, viewerTimeZone } from "./time-axis";

const COLORS: Record<string, string> = {
  "open-encrypted": "bg-green-500",
  negotiating: "bg-amber-400",
  initializing: "bg-amber-300",
  invalid: "bg-red-600",
  disabled: "bg-slate-300",
};

type Point = SeriesPoint<"macsec-stats">;

/**
 * MACsec `status` over time as a strip of cells (one per bucket, last status in the bucket), for
 * routers whose version prints no MACsec statistics (< 7.21). Each cell's title has the local and UTC time.
 */
export function MacsecStatusStrip({ points, rangeSec }: { points: Point[]; rangeSec: number }) {
  const tick = timeTickFormatter(rangeSec);
  const changes = points.filter((p, i) => i === 0 || p.status !== points[i - 1]?.status).length;
  const first = points[0];
  const lastPoint = points.at(-1);
  const last = lastPoint?.status ?? "unknown";
  return (
    <figure className="space-y-2">
      <div
        role="img"
        aria-label={`MACsec status over time: ${changes} state(s), now ${last}`}
        className="flex h-8 w-full overflow-hidden rounded-md ring-1 ring-slate-200"
      >
        {points.map((p) => {
          const { local, utc } = tooltipTimes(p.t);
          return (
            <span key={p.t} title={`${local} (${utc}): ${p.status ?? "unknown"}`} className={`h-full flex-1 ${COLORS[p.status ?? ""] ?? "bg-slate-200"}`} />
          );
        })}
      </div>
      {first && lastPoint && (
        <div className="flex justify-between text-xs text-slate-500">
          <span>{tick(first.t)}</span>
          <span>time ({viewerTimeZone()})</span>
          <span>{tick(lastPoint.t)}</span>
        </div>
      )}
      <figcaption className="flex flex-wrap gap-3 text-xs text-slate-600">
        {Object.entries(COLORS).map(([status, color]) => (
          <span key={status} className="flex items-center gap-1">
            <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-sm ${color}`} />
            {status}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
