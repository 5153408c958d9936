import type { RANGES, RangeKey } from "@/lib/metrics/query";

/**
 * Chart time ranges offered by the range picker and accepted as `?range=` by the device pages and
 * the `app/api/devices/[id]/*` series handlers. Same keys as RANGES in lib/metrics/query.ts
 * (duplicated as a list so client bundles do not import the metrics module).
 */
export const RANGE_KEYS = ["15m", "1h", "6h", "24h", "7d"] as const satisfies readonly RangeKey[];

/** Length of each range in seconds; the type pins it to RANGES in lib/metrics/query.ts. */
export const RANGE_SECONDS: typeof RANGES = { "15m": 900, "1h": 3600, "6h": 21600, "24h": 86400, "7d": 604800 };

/** The range used when `?range=` is absent or invalid. */
export const DEFAULT_RANGE: RangeKey = "1h";

/** Human labels for the picker. */
export const RANGE_LABELS: Record<RangeKey, string> = {
  "15m": "15 min",
  "1h": "1 hour",
  "6h": "6 hours",
  "24h": "24 hours",
  "7d": "7 days",
};

/** True when `value` is one of RANGE_KEYS. */
export function isRangeKey(value: unknown): value is RangeKey {
  return typeof value === "string" && (RANGE_KEYS as readonly string[]).includes(value);
}

/**
 * The range in a search-param value (`?range=6h`), or DEFAULT_RANGE for anything else (absent,
 * repeated, unknown). Lenient on purpose: a page with a bad `?range=` still renders.
 */
export function parseRange(value: string | string[] | null | undefined): RangeKey {
  return isRangeKey(value) ? value : DEFAULT_RANGE;
}
