import "server-only";
import type { Db } from "../db-client";
import { getEnv } from "../env";
import { aggregateBuckets } from "./buckets";
import { fieldNames, METRIC_IDS, metricDescriptor, zeroPerMetric, type MetricId } from "./descriptors";
import { DAILY_SEC, FIVE_MINUTE_SEC, HOURLY_SEC, RAW_RESOLUTION, type StoredResolution } from "./resolutions";
import { parseSampleStats, type PendingWrite } from "./store";

/** A rollup level: rows of `resolution` (bucket width, s) built from rows of `source`. */
type Level = { resolution: typeof FIVE_MINUTE_SEC | typeof HOURLY_SEC | typeof DAILY_SEC; source: StoredResolution };

/** 5-minute rollups from raw samples, 1-hour rollups from the 5-minute ones, 1-day rollups from the 1-hour ones (in this order). */
const LEVELS: readonly Level[] = [
  { resolution: FIVE_MINUTE_SEC, source: RAW_RESOLUTION },
  { resolution: HOURLY_SEC, source: FIVE_MINUTE_SEC },
  { resolution: DAILY_SEC, source: HOURLY_SEC },
];

/** Rows deleted by retention per stored resolution. */
export type DeletedRows = { raw: number; fiveMinute: number; hourly: number; daily: number };

/** Rows written and deleted by one {@link runRollup}. */
export type RollupSummary = {
  /** 5-minute rollup rows written per metric. */
  rollups: Record<MetricId, number>;
  /** 1-hour rollup rows written per metric. */
  hourlyRollups: Record<MetricId, number>;
  /** 1-day rollup rows written per metric. */
  dailyRollups: Record<MetricId, number>;
  /** Rows past their retention deleted, per resolution. */
  deleted: DeletedRows;
  /** Delete statements run (each one short transaction of at most `deleteBatchSize` rows). */
  deleteBatches: number;
};

/** Default {@link RollupOptions.latenessMs}: 10 minutes, above the poller's default lease. */
const DEFAULT_ROLLUP_LATENESS_MS = 600_000;
/**
 * Default {@link RollupOptions.deleteBatchSize}: rows per retention delete, about a millisecond of write lock
 * on SQLite; below Prisma's limit of 999 bound values per SQLite statement (PostgreSQL's is 32,766).
 */
const DEFAULT_DELETE_BATCH_SIZE = 900;

/**
 * Overrides for every metric of the retention (default: the descriptor's `retention`, else getEnv()'s
 * RAW_RETENTION_HOURS / ROLLUP_5M_RETENTION_DAYS / ROLLUP_1H_RETENTION_DAYS), and:
 * - `latenessMs`: how late a raw sample may still be written after its `ts` (a cycle stamps samples with
 *   its read time and writes them up to one poll lease later). Only buckets that ended at least this long
 *   ago are rolled up, so no raw row lands in a bucket already rolled up. The poller passes its lease
 *   length. Default {@link DEFAULT_ROLLUP_LATENESS_MS}.
 * - `deleteBatchSize`: rows per retention delete (at most 999 on SQLite). Default {@link DEFAULT_DELETE_BATCH_SIZE}.
 */
export type RollupOptions = {
  rawRetentionHours?: number;
  fiveMinuteRetentionDays?: number;
  hourlyRetentionDays?: number;
  latenessMs?: number;
  deleteBatchSize?: number;
};

/** Start (UTC) of the bucket of width `bucketMs` that contains `ms` (ms since epoch). */
function bucketStart(ms: number, bucketMs: number): Date {
  return new Date(Math.floor(ms / bucketMs) * bucketMs);
}

/**
 * Aggregates `metric`'s rows of `level.source` in [from, to) per series and bucket of `level.resolution`
 * (each field's average, min and max over its non-null values, `status` = the bucket's last) and returns
 * the writes replacing that range's rollups, and how many rows they insert; null when the range has no source row.
 */
