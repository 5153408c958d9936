/**
 * Chart benchmark: a fresh SQLite file (lib/testing/test-db.ts) holding the history a fleet would have
 * after a year, generated (not waited for) at the stored resolutions of lib/metrics/resolutions.ts:
 * 1-day and 1-hour rollups for `--days` days, 5-minute rollups for the last min(days, 30) days and raw samples every
 * 60 s for the last `--raw-hours` hours (48), for every series of every metric (lib/metrics/descriptors.ts) of each router:
 * sessions, CPU load, memory, `--macvlans` MACVLAN and `--macsecs` MACsec interfaces (traffic, and MACsec
 * statistics). Rows are inserted in time order with better-sqlite3, one transaction per time step; rollups carry
 * average, min and max as lib/metrics/rollup.ts writes them. The rollups stop one hour before `now`, so
 * the bench then times runRollup over one hour of new samples for the whole fleet, and one retention run
 * an hour later (an hour of each resolution aged out). Then it times getSeries for random devices and
 * metrics, `--queries` times per range (1h, 24h, 7d, 30d, 1y) after a warm-up.
 *
 * Prints one JSON object: `{ bench: "charts", routers, days, seriesPerRouter, rows: { raw, fiveMinute, hourly, daily },
 * generateMs, bytes: { raw, fiveMinute, hourly, daily, total }, bytesPerRouterPerDay: { raw, fiveMinute, hourly, daily,
 * ingested }, bytesPerRouterKept, rollupHour: { ms, fiveMinuteRows, hourlyRows, cpuMs, steps, longestStepMs },
 * retentionHour: { ms, deleted, batches, cpuMs, steps, longestStepMs }, queries: { <range>: { p50, p95, max, maxPoints } } }`
 * (times in ms; bytes from the file size after a WAL checkpoint, measured after each resolution's rows; `cpuMs` = this
 * process's CPU time, SQLite's included; `steps` = runRollup's steps, each a read, a chunk transaction or a retention
 * delete, and `longestStepMs` the longest: how long the poller's DB queue waits behind the rollup at worst).
 * Options: `--routers 1000 --days 365 --raw-hours 48 --queries 100 --macvlans 3 --macsecs 2`; `--quick` = 50 routers,
 * 7 days (a few minutes). A short `--raw-hours` (at least 2) times the rollup of a large fleet without generating 48 h
 * of raw samples.
 */
import { stat } from "node:fs/promises";
import Database from "better-sqlite3";
import { fieldNames, METRIC_IDS, metricDescriptor, type MetricId } from "../lib/metrics/descriptors";
import { getSeries } from "../lib/metrics/query";
import type { RangeKey } from "../lib/metrics/ranges";
import { DAILY_SEC, FIVE_MINUTE_SEC, HOURLY_SEC, RAW_RESOLUTION, type StoredResolution } from "../lib/metrics/resolutions";
import { runRollup, type RollupStepRunner } from "../lib/metrics/rollup";
import { enableWal } from "../lib/db-client";
import { createTestDb, sqliteFile, type TestDb } from "../lib/testing/test-db";
import { arg, percentile, round } from "./support";

const POLL_SEC = 60;
const RAW_HOURS = 48;
const FIVE_MINUTE_DAYS = 30;
const RANGES_TIMED: RangeKey[] = ["1h", "24h", "7d", "30d", "1y"];
/** Distinct value sets per metric and kind: the JSON text is realistic, its generation cheap. */
const POOL = 64;

type Pool = { values: string[]; minValues: string[]; maxValues: string[] };

/** A random value of `field` in its unit: rates with fractions, percentages, bytes, counts. */
function sample(metric: MetricId, field: string): number {
  if (metric === "cpu-load") return Math.round(Math.random() * 100);
  if (metric === "memory") return field === "totalMemory" ? 268_435_456 : Math.round(100_000_000 + Math.random() * 100_000_000);
  if (metric === "mac-server-sessions") return Math.floor(Math.random() * 12);
  if (field.endsWith("BitsPerSecond")) return Math.random() * 90_000_000;
  return Math.random() * 9_000;
}

