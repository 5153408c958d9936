import "server-only";
import type { Db } from "../db-client";
import { getEnv } from "../env";
import { averageBuckets } from "./buckets";
import { fieldNames, METRIC_IDS, metricDescriptor, zeroPerMetric, type MetricId } from "./descriptors";
import { parseSampleValues, type PendingWrite } from "./store";

/** Width of a rollup bucket in seconds; rollup rows carry `resolution = 300` and `ts` = bucket start (UTC). */
export const ROLLUP_RESOLUTION_SEC = 300;
const BUCKET_MS = ROLLUP_RESOLUTION_SEC * 1000;
/** Buckets aggregated per read/transaction, so a first run over a day of raw rows stays small in memory. */
const BUCKETS_PER_CHUNK = 12;

/** Start (UTC) of the rollup bucket that contains `t` (ms since epoch). */
function bucketStart(ms: number): Date {
  return new Date(Math.floor(ms / BUCKET_MS) * BUCKET_MS);
}

/** Rows written and deleted by one {@link runRollup}. */
export type RollupSummary = {
  /** Rollup rows written per metric. */
  rollups: Record<MetricId, number>;
  deletedRaw: number;
  deletedRollups: number;
};

/** Default {@link RollupOptions.latenessMs}: 10 minutes, above the poller's default lease. */
const DEFAULT_ROLLUP_LATENESS_MS = 600_000;

/**
 * Retention override for every metric (default: the descriptor's `retention`, else getEnv()'s
 * RAW_RETENTION_HOURS / ROLLUP_RETENTION_DAYS), and
 * `latenessMs`: how late a raw sample may still be written after its `ts` (a cycle stamps samples
 * with its read time and writes them up to one poll lease later). Only buckets that ended at least
 * this long ago are rolled up, so no raw row lands in a bucket already rolled up. The poller passes
 * its lease length. Default {@link DEFAULT_ROLLUP_LATENESS_MS}.
 */
export type RollupOptions = { rawRetentionHours?: number; rollupRetentionDays?: number; latenessMs?: number };

const rawRange = (metric: MetricId, from: Date, to: Date) => ({ metric, resolution: 0, ts: { gte: from, lt: to } });

/**
 * Averages the raw samples of `metric` in [from, to) per series and 5-minute bucket (each field over
 * its non-null values, `status` = the bucket's last) and returns the writes replacing that range's
 * rollups, and how many rollup rows they insert.
 */
async function rollupRange(db: Db, metric: MetricId, from: Date, to: Date): Promise<{ writes: PendingWrite[]; count: number }> {
  const fields = fieldNames(metric);
  const rows = await db.metricSample.findMany({
    where: rawRange(metric, from, to),
    select: { deviceId: true, series: true, ts: true, values: true, status: true },
  });
  const buckets = averageBuckets(
    rows,
    BUCKET_MS,
    (r) => parseSampleValues(r.values, fields),
    (r) => ({ deviceId: r.deviceId, series: r.series, status: r.status }),
    (r) => `${r.deviceId}\u0000${r.series}`,
  );
  const data = buckets.map((b) => ({ ...b.last, metric, ts: new Date(b.t), resolution: ROLLUP_RESOLUTION_SEC, values: JSON.stringify(b.averages) }));
  const writes: PendingWrite[] = [db.metricSample.deleteMany({ where: { metric, resolution: ROLLUP_RESOLUTION_SEC, ts: { gte: from, lt: to } } })];
  if (data.length > 0) writes.push(db.metricSample.createMany({ data }));
  return { writes, count: data.length };
}

/** Rolls up `metric`'s complete buckets from after its newest rollup (or its oldest raw sample) up to `end`, in chunks. */
async function rollupMetric(db: Db, metric: MetricId, end: Date, oldestUseful: Date): Promise<number> {
  const last = (await db.metricSample.aggregate({ where: { metric, resolution: ROLLUP_RESOLUTION_SEC }, _max: { ts: true } }))._max.ts;
  const firstRaw = (await db.metricSample.aggregate({ where: { metric, resolution: 0 }, _min: { ts: true } }))._min.ts;
  if (!firstRaw) return 0;
  const resumeAt = last ? new Date(last.getTime() + BUCKET_MS) : bucketStart(firstRaw.getTime());
  let from = new Date(Math.max(resumeAt.getTime(), oldestUseful.getTime(), bucketStart(firstRaw.getTime()).getTime()));
  let written = 0;
  while (from < end) {
    const to = new Date(Math.min(from.getTime() + BUCKETS_PER_CHUNK * BUCKET_MS, end.getTime()));
    const { writes, count } = await rollupRange(db, metric, from, to);
    await db.$transaction(writes);
    written += count;
    from = to;
  }
  return written;
}

/**
 * For every metric of lib/metrics/descriptors.ts (a loop, no per-metric code): aggregates raw
 * samples (resolution 0) of complete 5-minute buckets into resolution-300 rows per series (the
 * descriptor's rollup: the average of each field over its non-null values, null when the bucket has
 * none; `status` = the last in the bucket), then deletes the metric's raw rows and rollups past its
 * retention.
 *
 * Idempotent: each metric resumes after its newest rollup bucket, and every chunk deletes the rollups
 * of its range before inserting, in one transaction. Only buckets that end before `now − latenessMs`
 * are rolled up (the current bucket never is), so samples written late still count. A bucket is
 * rolled up once: a raw row written more than `latenessMs` after its `ts` stays raw only.
 * Two pollers running it at the same instant on PostgreSQL could both insert a chunk; on SQLite the
 * transactions serialise.
 * @param now UTC reference time (default: now)
 */
export async function runRollup(db: Db, now: Date = new Date(), opts: RollupOptions = {}): Promise<RollupSummary> {
  const env = getEnv();
  const end = bucketStart(now.getTime() - (opts.latenessMs ?? DEFAULT_ROLLUP_LATENESS_MS));
  const summary: RollupSummary = { rollups: zeroPerMetric(), deletedRaw: 0, deletedRollups: 0 };
  for (const metric of METRIC_IDS) {
    const { retention } = metricDescriptor(metric);
    const rawRetentionMs = (opts.rawRetentionHours ?? retention?.rawHours ?? env.RAW_RETENTION_HOURS) * 3_600_000;
    const rollupRetentionMs = (opts.rollupRetentionDays ?? retention?.rollupDays ?? env.ROLLUP_RETENTION_DAYS) * 86_400_000;
    summary.rollups[metric] = await rollupMetric(db, metric, end, bucketStart(now.getTime() - rawRetentionMs));
    const [raw, rollups] = await db.$transaction([
      db.metricSample.deleteMany({ where: { metric, resolution: 0, ts: { lt: new Date(now.getTime() - rawRetentionMs) } } }),
      db.metricSample.deleteMany({ where: { metric, resolution: { gt: 0 }, ts: { lt: new Date(now.getTime() - rollupRetentionMs) } } }),
    ]);
    summary.deletedRaw += raw.count;
    summary.deletedRollups += rollups.count;
  }
  return summary;
}