async function rollupRange(db: Db, metric: MetricId, level: Level, from: Date, to: Date): Promise<{ writes: PendingWrite[]; count: number } | null> {
  const fields = fieldNames(metric);
  const range = { gte: from, lt: to };
  const rows = await db.metricSample.findMany({
    where: { metric, resolution: level.source, ts: range },
    select: { deviceId: true, series: true, ts: true, values: true, minValues: true, maxValues: true, status: true },
  });
  if (rows.length === 0) return null;
  const buckets = aggregateBuckets(
    rows,
    level.resolution * 1000,
    fields,
    (r) => parseSampleStats(r, fields),
    (r) => ({ deviceId: r.deviceId, series: r.series, status: r.status }),
    (r) => `${r.deviceId}\u0000${r.series}`,
  );
  const data = buckets.map((b) => ({
    ...b.last,
    metric,
    ts: new Date(b.t),
    resolution: level.resolution,
    values: JSON.stringify(b.avg),
    minValues: JSON.stringify(b.min),
    maxValues: JSON.stringify(b.max),
  }));
  const writes: PendingWrite[] = [db.metricSample.deleteMany({ where: { metric, resolution: level.resolution, ts: range } })];
  if (data.length > 0) writes.push(db.metricSample.createMany({ data }));
  return { writes, count: data.length };
}

/**
 * Rolls up `metric`'s complete buckets of `level` from after its newest rollup (or its oldest source row)
 * up to `end`, one bucket per read and transaction (so memory and lock time stay bounded), skipping
 * stretches without source rows.
 */
async function rollupLevel(db: Db, metric: MetricId, level: Level, end: Date, oldestUseful: Date): Promise<number> {
  const bucketMs = level.resolution * 1000;
  const last = (await db.metricSample.aggregate({ where: { metric, resolution: level.resolution }, _max: { ts: true } }))._max.ts;
  const firstSource = (await db.metricSample.aggregate({ where: { metric, resolution: level.source }, _min: { ts: true } }))._min.ts;
  if (!firstSource) return 0;
  const resumeAt = last ? last.getTime() + bucketMs : 0;
  let from = new Date(Math.max(resumeAt, bucketStart(oldestUseful.getTime(), bucketMs).getTime(), bucketStart(firstSource.getTime(), bucketMs).getTime()));
  let written = 0;
  while (from < end) {
    const to = new Date(Math.min(from.getTime() + bucketMs, end.getTime()));
    const range = await rollupRange(db, metric, level, from, to);
    if (range) {
      await db.$transaction(range.writes);
      written += range.count;
      from = to;
      continue;
    }
    // No source row in this bucket (poller stopped, device gone): jump to the bucket of the next one.
    const next = await db.metricSample.findFirst({
      where: { metric, resolution: level.source, ts: { gte: to } },
      orderBy: { ts: "asc" },
      select: { ts: true },
    });
    if (!next) break;
    from = new Date(Math.max(to.getTime(), bucketStart(next.ts.getTime(), bucketMs).getTime()));
  }
  return written;
}

/**
 * Deletes `metric`'s rows of `resolution` older than `before`, oldest first, in statements of at most
 * `batchSize` rows (ids read from the (metric, resolution, ts) index, then deleted by primary key): each
 * is its own short transaction, so the poller's writes interleave instead of waiting behind one long delete.
 * @returns rows deleted and statements run
 */
async function deleteAged(
  db: Db,
  metric: MetricId,
  resolution: StoredResolution,
  before: Date,
  batchSize: number,
): Promise<{ count: number; batches: number }> {
  let count = 0;
  let batches = 0;
  for (;;) {
    const ids = await db.metricSample.findMany({
      where: { metric, resolution, ts: { lt: before } },
      select: { id: true },
      orderBy: { ts: "asc" },
      take: batchSize,
    });
    if (ids.length === 0) break;
    count += (await db.metricSample.deleteMany({ where: { id: { in: ids.map((r) => r.id) } } })).count;
    batches++;
    if (ids.length < batchSize) break;
  }
  return { count, batches };
}

