import "server-only";
import { chunks } from "../chunks";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { getEnv } from "../env";
import { METRIC_IDS, metricDescriptor, zeroPerMetric, type MetricId } from "./descriptors";
import { DAILY_SEC, FIVE_MINUTE_SEC, HOURLY_SEC, RAW_RESOLUTION, type StoredResolution } from "./resolutions";
import { deleteOldest, devicesRolledUp, insertBucketRollups, metricsOfSeries } from "./rollup-sql";

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
/** Default {@link RollupOptions.deleteBatchSize}: rows per retention delete, a few tens of ms of write lock (bench/charts.ts `retentionHour`). */
const DEFAULT_DELETE_BATCH_SIZE = 5_000;
/** Default {@link RollupOptions.devicesPerChunk}: devices per rollup transaction (bench/charts.ts `rollupHour.longestStepMs`). */
const DEFAULT_DEVICES_PER_CHUNK = 500;

/**
 * Runs one step of a rollup (a read, one chunk's write transaction, one retention delete) and returns its result.
 * The poller passes its one-at-a-time DB queue, so its cycle writes interleave with the rollup's steps instead of
 * waiting for the whole run.
 */
export type RollupStepRunner = <T>(step: () => Promise<T>) => Promise<T>;

/**
 * Overrides for every metric of the retention (default: the descriptor's `retention`, else getEnv()'s
 * RAW_RETENTION_HOURS / ROLLUP_5M_RETENTION_DAYS / ROLLUP_1H_RETENTION_DAYS), and:
 * - `latenessMs`: how late a raw sample may still be written after its `ts` (a cycle stamps samples with
 *   its read time and writes them up to one poll lease later). Only buckets that ended at least this long
 *   ago are rolled up, so no raw row lands in a bucket already rolled up. The poller passes its lease
 *   length. Default {@link DEFAULT_ROLLUP_LATENESS_MS}.
 * - `deleteBatchSize`: rows per retention delete. Default {@link DEFAULT_DELETE_BATCH_SIZE}.
 * - `devicesPerChunk`: devices aggregated per write transaction. Default {@link DEFAULT_DEVICES_PER_CHUNK}.
 * - `runStep`: runs each step (read, chunk transaction, delete); default: at once.
 */
export type RollupOptions = {
  rawRetentionHours?: number;
  fiveMinuteRetentionDays?: number;
  hourlyRetentionDays?: number;
  latenessMs?: number;
  deleteBatchSize?: number;
  devicesPerChunk?: number;
  runStep?: RollupStepRunner;
};

/** Start (ms since epoch, UTC) of the bucket of width `bucketMs` that contains `ms` (ms since epoch). */
function bucketStart(ms: number, bucketMs: number): number {
  return Math.floor(ms / bucketMs) * bucketMs;
}

/** What every level of one {@link runRollup} shares: the client, its step runner, every device id (sorted) and the chunk size. */
type RollupContext = { db: Db; run: RollupStepRunner; deviceIds: readonly string[]; devicesPerChunk: number };

/** Rollup rows written per metric by one level. */
type Written = Record<MetricId, number>;

/** The `ts` (ms since epoch, UTC) of the oldest or newest row of `resolution` (the (resolution, ts) index), or null when none. */
async function edgeTs(ctx: RollupContext, resolution: StoredResolution, edge: "oldest" | "newest", atOrAfter = 0): Promise<number | null> {
  const row = await ctx.run(() =>
    ctx.db.metricSample.findFirst({
      where: { resolution, ts: { gte: BigInt(atOrAfter) } },
      orderBy: { ts: edge === "oldest" ? "asc" : "desc" },
      select: { ts: true },
    }),
  );
  return row ? Number(row.ts) : null;
}

/**
 * Rolls up the complete buckets of `level`, every metric at once, from the newest rollup bucket (or the oldest source
 * row) up to `end`, skipping stretches without source rows. Each bucket is aggregated by the database in chunks of
 * `devicesPerChunk` devices, one short write transaction (one step) per chunk, so memory and lock time stay bounded
 * whatever the fleet size. A chunk's rows are inserted together, so a device is either complete in a bucket or
 * absent from it, and each chunk aggregates only its devices without a rollup in the bucket yet (checked in the same
 * write transaction): the newest rollup bucket, visited again because a run stopped between chunks leaves it partial,
 * and a bucket another poller's run filled meanwhile, are completed, never doubled.
 * @param end, oldestUseful ms since epoch (UTC)
 */
