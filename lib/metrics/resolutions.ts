/**
 * Stored resolutions of MetricSample and the one rule that picks what a chart range reads. Client-safe:
 * constants and pure functions only (the chart names the resolution it shows).
 */
import { RANGES, type RangeKey } from "./ranges";

/** `resolution` of a raw poll sample. */
export const RAW_RESOLUTION = 0;
/** `resolution` (bucket width, s) of a 5-minute rollup, built from raw samples. */
export const FIVE_MINUTE_SEC = 300;
/** `resolution` (bucket width, s) of a 1-hour rollup, built from the 5-minute rollups. */
export const HOURLY_SEC = 3600;
/**
 * `resolution` (bucket width, s) of a 1-day rollup (UTC days), built from the 1-hour rollups and kept as long as
 * they are: a year chart then reads 365 rows per series instead of 8,760 (bench/charts.ts measured p95 837 ms for
 * 1 y read from hourly rows).
 */
export const DAILY_SEC = 86_400;

/** A stored `MetricSample.resolution`. */
export type StoredResolution = typeof RAW_RESOLUTION | typeof FIVE_MINUTE_SEC | typeof HOURLY_SEC | typeof DAILY_SEC;

/** Upper bound of points per series of a chart. */
export const MAX_POINTS = 500;

/** Chart bucket widths (s) that read well on a time axis, ascending. */
const NICE_STEPS_SEC = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** What a chart of one range reads and how it downsamples. */
export type ChartResolution = {
  /** The stored resolution read first (newer rows of finer resolutions fill in after its newest bucket). */
  source: StoredResolution;
  /** Width (s) of the buckets the rows are averaged into: the points' spacing. */
  bucketSec: number;
};

/**
 * The resolution rule of every chart (the one place it is written):
 * - source: raw samples up to 6 h, 5-minute rollups up to 24 h, 1-hour rollups up to 30 d, 1-day rollups
 *   beyond (1 y), so a query reads at most about 720 rows per series;
 * - bucket: the smallest step of {@link NICE_STEPS_SEC} that is at least the source's width and gives at
 *   most {@link MAX_POINTS} buckets over the range.
 *
 * | range | source | bucket | points (at most) |
 * | 15m | raw | 5 s | 180 (one per poll) |
 * | 1h | raw | 10 s | 360 (60 at a 60 s poll) |
 * | 6h | raw | 60 s | 360 |
 * | 24h | 5-minute | 5 min | 288 |
 * | 7d | 1-hour | 1 h | 168 |
 * | 30d | 1-hour | 2 h | 360 |
 * | 1y | 1-day | 1 day (UTC) | 365 |
 */
export function chartResolution(range: RangeKey): ChartResolution {
  const seconds = RANGES[range];
  const source: StoredResolution =
    seconds <= RANGES["6h"] ? RAW_RESOLUTION : seconds <= RANGES["24h"] ? FIVE_MINUTE_SEC : seconds <= RANGES["30d"] ? HOURLY_SEC : DAILY_SEC;
  const wanted = Math.max(source, Math.ceil(seconds / MAX_POINTS));
  return { source, bucketSec: NICE_STEPS_SEC.find((s) => s >= wanted) ?? wanted };
}

const LABELS: Record<StoredResolution, string> = {
  [RAW_RESOLUTION]: "raw samples",
  [FIVE_MINUTE_SEC]: "5-minute rollups",
  [HOURLY_SEC]: "1-hour rollups",
  [DAILY_SEC]: "1-day rollups",
};

/** Human name of a stored resolution, for the chart's caption ("raw samples", "5-minute rollups", "1-hour rollups", "1-day rollups"). */
export function resolutionLabel(resolution: StoredResolution): string {
  return LABELS[resolution];
}