/**
 * For every metric of lib/metrics/descriptors.ts (a loop, no per-metric code):
 * 1. aggregates raw samples (resolution 0) of complete 5-minute buckets into resolution-300 rows per series;
 * 2. aggregates those 5-minute rows of complete hours into resolution-3600 rows per series;
 * 3. aggregates those 1-hour rows of complete UTC days into resolution-86400 rows per series (kept as long as the
 *    1-hour rows: ROLLUP_1H_RETENTION_DAYS);
 * 4. deletes each resolution's rows past its retention, in batches.
 *
 * A rollup row holds, per field of the descriptor, the average (`values`), minimum (`minValues`) and maximum
 * (`maxValues`) over the bucket's non-null values (null when it has none), and `status` = the bucket's last.
 * The hourly average is the mean of its 5-minute averages (each 5-minute bucket weighs the same); its min
 * and max are the min of their mins and the max of their maxes (a 5-minute row without them counts with its
 * average); a day likewise from its hours.
 *
 * Idempotent and resumable: each metric and level resumes after its newest rollup bucket, and every bucket
 * deletes the rollups of its range before inserting, in one transaction. Only 5-minute buckets that end
 * before `now − latenessMs` are rolled up (the current bucket never is), so samples written late still
 * count; an hour is rolled up once all its 5-minute buckets are. A bucket is rolled up once: a raw row
 * written more than `latenessMs` after its `ts` stays raw only. Two pollers running it at the same instant
 * on PostgreSQL could both insert a bucket; on SQLite the transactions serialise.
 * @param now UTC reference time (default: now)
 */
export async function runRollup(db: Db, now: Date = new Date(), opts: RollupOptions = {}): Promise<RollupSummary> {
  const env = getEnv();
  const fiveMinuteEnd = bucketStart(now.getTime() - (opts.latenessMs ?? DEFAULT_ROLLUP_LATENESS_MS), FIVE_MINUTE_SEC * 1000);
  const ends: Record<Level["resolution"], Date> = {
    [FIVE_MINUTE_SEC]: fiveMinuteEnd,
    [HOURLY_SEC]: bucketStart(fiveMinuteEnd.getTime(), HOURLY_SEC * 1000),
    [DAILY_SEC]: bucketStart(fiveMinuteEnd.getTime(), DAILY_SEC * 1000),
  };
  const batchSize = opts.deleteBatchSize ?? DEFAULT_DELETE_BATCH_SIZE;
  const summary: RollupSummary = {
    rollups: zeroPerMetric(),
    hourlyRollups: zeroPerMetric(),
    dailyRollups: zeroPerMetric(),
    deleted: { raw: 0, fiveMinute: 0, hourly: 0, daily: 0 },
    deleteBatches: 0,
  };
  const writtenPerLevel: Record<Level["resolution"], Record<MetricId, number>> = {
    [FIVE_MINUTE_SEC]: summary.rollups,
    [HOURLY_SEC]: summary.hourlyRollups,
    [DAILY_SEC]: summary.dailyRollups,
  };
  for (const metric of METRIC_IDS) {
    const { retention } = metricDescriptor(metric);
    const hourlyMs = (opts.hourlyRetentionDays ?? retention?.hourlyDays ?? env.ROLLUP_1H_RETENTION_DAYS) * 86_400_000;
    const keptMs: Record<StoredResolution, number> = {
      [RAW_RESOLUTION]: (opts.rawRetentionHours ?? retention?.rawHours ?? env.RAW_RETENTION_HOURS) * 3_600_000,
      [FIVE_MINUTE_SEC]: (opts.fiveMinuteRetentionDays ?? retention?.fiveMinuteDays ?? env.ROLLUP_5M_RETENTION_DAYS) * 86_400_000,
      [HOURLY_SEC]: hourlyMs,
      [DAILY_SEC]: hourlyMs,
    };
    for (const level of LEVELS) {
      writtenPerLevel[level.resolution][metric] = await rollupLevel(db, metric, level, ends[level.resolution], new Date(now.getTime() - keptMs[level.source]));
    }
    for (const [resolution, key] of [
      [RAW_RESOLUTION, "raw"],
      [FIVE_MINUTE_SEC, "fiveMinute"],
      [HOURLY_SEC, "hourly"],
      [DAILY_SEC, "daily"],
    ] as const) {
      const { count, batches } = await deleteAged(db, metric, resolution, new Date(now.getTime() - keptMs[resolution]), batchSize);
      summary.deleted[key] += count;
      summary.deleteBatches += batches;
    }
  }
  return summary;
}