async function rollupLevel(ctx: RollupContext, level: Level, end: number, oldestUseful: number, written: Written): Promise<void> {
  const { db, run } = ctx;
  const bucketMs = level.resolution * 1000;
  const last = await edgeTs(ctx, level.resolution, "newest");
  const firstSource = await edgeTs(ctx, level.source, "oldest");
  if (firstSource === null) return;
  let from = Math.max(last ?? 0, bucketStart(oldestUseful, bucketMs), bucketStart(firstSource, bucketMs));
  while (from < end) {
    const next = await edgeTs(ctx, level.source, "oldest", from);
    // No source row from here on, or none in this bucket (poller stopped, device gone): stop, or jump to the next one.
    if (next === null || next >= end) break;
    const bucket = Math.max(from, bucketStart(next, bucketMs));
    const to = bucket + bucketMs;
    for (const deviceIds of chunks(ctx.deviceIds, ctx.devicesPerChunk)) {
      const inserted = await run(() =>
        writeTransaction(db, async (tx) => {
          const done = await devicesRolledUp(tx, level.resolution, bucket, to, deviceIds);
          const todo = deviceIds.filter((id) => !done.has(id));
          const seriesIds = await insertBucketRollups(tx, { source: level.source, resolution: level.resolution, from: bucket, to, deviceIds: todo });
          return { seriesIds, metrics: seriesIds.length > 0 ? await metricsOfSeries(tx, todo) : new Map<number, MetricId>() };
        }),
      );
      for (const id of inserted.seriesIds) {
        const metric = inserted.metrics.get(id);
        if (metric) written[metric]++;
      }
    }
    from = to;
  }
}

/**
 * Deletes the rows of `resolution` older than `before` (ms since epoch, UTC) of the series of `metrics` (undefined:
 * every series), oldest first, in statements of at most `batchSize` rows ({@link deleteOldest}): each is its own short
 * transaction and step, so the poller's writes interleave instead of waiting behind one long delete.
 * @returns rows deleted and statements run
 */
async function deleteAged(
  ctx: RollupContext,
  resolution: StoredResolution,
  before: number,
  batchSize: number,
  metrics: readonly MetricId[] | undefined,
): Promise<{ count: number; batches: number }> {
  let count = 0;
  let batches = 0;
  for (;;) {
    const deleted = await ctx.run(() => deleteOldest(ctx.db, resolution, before, batchSize, metrics));
    if (deleted === 0) break;
    count += deleted;
    batches++;
    if (deleted < batchSize) break;
  }
  return { count, batches };
}

/**
 * For every metric of lib/metrics/descriptors.ts at once (a field is a column position, lib/metrics/sample-store.ts):
 * 1. aggregates raw samples (resolution 0) of complete 5-minute buckets into resolution-300 rows per series;
 * 2. aggregates those 5-minute rows of complete hours into resolution-3600 rows per series;
 * 3. aggregates those 1-hour rows of complete UTC days into resolution-86400 rows per series (kept as long as the
 *    1-hour rows: ROLLUP_1H_RETENTION_DAYS);
 * 4. deletes each resolution's rows past their metric's retention, in batches (one pass per distinct retention).
 *
 * A rollup row holds, per field of the descriptor, the average (`v<i>`), minimum (`lo<i>`) and maximum (`hi<i>`) over
 * the bucket's non-null values (null when it has none), and `status` = the bucket's last. The hourly average is the
 * mean of its 5-minute averages (each 5-minute bucket weighs the same); its min and max are the min of their mins and
 * the max of their maxes (a 5-minute row without them counts with its average); a day likewise from its hours.
 *
 * The database aggregates (lib/metrics/rollup-sql.ts): each bucket in chunks of `devicesPerChunk` devices, one short
 * write transaction each, and each retention batch is one statement; every read, chunk and batch is one step of
 * `runStep`, so the poller's DB queue is never held for long.
 *
 * Idempotent and resumable: each level resumes at its newest rollup bucket, where only the devices without a rollup
 * row yet are aggregated (a chunk inserts its devices' rows in one transaction, so a run stopped between chunks leaves
 * whole devices done or not). Only 5-minute buckets that end before `now − latenessMs` are rolled up (the current
 * bucket never is), so samples written late still count; an hour is rolled up once all its 5-minute buckets are. A
 * bucket is rolled up once: a raw row written more than `latenessMs` after its `ts` stays raw only (unless its device
 * had no row in the bucket, which was then the newest). Chunks run in writeTransaction (lib/db-transaction.ts): two
 * pollers running it at the same instant check and insert one at a time, on PostgreSQL as on SQLite.
 * @param now UTC reference time (default: now)
 */
