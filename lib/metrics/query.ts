import "server-only";
import type { Db } from "../db-client";
import { aggregateBuckets } from "./buckets";
import { fieldNames, type FieldOf, type MetricId } from "./descriptors";
import { RANGES, type RangeKey } from "./ranges";
import { chartResolution, DAILY_SEC, FIVE_MINUTE_SEC, HOURLY_SEC, RAW_RESOLUTION, type StoredResolution } from "./resolutions";
import { readSeriesRows, rowStats } from "./sample-store";

type Timed = { ts: number };

/**
 * Reads the rows of [from, to] starting at resolution `source`, then each finer stored resolution after the
 * newest row read so far (the buckets not rolled up yet: the last hour of 5-minute rows, the last minutes of
 * raw ones, or everything when no rollup exists yet). Rows come back oldest resolution first.
 */
async function readChain<R extends Timed>(
  source: StoredResolution,
  from: number,
  to: number,
  read: (resolution: StoredResolution, from: number, to: number) => Promise<R[]>,
): Promise<R[]> {
  const chain = ([DAILY_SEC, HOURLY_SEC, FIVE_MINUTE_SEC, RAW_RESOLUTION] as const).filter((r) => r <= source);
  const rows: R[] = [];
  let start = from;
  for (const resolution of chain) {
    const part = await read(resolution, start, to);
    let newest = Number.NEGATIVE_INFINITY;
    for (const row of part) {
      rows.push(row);
      newest = Math.max(newest, row.ts);
    }
    if (Number.isFinite(newest)) start = newest + resolution * 1000;
  }
  return rows;
}

/**
 * One chart point: bucket start `t` (ms since epoch, UTC), the bucket's last `status`, and each field's
 * average over its known values (null = unknown: a gap). `min` / `max`: each field's smallest / largest
 * value in the bucket, present when the series is read from rollups (`sourceResolutionSec` > 0).
 */
export type SeriesPoint<M extends MetricId> = { t: number; status: string | null } & Record<FieldOf<M>, number | null> & {
    min?: Record<FieldOf<M>, number | null>;
    max?: Record<FieldOf<M>, number | null>;
  };

/** The points of one series: `key` = `""` for a per-device metric, the interface name otherwise. */
export type SeriesLine<M extends MetricId> = { key: string; points: SeriesPoint<M>[] };

/**
 * A metric over a range for one device: every series (sorted by key); `resolutionSec` = bucket width (s,
 * the points' spacing); `sourceResolutionSec` = the stored resolution read (0 raw, 300 or 3600 rollups).
 */
export type MetricSeries<M extends MetricId> = { metric: M; resolutionSec: number; sourceResolutionSec: StoredResolution; series: SeriesLine<M>[] };

/**
 * Metric `metric` (lib/metrics/descriptors.ts) of one device over `range` ending at `now`, read and
 * downsampled by the rule of lib/metrics/resolutions.ts `chartResolution` (raw up to 6 h, 5-minute rollups
 * up to 24 h, 1-hour rollups beyond, plus the newer rows of finer resolutions not rolled up yet), averaged
 * per bucket: at most MAX_POINTS (500) points per series. Rollup-sourced points carry `min` / `max`.
 * Field units are the descriptor's (bits/s, packets/s, %, bytes, count).
 * @param seriesKey only this series (an interface name; `""` for a per-device metric); default every series
 */
export async function getSeries<M extends MetricId>(
  db: Db,
  deviceId: string,
  metric: M,
  range: RangeKey,
  now: Date = new Date(),
  seriesKey?: string,
): Promise<MetricSeries<M>> {
  const { source, bucketSec } = chartResolution(range);
  const fields = fieldNames(metric);
  // From the start of the chart bucket that holds the range's start, so the first point averages its whole
  // bucket (a 1 y chart's first day comes from that day's 1-day rollup, whose `ts` is before the range start).
  const bucketMs = bucketSec * 1000;
  const from = Math.floor((now.getTime() - RANGES[range] * 1000) / bucketMs) * bucketMs;
  const rows = await readChain(source, from, now.getTime(), (resolution, start, to) =>
    readSeriesRows(db, { deviceId, metric, seriesKey, resolution, from: start, to, withRange: resolution !== RAW_RESOLUTION }),
  );
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = groups.get(row.series);
    if (list) list.push(row);
    else groups.set(row.series, [row]);
  }
  const withRange = source !== RAW_RESOLUTION;
  const series = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => ({
      key,
      points: aggregateBuckets(
        list,
        bucketSec * 1000,
        fields,
        (r) => rowStats(r, fields, r.resolution !== RAW_RESOLUTION),
        (r) => r.status,
      ).map((b) => ({ ...b.avg, t: b.t, status: b.last, ...(withRange ? { min: b.min, max: b.max } : {}) }) as SeriesPoint<M>),
    }));
  return { metric, resolutionSec: bucketSec, sourceResolutionSec: source, series };
}
