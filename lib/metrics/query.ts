import "server-only";
import type { Db } from "../db-client";
import { averageBuckets } from "./buckets";
import { fieldNames, type FieldOf, type MetricId } from "./descriptors";
import { RANGES, type RangeKey } from "./ranges";
import { ROLLUP_RESOLUTION_SEC } from "./rollup";
import { parseSampleValues } from "./store";

/** Ranges up to this length read raw samples; longer ones read 5-minute rollups (plus raw after the last rollup). */
const RAW_MAX_RANGE_SEC = RANGES["6h"];
/** Upper bound of points per series. */
export const MAX_POINTS = 300;
const NICE_STEPS_SEC = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];

/**
 * Bucket width (seconds) used to downsample `range`: the smallest "nice" step giving at most
 * {@link MAX_POINTS} buckets, and at least 300 s when rollups are read.
 */
export function resolutionFor(range: RangeKey): number {
  const seconds = RANGES[range];
  const minimum = seconds > RAW_MAX_RANGE_SEC ? ROLLUP_RESOLUTION_SEC : 1;
  const wanted = Math.max(minimum, Math.ceil(seconds / MAX_POINTS));
  return NICE_STEPS_SEC.find((s) => s >= wanted) ?? wanted;
}

type Window = { from: Date; to: Date; resolutionSec: number; useRollups: boolean };

function windowFor(range: RangeKey, now: Date): Window {
  const seconds = RANGES[range];
  return {
    from: new Date(now.getTime() - seconds * 1000),
    to: now,
    resolutionSec: resolutionFor(range),
    useRollups: seconds > RAW_MAX_RANGE_SEC,
  };
}

type Timed = { ts: Date };

/**
 * Reads the rows of a window: raw rows for short ranges; for long ones, rollups plus the raw rows
 * after the newest rollup bucket (the current 5 minutes, or everything when no rollup exists yet).
 */
async function readWindow<R extends Timed>(window: Window, read: (where: { resolution: number; ts: { gte: Date; lte: Date } }) => Promise<R[]>): Promise<R[]> {
  if (!window.useRollups) return read({ resolution: 0, ts: { gte: window.from, lte: window.to } });
  const rollups = await read({ resolution: ROLLUP_RESOLUTION_SEC, ts: { gte: window.from, lte: window.to } });
  const newest = rollups.reduce((max, r) => Math.max(max, r.ts.getTime()), Number.NEGATIVE_INFINITY);
  const rawFrom = Number.isFinite(newest) ? new Date(newest + ROLLUP_RESOLUTION_SEC * 1000) : window.from;
  const raw = await read({ resolution: 0, ts: { gte: rawFrom, lte: window.to } });
  return [...rollups, ...raw];
}

/** One chart point: bucket start `t` (ms since epoch, UTC), the bucket's last `status`, and each field averaged over its known values (null = unknown: a gap). */
export type SeriesPoint<M extends MetricId> = { t: number; status: string | null } & Record<FieldOf<M>, number | null>;

/** The points of one series: `key` = `""` for a per-device metric, the interface name otherwise. */
export type SeriesLine<M extends MetricId> = { key: string; points: SeriesPoint<M>[] };

/** A metric over a range for one device: every series (sorted by key), `resolutionSec` = bucket width. */
export type MetricSeries<M extends MetricId> = { metric: M; resolutionSec: number; series: SeriesLine<M>[] };

/**
 * Metric `metric` (lib/metrics/descriptors.ts) of one device over `range` ending at `now`: raw
 * samples for ranges up to 6 h, 5-minute rollups plus the raw samples after the newest rollup for
 * longer ones, averaged per bucket of {@link resolutionFor} (≤ {@link MAX_POINTS} points per series).
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
  const window = windowFor(range, now);
  const fields = fieldNames(metric);
  const rows = await readWindow(window, (where) =>
    db.metricSample.findMany({
      where: { deviceId, metric, ...(seriesKey === undefined ? {} : { series: seriesKey }), ...where },
      select: { series: true, ts: true, values: true, status: true },
    }),
  );
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = groups.get(row.series);
    if (list) list.push(row);
    else groups.set(row.series, [row]);
  }
  const series = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => ({
      key,
      points: averageBuckets(
        list,
        window.resolutionSec * 1000,
        (r) => parseSampleValues(r.values, fields),
        (r) => r.status,
      ).map((b) => ({ ...b.averages, t: b.t, status: b.last }) as SeriesPoint<M>),
    }));
  return { metric, resolutionSec: window.resolutionSec, series };
}

/** An interface ranked by its latest traffic sample (bits/s). */
export type TopTalker = { deviceId: string; deviceName: string; interface: string; rxBitsPerSecond: number; txBitsPerSecond: number };

type LatestRow = { deviceId: string; series: string; values: string };

/**
 * The busiest interfaces of the fleet: the latest raw sample of each (device, interface) of
 * `metric` (default `macvlan-traffic`) within `windowSec` seconds before `now`, ranked by rx+tx bits/s,
 * highest first. SQL returns one row per interface (the newest, ranked by ROW_NUMBER() over the samples of the window,
 * which it reads from the (metric, resolution, ts) index; standard SQL, the same on SQLite and PostgreSQL).
 * `rxBitsPerSecond`/`txBitsPerSecond` are bits per second (the stored `rxBitsPerSecond`/`txBitsPerSecond`).
 * @param opts.limit maximum rows returned
 * @param opts.windowSec how far back a sample still counts as current (seconds)
 */
export async function getFleetTopTalkers(
  db: Db,
  opts: { limit: number; windowSec: number; metric?: "macvlan-traffic" | "macsec-traffic" },
  now: Date = new Date(),
): Promise<TopTalker[]> {
  const metric = opts.metric ?? "macvlan-traffic";
  const since = new Date(now.getTime() - opts.windowSec * 1000);
  const latest = await db.$queryRaw<LatestRow[]>`
    SELECT "deviceId", "series", "values" FROM (
      SELECT "deviceId", "series", "values", ROW_NUMBER() OVER (PARTITION BY "deviceId", "series" ORDER BY "ts" DESC, "id" DESC) AS "newest"
      FROM "MetricSample"
      WHERE "metric" = ${metric} AND "resolution" = 0 AND "ts" >= ${since} AND "ts" <= ${now}
    ) AS "ranked"
    WHERE "newest" = 1`;
  const devices = await db.device.findMany({ where: { id: { in: [...new Set(latest.map((r) => r.deviceId))] } }, select: { id: true, name: true } });
  const names = new Map(devices.map((d) => [d.id, d.name]));
  return latest
    .map((r) => {
      const v = parseSampleValues(r.values, ["rxBitsPerSecond", "txBitsPerSecond"] as const);
      return {
        deviceId: r.deviceId,
        deviceName: names.get(r.deviceId) ?? "",
        interface: r.series,
        rxBitsPerSecond: v.rxBitsPerSecond ?? 0,
        txBitsPerSecond: v.txBitsPerSecond ?? 0,
      };
    })
    .sort((a, b) => b.rxBitsPerSecond + b.txBitsPerSecond - (a.rxBitsPerSecond + a.txBitsPerSecond))
    .slice(0, Math.max(0, opts.limit));
}
