"use client";

import type { TooltipContentProps } from "recharts";
import { tooltipTimes } from "./time-axis";

/** A value as the tooltip shows it: a number formatted, a `[min, max]` band as "min – max", anything else "n/a". */
function formatEntry(value: unknown, formatValue: (value: number) => string): string {
  if (typeof value === "number") return formatValue(value);
  if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "number") return `${formatValue(value[0])} – ${formatValue(value[1])}`;
  return "n/a";
}

/**
 * Tooltip of the device charts: the point's time in the viewer's zone and in UTC, then each series'
 * exact value formatted with its unit (`formatValue`); a null value (unknown, or no sample in a gap)
 * reads "n/a"; a min–max band reads "min – max". Charts pass `filterNull={false}` to their Recharts `Tooltip` so null entries reach it.
 */
export function SeriesTooltip({
  active,
  payload,
  label,
  formatValue,
}: Pick<TooltipContentProps, "active" | "payload" | "label"> & { formatValue: (value: number) => string }) {
  if (!active || !payload || payload.length === 0 || typeof label !== "number") return null;
  const { local, utc } = tooltipTimes(label);
  return (
    <div className="rounded-md border border-slate-200 bg-white/95 px-3 py-2 text-xs shadow-md">
      <p className="font-medium text-slate-700">{local}</p>
      <p className="mb-1 text-slate-500">{utc}</p>
      <ul className="space-y-0.5">
        {payload.map((entry) => (
          <li key={String(entry.dataKey ?? entry.name)} className="flex items-center justify-between gap-4">
            <span className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block h-2 w-2 rounded-full" style={{ backgroundColor: entry.color }} />
              {entry.name}
            </span>
            <span className="font-mono tabular-nums">{formatEntry(entry.value, formatValue)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
