/**
 * Time axis helpers for the device charts: ticks in the viewer's time zone, tooltips with UTC.
 * Call only in client components after mount (they read the browser's locale and zone).
 */

/** The viewer's IANA time zone, e.g. "Europe/Riga" (label of every time axis). */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A tick formatter for a range of `rangeSec` seconds: `14:05` up to one day, `Mar 3 14:05` beyond.
 * @returns (t: ms since epoch, UTC) => label in the viewer's zone
 */
export function timeTickFormatter(rangeSec: number): (t: number) => string {
  const withDate = rangeSec > 86_400;
  const fmt = new Intl.DateTimeFormat(undefined, withDate ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit" });
  return (t) => fmt.format(new Date(t));
}

/** `t` (ms UTC) as "local date time" and "YYYY-MM-DD HH:MM:SS UTC", for tooltips. */
export function tooltipTimes(t: number): { local: string; utc: string } {
  const d = new Date(t);
  return {
    local: d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }),
    utc: `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`,
  };
}

/** The x domain of a chart: the whole range ending at `endMs` (ms UTC), so gaps in sampling show. */
export function timeDomain(rangeSec: number, endMs: number): [number, number] {
  return [endMs - rangeSec * 1000, endMs];
}
