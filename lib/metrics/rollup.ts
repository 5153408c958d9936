import type { Db } from "../db-client";
import { getEnv } from "../env";
import { averageBuckets } from "./buckets";
import { macsecRatesOf, type PendingWrite } from "./store";

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
  sessionRollups: number;
  trafficRollups: number;
  macsecRollups: number;
  deletedRaw: number;
  deletedRollups: number;
};

/** Default {@link RollupOptions.latenessMs}: 10 minutes, above the poller's default lease. */
const DEFAULT_ROLLUP_LATENESS_MS = 600_000;

/**
 * Retention override (defaults from getEnv(): RAW_RETENTION_HOURS, ROLLUP_RETENTION_DAYS), and
 * `latenessMs`: how late a raw sample may still be written after its `ts` (a cycle stamps samples
 * with its read time and writes them up to one poll lease later). Only buckets that ended at least
 * this long ago are rolled up, so no raw row lands in a bucket already rolled up. The poller passes
 * its lease length. Default {@link DEFAULT_ROLLUP_LATENESS_MS}.
 */
export type RollupOptions = { rawRetentionHours?: number; rollupRetentionDays?: number; latenessMs?: number };

type Table = {
  name: "sessions" | "traffic" | "macsec";
  lastRollupTs(): Promise<Date | null>;
  firstRawTs(): Promise<Date | null>;
  /** Aggregates raw rows of [from, to) and returns the writes replacing that range's rollups, and their count. */
  rollupRange(from: Date, to: Date): Promise<{ writes: PendingWrite[]; count: number }>;
};

function tables(db: Db): Table[] {
  const rawRange = (from: Date, to: Date) => ({ resolution: 0, ts: { gte: from, lt: to } });
  const rollupRange = (from: Date, to: Date) => ({ resolution: ROLLUP_RESOLUTION_SEC, ts: { gte: from, lt: to } });
  return [
    {
      name: "sessions",
      lastRollupTs: async () => (await db.macServerSessionSample.aggregate({ where: { resolution: ROLLUP_RESOLUTION_SEC }, _max: { ts: true } }))._max.ts,
      firstRawTs: async () => (await db.macServerSessionSample.aggregate({ where: { resolution: 0 }, _min: { ts: true } }))._min.ts,
      async rollupRange(from, to) {
        const rows = await db.macServerSessionSample.findMany({ where: rawRange(from, to), select: { deviceId: true, ts: true, count: true } });
        const buckets = averageBuckets(rows, BUCKET_MS, (r) => ({ count: r.count }), (r) => r.deviceId, (r) => r.deviceId);
        const data = buckets.map((b) => ({ deviceId: b.last, ts: new Date(b.t), resolution: ROLLUP_RESOLUTION_SEC, ...b.averages }));
        const writes: PendingWrite[] = [db.macServerSessionSample.deleteMany({ where: rollupRange(from, to) })];
        if (data.length > 0) writes.push(db.macServerSessionSample.createMany({ data }));
        return { writes, count: data.length };
      },
    },
    {
      name: "traffic",
      lastRollupTs: async () => (await db.interfaceTrafficSample.aggregate({ where: { resolution: ROLLUP_RESOLUTION_SEC }, _max: { ts: true } }))._max.ts,
      firstRawTs: async () => (await db.interfaceTrafficSample.aggregate({ where: { resolution: 0 }, _min: { ts: true } }))._min.ts,
      async rollupRange(from, to) {
        const rows = await db.interfaceTrafficSample.findMany({
          where: rawRange(from, to),
          select: { deviceId: true, interface: true, ts: true, rxBps: true, txBps: true, rxPps: true, txPps: true },
        });
        const buckets = averageBuckets(
          rows,
          BUCKET_MS,
          (r) => ({ rxBps: r.rxBps, txBps: r.txBps, rxPps: r.rxPps, txPps: r.txPps }),
          (r) => ({ deviceId: r.deviceId, interface: r.interface }),
          (r) => `${r.deviceId}\u0000${r.interface}`,
        );
        const data = buckets.map((b) => ({ ...b.last, ts: new Date(b.t), resolution: ROLLUP_RESOLUTION_SEC, ...b.averages }));
        const writes: PendingWrite[] = [db.interfaceTrafficSample.deleteMany({ where: rollupRange(from, to) })];
        if (data.length > 0) writes.push(db.interfaceTrafficSample.createMany({ data }));
        return { writes, count: data.length };
      },
    },
    {
      name: "macsec",
      lastRollupTs: async () => (await db.macsecSample.aggregate({ where: { resolution: ROLLUP_RESOLUTION_SEC }, _max: { ts: true } }))._max.ts,
      firstRawTs: async () => (await db.macsecSample.aggregate({ where: { resolution: 0 }, _min: { ts: true } }))._min.ts,
      async rollupRange(from, to) {
        const rows = await db.macsecSample.findMany({ where: rawRange(from, to) });
        const buckets = averageBuckets(
          rows,
          BUCKET_MS,
          macsecRatesOf,
          (r) => ({ deviceId: r.deviceId, interface: r.interface, status: r.status }),
          (r) => `${r.deviceId}\u0000${r.interface}`,
        );
        const data = buckets.map((b) => ({ ...b.last, ts: new Date(b.t), resolution: ROLLUP_RESOLUTION_SEC, ...b.averages }));
        const writes: PendingWrite[] = [db.macsecSample.deleteMany({ where: rollupRange(from, to) })];
        if (data.length > 0) writes.push(db.macsecSample.createMany({ data }));
        return { writes, count: data.length };
      },
    },
  ];
}