/** POOL value sets of `metric`: raw samples (integers where RouterOS prints integers) or rollups (averages, min, max). */
function pool(metric: MetricId, rollup: boolean): Pool {
  const fields = fieldNames(metric);
  const out: Pool = { values: [], minValues: [], maxValues: [] };
  for (let i = 0; i < POOL; i++) {
    const avg: Record<string, number> = {};
    const min: Record<string, number> = {};
    const max: Record<string, number> = {};
    for (const f of fields) {
      const v = sample(metric, f);
      avg[f] = rollup && metric !== "memory" ? v + Math.random() : v;
      min[f] = Math.floor(v / 2);
      max[f] = Math.ceil(v * 1.5);
    }
    out.values.push(JSON.stringify(avg));
    out.minValues.push(JSON.stringify(min));
    out.maxValues.push(JSON.stringify(max));
  }
  return out;
}

/** The series keys of a router per metric: `""` per device, interface names per interface. */
function seriesOf(metric: MetricId, macvlans: number, macsecs: number): string[] {
  const scope = metricDescriptor(metric).series;
  if (scope.per === "device") return [""];
  const count = scope.type === "macvlan" ? macvlans : macsecs;
  return Array.from({ length: count }, (_, i) => `${scope.type}${i + 1}`);
}

/** A cuid-shaped id (25 characters), so keys and indexes have their production size. */
function deviceId(i: number): string {
  return `c${i.toString(36).padStart(8, "0")}${Math.random().toString(36).slice(2, 18).padEnd(16, "0")}`;
}

async function checkpointedSize(t: TestDb): Promise<number> {
  await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  return (await stat(sqliteFile(t))).size;
}

/** SQLite text of a DateTime as Prisma's SQLite adapter writes it (`2026-11-21T10:00:00.000+00:00`). */
/** Rows per generating transaction. */
const TRANSACTION_ROWS = 50_000;

const seriesCount = (series: Record<MetricId, string[]>) => METRIC_IDS.reduce((n, m) => n + series[m].length, 0);

const sqliteTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/**
 * Inserts one row per device, metric and series at every step of [from, to), in time order, through a
 * prepared statement of better-sqlite3 in transactions of about TRANSACTION_ROWS rows (Prisma's createMany binds at
 * most 999 values per SQLite statement: about 3,600 rows/s here, days for a year of 1,000 routers).
 * @returns rows written
 */
