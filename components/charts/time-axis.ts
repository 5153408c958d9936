/**
 * Time axis helpers for the device charts: ticks in the viewer's time zone, tooltips with UTC.
 * Call only in client components after mount (they read the browser's locale and zone).
 */

import { formatLocalTime, formatUtcTime } from "@/components/ui/format";

/** The viewer's IANA time zone, e.g. "Europe/Riga" (label of every time axis). */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A tick formatter for a range of `rangeSec` seconds: `14:05` up to one day, `Mar 3` beyond (ticks are then local midnights).
 * @returns (t: ms since epoch, UTC) => label in the viewer's zone
 */
export function timeTickFormatter(rangeSec: number): (t: number) => string {
  const fmt = new Intl.DateTimeFormat(undefined, rangeSec > 86_400 ? { month: "short", day: "numeric" } : { hour: "2-digit", minute: "2-digit" });
  return (t) => fmt.format(new Date(t));
}

/** `t` (ms UTC) as "local date time" and "YYYY-MM-DD HH:MM:SS UTC", for tooltips. */
export function tooltipTimes(t: number): { local: string; utc: string } {
  const d = new Date(t);
  return { local: formatLocalTime(d), utc: formatUtcTime(d) };
}

/** The x domain of a chart: the whole range ending at `endMs` (ms UTC), so gaps in sampling show. */
export function timeDomain(rangeSec: number, endMs: number): [number, number] {
  return [endMs - rangeSec * 1000, endMs];
}

/** Tick spacing per range length (s → ms): 2 min for 15 min, 10 min for 1 h, 1 h for 6 h, 3 h for 24 h, 1 day up to 7 d, 5 days up to 30 d, 30 days beyond. */
function tickStepMs(rangeSec: number): number {
  if (rangeSec <= 900) return 120_000;
  if (rangeSec <= 3600) return 600_000;
  if (rangeSec <= 21_600) return 3_600_000;
  if (rangeSec <= 86_400) return 10_800_000;
  if (rangeSec <= 604_800) return 86_400_000;
  if (rangeSec <= 2_592_000) return 5 * 86_400_000;
  return 30 * 86_400_000;
}

/**
 * Evenly spaced x ticks (ms UTC) inside `domain`, on round local times of the viewer's zone
 * (every 10 min, every hour, local midnights...). The zone offset is taken at the domain start.
 */
export function timeTicks(rangeSec: number, [from, to]: [number, number]): number[] {
  const step = tickStepMs(rangeSec);
  const offset = -new Date(from).getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

/**
 * Props of the shared time x axis (Recharts `<XAxis>`): `t` in ms since epoch (UTC), a fixed domain
 * and ticks for the range, labels in the viewer's time zone with the zone named under the axis.
 */
export function timeXAxisProps(rangeSec: number, domain: [number, number]) {
  return {
    dataKey: "t",
    type: "number" as const,
    scale: "time" as const,
    domain,
    ticks: timeTicks(rangeSec, domain),
    tickFormatter: timeTickFormatter(rangeSec),
    tick: { fontSize: 11 },
    label: { value: `time (${viewerTimeZone()})`, position: "insideBottom" as const, offset: -12, fontSize: 11 },
  };
}