/**
 * Aggregates raw samples (resolution 0) of complete 5-minute buckets into resolution-300 rows
 * (average of each numeric field; MACsec `status` = last status in the bucket), then deletes raw rows
 * older than RAW_RETENTION_HOURS and rollups older than ROLLUP_RETENTION_DAYS.
 *
 * Idempotent: each table resumes after its newest rollup bucket, and every chunk deletes the rollups
 * of its range before inserting, in one transaction. Only buckets that end before `now − latenessMs`
 * are rolled up (the current bucket never is), so samples written late still count. A bucket is
 * rolled up once: a raw row written more than `latenessMs` after its `ts` stays raw only.
 * MACsec rates average their non-null values (null when the bucket has none).
 * Two pollers running it at the same instant on PostgreSQL could both insert a chunk; on SQLite the
 * transactions serialise.
 * @param now UTC reference time (default: now)
 */
export async function runRollup(db: Db, now: Date = new Date(), opts: RollupOptions = {}): Promise<RollupSummary> {
  const env = getEnv();
  const rawRetentionMs = (opts.rawRetentionHours ?? env.RAW_RETENTION_HOURS) * 3_600_000;
  const rollupRetentionMs = (opts.rollupRetentionDays ?? env.ROLLUP_RETENTION_DAYS) * 86_400_000;
  const end = bucketStart(now.getTime() - (opts.latenessMs ?? DEFAULT_ROLLUP_LATENESS_MS));
  const oldestUseful = bucketStart(now.getTime() - rawRetentionMs);
  const summary: RollupSummary = { sessionRollups: 0, trafficRollups: 0, macsecRollups: 0, deletedRaw: 0, deletedRollups: 0 };

  for (const table of tables(db)) {
    const last = await table.lastRollupTs();
    const firstRaw = await table.firstRawTs();
    if (!firstRaw) continue;
    const resumeAt = last ? new Date(last.getTime() + BUCKET_MS) : bucketStart(firstRaw.getTime());
    let from = new Date(Math.max(resumeAt.getTime(), oldestUseful.getTime(), bucketStart(firstRaw.getTime()).getTime()));
    while (from < end) {
      const to = new Date(Math.min(from.getTime() + BUCKETS_PER_CHUNK * BUCKET_MS, end.getTime()));
      const { writes, count } = await table.rollupRange(from, to);
      await db.$transaction(writes);
      if (table.name === "sessions") summary.sessionRollups += count;
      if (table.name === "traffic") summary.trafficRollups += count;
      if (table.name === "macsec") summary.macsecRollups += count;
      from = to;
    }
  }

  const rawCutoff = new Date(now.getTime() - rawRetentionMs);
  const rollupCutoff = new Date(now.getTime() - rollupRetentionMs);
  const deletes = await db.$transaction([
    db.macServerSessionSample.deleteMany({ where: { resolution: 0, ts: { lt: rawCutoff } } }),
    db.interfaceTrafficSample.deleteMany({ where: { resolution: 0, ts: { lt: rawCutoff } } }),
    db.macsecSample.deleteMany({ where: { resolution: 0, ts: { lt: rawCutoff } } }),
    db.macServerSessionSample.deleteMany({ where: { resolution: { gt: 0 }, ts: { lt: rollupCutoff } } }),
    db.interfaceTrafficSample.deleteMany({ where: { resolution: { gt: 0 }, ts: { lt: rollupCutoff } } }),
    db.macsecSample.deleteMany({ where: { resolution: { gt: 0 }, ts: { lt: rollupCutoff } } }),
  ]);
  summary.deletedRaw = deletes[0].count + deletes[1].count + deletes[2].count;
  summary.deletedRollups = deletes[3].count + deletes[4].count + deletes[5].count;
  return summary;
}