function generate(
  sqlite: Database.Database,
  devices: string[],
  series: Record<MetricId, string[]>,
  resolution: StoredResolution,
  from: number,
  to: number,
  pools: Record<MetricId, Pool>,
): number {
  const insert = sqlite.prepare(
    `INSERT INTO "MetricSample" ("deviceId", "metric", "series", "ts", "resolution", "values", "minValues", "maxValues", "status") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const stepMs = (resolution === RAW_RESOLUTION ? POLL_SEC : resolution) * 1000;
  const slot = sqlite.transaction((ms: number) => {
    let rows = 0;
    for (const [d, deviceId] of devices.entries()) {
      // Raw samples are stamped when each router was read: spread over the poll interval.
      const ts = sqliteTime(resolution === RAW_RESOLUTION ? ms + ((d * 997) % stepMs) : ms);
      for (const metric of METRIC_IDS) {
        const p = pools[metric];
        const status = metric === "macsec-stats" ? "open-encrypted" : null;
        for (const key of series[metric]) {
          const k = Math.floor(Math.random() * POOL);
          const rollup = resolution !== RAW_RESOLUTION;
          insert.run(deviceId, metric, key, ts, resolution, p.values[k], rollup ? p.minValues[k] : null, rollup ? p.maxValues[k] : null, status);
          rows++;
        }
      }
    }
    return rows;
  });
  const steps = sqlite.transaction((first: number, count: number) => {
    let rows = 0;
    for (let i = 0, ms = first; i < count && ms < to; i++, ms += stepMs) rows += slot(ms);
    return rows;
  });
  const stepsPerTransaction = Math.max(1, Math.floor(TRANSACTION_ROWS / (devices.length * seriesCount(series))));
  let written = 0;
  for (let ms = from; ms < to; ms += stepsPerTransaction * stepMs) written += steps(ms, stepsPerTransaction);
  return written;
}

/** A runStep for runRollup that times every step: how many ran, the longest (ms), and this process's CPU time since (ms; SQLite runs in it). */
function timedSteps(): { runStep: RollupStepRunner; figures: () => { cpuMs: number; steps: number; longestStepMs: number } } {
  let steps = 0;
  let longest = 0;
  const cpu = process.cpuUsage();
  const runStep: RollupStepRunner = async (step) => {
    const started = performance.now();
    try {
      return await step();
    } finally {
      steps++;
      longest = Math.max(longest, performance.now() - started);
    }
  };
  const cpuMs = () => {
    const used = process.cpuUsage(cpu);
    return round((used.user + used.system) / 1000);
  };
  return { runStep, figures: () => ({ cpuMs: cpuMs(), steps, longestStepMs: round(longest) }) };
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const routers = Number(arg("routers", quick ? "50" : "1000"));
  const days = Number(arg("days", quick ? "7" : "365"));
  const rawHours = Number(arg("raw-hours", String(RAW_HOURS)));
  const queries = Number(arg("queries", "100"));
  const macvlans = Number(arg("macvlans", "3"));
  const macsecs = Number(arg("macsecs", "2"));
  const t = await createTestDb();
  try {
    // As the poller and web server run it (WAL, synchronous = NORMAL: no fsync per commit).
    await enableWal(t.db);
    const hourMs = 3_600_000;
    const now = Math.floor(Date.now() / hourMs) * hourMs + 30 * 60_000;
    const rolledUntil = Math.floor(now / hourMs) * hourMs - hourMs;
    await t.db.site.create({ data: { id: "site", name: "Site" } });
    const devices = Array.from({ length: routers }, (_, i) => deviceId(i));
    for (let i = 0; i < devices.length; i += 5_000) {
      await t.db.device.createMany({
        data: devices
          .slice(i, i + 5_000)
          .map((id, k) => ({ id, name: `router-${i + k}`, siteId: "site", apiUrl: "https://10.0.0.1", username: "noc", passwordSealed: "x" })),
      });
    }
    const series = Object.fromEntries(METRIC_IDS.map((m) => [m, seriesOf(m, macvlans, macsecs)])) as Record<MetricId, string[]>;
    const seriesPerRouter = seriesCount(series);
    const rawPools = Object.fromEntries(METRIC_IDS.map((m) => [m, pool(m, false)])) as Record<MetricId, Pool>;
    const rollupPools = Object.fromEntries(METRIC_IDS.map((m) => [m, pool(m, true)])) as Record<MetricId, Pool>;

    const started = performance.now();
    const empty = await checkpointedSize(t);
    const hourlyFrom = rolledUntil - days * 86_400_000;
    const sqlite = new Database(sqliteFile(t));
    // Generated history, not production writes: no fsync per transaction.
    sqlite.pragma("synchronous = OFF");
    const hourly = generate(sqlite, devices, series, HOURLY_SEC, hourlyFrom, rolledUntil, rollupPools);
    const afterHourly = await checkpointedSize(t);
    const dayMs = DAILY_SEC * 1000;
    const daily = generate(sqlite, devices, series, DAILY_SEC, Math.ceil(hourlyFrom / dayMs) * dayMs, Math.floor(rolledUntil / dayMs) * dayMs, rollupPools);
    const afterDaily = await checkpointedSize(t);
    const fiveMinuteDays = Math.min(days, FIVE_MINUTE_DAYS);
    const fiveMinute = generate(sqlite, devices, series, FIVE_MINUTE_SEC, rolledUntil - fiveMinuteDays * 86_400_000, rolledUntil, rollupPools);
    const afterFiveMinute = await checkpointedSize(t);
    const raw = generate(sqlite, devices, series, RAW_RESOLUTION, now - rawHours * hourMs, now, rawPools);
    sqlite.close();
    const afterRaw = await checkpointedSize(t);
    const generateMs = performance.now() - started;
    process.stderr.write(`charts: generated ${daily + hourly + fiveMinute + raw} rows in ${Math.round(generateMs)} ms\n`);

    const bytes = { hourly: afterHourly - empty, daily: afterDaily - afterHourly, fiveMinute: afterFiveMinute - afterDaily, raw: afterRaw - afterFiveMinute };
    const perRouterDay = {
      raw: round(bytes.raw / routers / (rawHours / 24), 0),
      fiveMinute: round(bytes.fiveMinute / routers / fiveMinuteDays, 0),
      hourly: round(bytes.hourly / routers / days, 0),
      daily: round(bytes.daily / routers / days, 0),
    };

    const rollupSteps = timedSteps();
    const rollupStarted = performance.now();
    const rollup = await runRollup(t.db, new Date(now), { latenessMs: 0, rawRetentionHours: rawHours, runStep: rollupSteps.runStep });
    const rollupHour = {
      ms: round(performance.now() - rollupStarted),
      fiveMinuteRows: Object.values(rollup.rollups).reduce((a, b) => a + b, 0),
      hourlyRows: Object.values(rollup.hourlyRollups).reduce((a, b) => a + b, 0),
      ...rollupSteps.figures(),
    };
    const retentionSteps = timedSteps();
    const retentionStarted = performance.now();
    const retention = await runRollup(t.db, new Date(now + hourMs), {
      latenessMs: hourMs,
      rawRetentionHours: rawHours,
      fiveMinuteRetentionDays: fiveMinuteDays,
      hourlyRetentionDays: days,
      runStep: retentionSteps.runStep,
    });
    const retentionHour = {
      ms: round(performance.now() - retentionStarted),
      deleted: retention.deleted,
      batches: retention.deleteBatches,
      ...retentionSteps.figures(),
    };

    const results: Record<string, { p50: number; p95: number; max: number; maxPoints: number }> = {};
    const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
    for (const range of RANGES_TIMED) {
      for (let i = 0; i < 5; i++) await getSeries(t.db, pick(devices), pick(METRIC_IDS), range, new Date(now));
      const ms: number[] = [];
      let maxPoints = 0;
      for (let i = 0; i < queries; i++) {
        const queryStarted = performance.now();
        const result = await getSeries(t.db, pick(devices), pick(METRIC_IDS), range, new Date(now));
        ms.push(performance.now() - queryStarted);
        for (const line of result.series) maxPoints = Math.max(maxPoints, line.points.length);
      }
      results[range] = { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(Math.max(...ms)), maxPoints };
    }
    const report = {
      bench: "charts",
      routers,
      days,
      seriesPerRouter,
      rows: { raw, fiveMinute, hourly, daily },
      generateMs: Math.round(generateMs),
      bytes: { ...bytes, total: afterRaw },
      bytesPerRouterPerDay: { ...perRouterDay, ingested: perRouterDay.raw + perRouterDay.fiveMinute + perRouterDay.hourly + perRouterDay.daily },
      bytesPerRouterKept: round(
        perRouterDay.raw * (RAW_HOURS / 24) + perRouterDay.fiveMinute * FIVE_MINUTE_DAYS + (perRouterDay.hourly + perRouterDay.daily) * 365,
        0,
      ),
      rollupHour,
      retentionHour,
      queries: results,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await t.cleanup();
  }
}

void main();
