/**
 * Chart time ranges: the one list used by the range picker, the device pages (`?range=`), the series
 * route's params and the chart queries (lib/metrics/query.ts). Client-safe: no server import.
 */

/** The chart ranges, shortest first (the picker's order; a zod enum in the route params). */
export const RANGE_KEYS = ["15m", "1h", "6h", "24h", "7d", "30d", "1y"] as const;

/** One of {@link RANGE_KEYS}. */
export type RangeKey = (typeof RANGE_KEYS)[number];

/** Length of each range in seconds. */
export const RANGES: Readonly<Record<RangeKey, number>> = {
  "15m": 900,
  "1h": 3600,
  "6h": 21600,
  "24h": 86400,
  "7d": 604800,
  "30d": 2_592_000,
  "1y": 31_536_000,
};

/** The range used when `?range=` is absent or invalid. */
export const DEFAULT_RANGE: RangeKey = "1h";

/** Human labels for the picker. */
export const RANGE_LABELS: Record<RangeKey, string> = {
  "15m": "15 min",
  "1h": "1 hour",
  "6h": "6 hours",
  "24h": "24 hours",
  "7d": "7 days",
  "30d": "30 days",
  "1y": "1 year (365 days)",
};

/** True when `value` is one of {@link RANGE_KEYS}. */
export function isRangeKey(value: unknown): value is RangeKey {
  return typeof value === "string" && (RANGE_KEYS as readonly string[]).includes(value);
}

/**
 * The range in a search-param value (`?range=6h`), or {@link DEFAULT_RANGE} for anything else (absent,
 * repeated, unknown). Lenient on purpose: a page with a bad `?range=` still renders.
 */
export function parseRange(value: string | string[] | null | undefined): RangeKey {
  return isRangeKey(value) ? value : DEFAULT_RANGE;
}
