/**
 * Unit formatting shared by server and client components (no React, no Node APIs).
 * Rates: bits/s with SI (decimal) prefixes as RouterOS prints `rx-bits-per-second`; packets/s;
 * byte sizes with IEC (binary) prefixes as `/system/resource` memory is usually read; durations in
 * the compact `1d 2h` style.
 */

const SI_PREFIXES = ["", "k", "M", "G", "T", "P"] as const;
const IEC_PREFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi"] as const;

/** A unit scale for a chart axis: divide raw values by `divisor` and label the axis with `unit`. */
export interface UnitScale {
  /** e.g. "Mbit/s" */
  unit: string;
  /** e.g. 1e6 */
  divisor: number;
}

function siExponent(value: number): number {
  const abs = Math.abs(value);
  if (!Number.isFinite(abs) || abs < 1000) return 0;
  return Math.min(SI_PREFIXES.length - 1, Math.floor(Math.log10(abs) / 3));
}

function trimNumber(value: number, maxFractionDigits: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? Math.min(1, maxFractionDigits) : maxFractionDigits;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, useGrouping: false });
}

/**
 * The SI scale for a set of bits/s values, chosen from the largest: 0..999 → "bit/s", then
 * "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s". Used for the y axis of traffic charts.
 * @param maxBitsPerSecond the largest value on the axis (bits/s); non-finite or ≤ 0 gives "bit/s"
 */
export function bitRateScale(maxBitsPerSecond: number): UnitScale {
  const exp = siExponent(maxBitsPerSecond);
  return { unit: `${SI_PREFIXES[exp]}bit/s`, divisor: 10 ** (exp * 3) };
}

/**
 * The SI scale for packets/s values: "packets/s", "kpackets/s", "Mpackets/s".
 * @param maxPacketsPerSecond the largest value on the axis (packets/s)
 */
export function packetRateScale(maxPacketsPerSecond: number): UnitScale {
  const exp = siExponent(maxPacketsPerSecond);
  return { unit: `${SI_PREFIXES[exp]}packets/s`, divisor: 10 ** (exp * 3) };
}

/**
 * A bit rate with an SI prefix: 0 → "0 bit/s", 1234 → "1.23 kbit/s", 12_345_678 → "12.3 Mbit/s".
 * @param bitsPerSecond bits per second (not bytes)
 */
export function formatBitRate(bitsPerSecond: number): string {
  if (!Number.isFinite(bitsPerSecond)) return "–";
  const { unit, divisor } = bitRateScale(bitsPerSecond);
  return `${trimNumber(bitsPerSecond / divisor, 2)} ${unit}`;
}

/**
 * A packet rate: 0.5 → "0.5 packets/s", 1500 → "1.5 kpackets/s".
 * @param packetsPerSecond packets per second
 */
export function formatPacketRate(packetsPerSecond: number): string {
  if (!Number.isFinite(packetsPerSecond)) return "–";
  const { unit, divisor } = packetRateScale(packetsPerSecond);
  return `${trimNumber(packetsPerSecond / divisor, 2)} ${unit}`;
}

/**
 * A byte count with an IEC prefix: 512 → "512 B", 1536 → "1.5 KiB", 268435456 → "256 MiB".
 * @param bytes a byte count (number; convert bigint counters before calling)
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "–";
  const abs = Math.abs(bytes);
  const exp = abs < 1024 ? 0 : Math.min(IEC_PREFIXES.length - 1, Math.floor(Math.log2(abs) / 10));
  return `${trimNumber(bytes / 1024 ** exp, 2)} ${IEC_PREFIXES[exp]}B`;
}

/**
 * A duration as its two largest units: 0 → "0s", 59 → "59s", 3725 → "1h 2m", 93_600 → "1d 2h",
 * 1_300_000 → "15d 1h". Fractions of a second are dropped; negatives count as 0.
 * @param seconds a duration in seconds (e.g. RouterOS `uptime` parsed with parseRouterOsDuration)
 */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
  }
  const [first = "0s", second] = parts;
  return second && second !== `0${second.slice(-1)}` ? `${first} ${second}` : first;
}

/** A percentage of used over total, one decimal: (768, 1024) → "75%"; null when total is 0 or unknown. */
export function formatPercent(used: number | null, total: number | null): string | null {
  if (used === null || total === null || total <= 0) return null;
  return `${trimNumber((used / total) * 100, 1)}%`;
}

/**
 * A long hexadecimal identifier shortened for a table cell: the first 8 and last 4 characters
 * (`0123abcd…cdef`). MACsec CKNs are 64 hex digits; shorter values are returned as they are.
 */
export function shortenHex(value: string, head = 8, tail = 4): string {
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`;
}

/**
 * A moment as the UTC time every page shows on hover: "YYYY-MM-DD HH:MM:SS UTC" (seconds precision).
 * @param date a valid Date (an invalid one makes toISOString throw RangeError)
 */
export function formatUtcTime(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

/**
 * A moment in the viewer's locale and time zone, medium date and time (e.g. "Nov 21, 2026, 12:00:05 PM").
 * Differs between server and browser: call it in client code after hydration.
 */
export function formatLocalTime(date: Date): string {
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

const MINUTES_IN_DAY = 1_440;
const MINUTES_IN_MONTH = 43_200;
const MINUTES_IN_YEAR = 525_600;

/**
 * How long ago (or in how long) `date` is from `now`, in English: "5 minutes ago", "in 1 hour", "0 seconds ago".
 * The wording and thresholds of date-fns `formatDistanceToNowStrict(date, { addSuffix: true })` (en-US), without
 * loading date-fns in the browser: one unit, rounded half up: seconds under a minute, minutes under an hour, hours
 * under a day, days under 30 days, months (30 days) under 365 days (12 months read "1 year"), then years (365 days).
 */
export function formatRelativeTime(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime();
  const minutes = Math.abs(ms) / 60_000;
  let value: number;
  let unit: "second" | "minute" | "hour" | "day" | "month" | "year";
  if (minutes < 1) [value, unit] = [Math.round(Math.abs(ms) / 1000), "second"];
  else if (minutes < 60) [value, unit] = [Math.round(minutes), "minute"];
  else if (minutes < MINUTES_IN_DAY) [value, unit] = [Math.round(minutes / 60), "hour"];
  else if (minutes < MINUTES_IN_MONTH) [value, unit] = [Math.round(minutes / MINUTES_IN_DAY), "day"];
  else if (minutes < MINUTES_IN_YEAR) {
    const months = Math.round(minutes / MINUTES_IN_MONTH);
    [value, unit] = months === 12 ? [1, "year"] : [months, "month"];
  } else [value, unit] = [Math.round(minutes / MINUTES_IN_YEAR), "year"];
  const text = `${value} ${unit}${value === 1 ? "" : "s"}`;
  return ms > 0 ? `in ${text}` : `${text} ago`;
}