export async function runRollup(db: Db, now: Date = new Date(), opts: RollupOptions = {}): Promise<RollupSummary> {
  const env = getEnv();
  const nowMs = now.getTime();
  const fiveMinuteEnd = bucketStart(nowMs - (opts.latenessMs ?? DEFAULT_ROLLUP_LATENESS_MS), FIVE_MINUTE_SEC * 1000);
  const ends: Record<Level["resolution"], number> = {
    [FIVE_MINUTE_SEC]: fiveMinuteEnd,
    [HOURLY_SEC]: bucketStart(fiveMinuteEnd, HOURLY_SEC * 1000),
    [DAILY_SEC]: bucketStart(fiveMinuteEnd, DAILY_SEC * 1000),
  };
  const batchSize = opts.deleteBatchSize ?? DEFAULT_DELETE_BATCH_SIZE;
  const run: RollupStepRunner = opts.runStep ?? ((step) => step());
  const devices = await run(() => db.device.findMany({ select: { id: true }, orderBy: { id: "asc" } }));
  const ctx: RollupContext = { db, run, deviceIds: devices.map((d) => d.id), devicesPerChunk: opts.devicesPerChunk ?? DEFAULT_DEVICES_PER_CHUNK };
  const summary: RollupSummary = {
    rollups: zeroPerMetric(),
    hourlyRollups: zeroPerMetric(),
    dailyRollups: zeroPerMetric(),
    deleted: { raw: 0, fiveMinute: 0, hourly: 0, daily: 0 },
    deleteBatches: 0,
  };
  const writtenPerLevel: Record<Level["resolution"], Written> = {
    [FIVE_MINUTE_SEC]: summary.rollups,
    [HOURLY_SEC]: summary.hourlyRollups,
    [DAILY_SEC]: summary.dailyRollups,
  };
  const keptMs = (metric: MetricId): Record<StoredResolution, number> => {
    const { retention } = metricDescriptor(metric);
    const hourlyMs = (opts.hourlyRetentionDays ?? retention?.hourlyDays ?? env.ROLLUP_1H_RETENTION_DAYS) * 86_400_000;
    return {
      [RAW_RESOLUTION]: (opts.rawRetentionHours ?? retention?.rawHours ?? env.RAW_RETENTION_HOURS) * 3_600_000,
      [FIVE_MINUTE_SEC]: (opts.fiveMinuteRetentionDays ?? retention?.fiveMinuteDays ?? env.ROLLUP_5M_RETENTION_DAYS) * 86_400_000,
      [HOURLY_SEC]: hourlyMs,
      [DAILY_SEC]: hourlyMs,
    };
  };
  const kept = METRIC_IDS.map((metric) => ({ metric, ms: keptMs(metric) }));
  for (const level of LEVELS) {
    const oldestUseful = nowMs - Math.max(...kept.map((k) => k.ms[level.source]));
    await rollupLevel(ctx, level, ends[level.resolution], oldestUseful, writtenPerLevel[level.resolution]);
  }
  for (const [resolution, key] of [
    [RAW_RESOLUTION, "raw"],
    [FIVE_MINUTE_SEC, "fiveMinute"],
    [HOURLY_SEC, "hourly"],
    [DAILY_SEC, "daily"],
  ] as const) {
    const byRetention = new Map<number, MetricId[]>();
    for (const k of kept) byRetention.set(k.ms[resolution], [...(byRetention.get(k.ms[resolution]) ?? []), k.metric]);
    for (const [ms, group] of byRetention) {
      const metrics = byRetention.size === 1 ? undefined : group;
      const { count, batches } = await deleteAged(ctx, resolution, nowMs - ms, batchSize, metrics);
      summary.deleted[key] += count;
      summary.deleteBatches += batches;
    }
  }
  return summary;
}
