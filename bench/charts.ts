/**
 * Chart benchmark: a fresh SQLite file (lib/testing/test-db.ts) holding the history a fleet would have
 * after a year, generated (not waited for) at the stored resolutions of lib/metrics/resolutions.ts:
 * 1-day and 1-hour rollups for `--days` days, 5-minute rollups for the last min(days, 30) days and raw samples every
 * 60 s for the last `--raw-hours` hours (48), for every series of every metric (lib/metrics/descriptors.ts) of each router:
 * sessions, CPU load, memory, `--macvlans` MACVLAN and `--macsecs` MACsec interfaces (traffic, and MACsec
 * statistics). Rows are stored as lib/metrics/sample-store.ts stores them: one `SampleSeries` row per series, and
 * `MetricSample` rows keyed by (seriesId, resolution, ts in ms) with field number i in `v<i>` (and a rollup's minimum and
 * maximum in `lo<i>` / `hi<i>`, as lib/metrics/rollup-sql.ts writes them). They are bulk-loaded with better-sqlite3 in
 * primary-key order (series by series, each resolution's rows in time order), so every insert appends to the table's
 * B-tree, through a prepared statement per metric in transactions of about 500,000 rows; the (resolution, ts) index is
 * dropped before and created again after the load. (The poller writes in time order, one row per series and poll: at
 * --quick that layout took within 2 % of the bytes of this one.) The rollups stop one hour before `now`, so
 * the bench then times runRollup over one hour of new samples for the whole fleet, and one retention run
 * an hour later (an hour of each resolution aged out). Then it times getSeries for random devices and
 * metrics, `--queries` times per range (1h, 24h, 7d, 30d, 1y) after a warm-up.
 *
 * Prints one JSON object: `{ bench: "charts", routers, days, seriesPerRouter, rows: { raw, fiveMinute, hourly, daily },
 * generateMs, bytes: { raw, fiveMinute, hourly, daily, total }, bytesPerRouterPerDay: { raw, fiveMinute, hourly, daily,
 * ingested }, bytesPerRouterKept, rollupHour: { ms, fiveMinuteRows, hourlyRows, cpuMs, steps, longestStepMs },
 * retentionHour: { ms, deleted, batches, cpuMs, steps, longestStepMs }, queries: { <range>: { p50, p95, max, maxPoints } } }`
 * (times in ms; bytes from the file size after a WAL checkpoint: the growth of the file by the table's rows, shared among
 * the resolutions by the bytes a row of each takes in the table's pages (measured by writing a sample of its rows alone
 * into an in-memory copy of the table: SQLite's dbstat), plus each resolution's share by rows of the (resolution, ts)
 * index, measured when it is created; `total` = the whole file; `generateMs` includes the index; `cpuMs` = this
 * process's CPU time, SQLite's included; `steps` = runRollup's steps, each a read, a chunk transaction or a retention
 * delete, and `longestStepMs` the longest: how long the poller's DB queue waits behind the rollup at worst).
 * Options: `--routers 1000 --days 365 --raw-hours 48 --queries 100 --macvlans 3 --macsecs 2`; `--quick` = 50 routers,
 * 7 days (under a minute). A short `--raw-hours` (at least 2) times the rollup of a large fleet without generating 48 h
 * of raw samples. Run with the `react-server` condition (`node --conditions=react-server --import tsx bench/charts.ts`).
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
/** Distinct value sets per metric and kind: the values are realistic, their generation cheap. */
const POOL = 64;
/** Rows per generating transaction. */
const TRANSACTION_ROWS = 500_000;
/** Routers and steps per resolution whose rows measure the bytes of a row (bytesPerRow). */
const CALIBRATION_ROUTERS = 20;
const CALIBRATION_STEPS = 200;
/** The (resolution, ts) index of prisma/schema.prisma, dropped for the bulk load. */
const TIME_INDEX = `"MetricSample_resolution_ts_idx"`;

/**
 * Bound values of one row, by position: seriesId, resolution, ts (ms), status, then `v0`… (and `lo0`…, `hi0`… of a
 * rollup). The first three are set per row.
 */
type Params = (number | string | null)[];

/** A series of the fleet: its SampleSeries id, metric and router (index in the device list). */
type SeriesRow = { id: number; metric: MetricId; router: number };

/** The rows of one resolution, one every step of [from, to) (ms since epoch, UTC). */
type Span = { resolution: StoredResolution; from: number; to: number };

/** Milliseconds between two rows of `resolution`: the poll interval for raw samples. */
const stepMsOf = (resolution: StoredResolution) => (resolution === RAW_RESOLUTION ? POLL_SEC : resolution) * 1000;

/** Rows per series of `span`. */
const stepsOf = (span: Span) => Math.max(0, Math.ceil((span.to - span.from) / stepMsOf(span.resolution)));

/** A random value of `field` in its unit: rates with fractions, percentages, bytes, counts. */
function sample(metric: MetricId, field: string): number {
  if (metric === "cpu-load") return Math.round(Math.random() * 100);
  if (metric === "memory") return field === "totalMemory" ? 268_435_456 : Math.round(100_000_000 + Math.random() * 100_000_000);
  if (metric === "mac-server-sessions") return Math.floor(Math.random() * 12);
  if (field.endsWith("BitsPerSecond")) return Math.random() * 90_000_000;
  return Math.random() * 9_000;
}

/** POOL rows of `metric`: raw samples (integers where RouterOS prints integers) or rollups (averages, min, max). */
function pool(metric: MetricId, rollup: boolean): Params[] {
  const fields = fieldNames(metric);
  const status = metric === "macsec-stats" ? "open-encrypted" : null;
  return Array.from({ length: POOL }, () => {
    const avg: number[] = [];
    const min: number[] = [];
    const max: number[] = [];
    for (const f of fields) {
      const v = sample(metric, f);
      avg.push(rollup && metric !== "memory" ? v + Math.random() : v);
      min.push(Math.floor(v / 2));
      max.push(Math.ceil(v * 1.5));
    }
    return [0, 0, 0, status, ...avg, ...(rollup ? [...min, ...max] : [])];
  });
}

/** The INSERT of `metric`'s rows: its value columns only (`lo`/`hi` too for a rollup). */
function insertSql(metric: MetricId, rollup: boolean): string {
  const fields = fieldNames(metric);
  const columns = (rollup ? ["v", "lo", "hi"] : ["v"]).flatMap((prefix) => fields.map((_, i) => `"${prefix}${i}"`));
  const names = [`"seriesId"`, `"resolution"`, `"ts"`, `"status"`, ...columns];
  return `INSERT INTO "MetricSample" (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`;
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

const seriesCount = (series: Record<MetricId, string[]>) => METRIC_IDS.reduce((n, m) => n + series[m].length, 0);

/** Writes the SampleSeries rows of every router (ids 1… in router, metric and series order, as the poller would create them). */
function createSeries(sqlite: Database.Database, devices: string[], series: Record<MetricId, string[]>): SeriesRow[] {
  const insert = sqlite.prepare(`INSERT INTO "SampleSeries" ("id", "deviceId", "metric", "series") VALUES (?, ?, ?, ?)`);
  const rows: SeriesRow[] = [];
  sqlite.transaction(() => {
    for (const [router, device] of devices.entries()) {
      for (const metric of METRIC_IDS) {
        for (const key of series[metric]) {
          rows.push({ id: rows.length + 1, metric, router });
          insert.run(rows.length, device, metric, key);
        }
      }
    }
  })();
  return rows;
}

/**
 * Inserts one row per series at every step of each span, in primary-key order (series by series, spans by resolution,
 * rows by time: every insert appends), through a prepared statement per metric of better-sqlite3 in transactions of
 * about TRANSACTION_ROWS rows (Prisma's createMany binds at most 999 values per SQLite statement: days for a year of
 * 1,000 routers). Prints its progress to stderr when `progress`.
 */
function generate(sqlite: Database.Database, fleet: SeriesRow[], spans: Span[], progress = false): void {
  const writers = [...spans]
    .sort((a, b) => a.resolution - b.resolution)
    .map((span) => {
      const rollup = span.resolution !== RAW_RESOLUTION;
      const inserts = Object.fromEntries(METRIC_IDS.map((m) => [m, { stmt: sqlite.prepare(insertSql(m, rollup)), rows: pool(m, rollup) }]));
      return { span, rollup, stepMs: stepMsOf(span.resolution), inserts: inserts as Record<MetricId, { stmt: Database.Statement; rows: Params[] }> };
    });
  const write = sqlite.transaction((part: SeriesRow[]) => {
    for (const s of part) {
      for (const { span, rollup, stepMs, inserts } of writers) {
        const { stmt, rows } = inserts[s.metric];
        // Raw samples are stamped when each router was read: spread over the poll interval.
        const offset = rollup ? 0 : (s.router * 997) % stepMs;
        for (let ms = span.from; ms < span.to; ms += stepMs) {
          const params = rows[Math.floor(Math.random() * POOL)] as Params;
          params[0] = s.id;
          params[1] = span.resolution;
          params[2] = ms + offset;
          stmt.run(params);
        }
      }
    }
  });
  const perSeries = spans.reduce((n, span) => n + stepsOf(span), 0);
  const seriesPerTransaction = Math.max(1, Math.floor(TRANSACTION_ROWS / Math.max(1, perSeries)));
  const started = performance.now();
  for (let i = 0; i < fleet.length; i += seriesPerTransaction) {
    write(fleet.slice(i, i + seriesPerTransaction));
    const done = Math.min(fleet.length, i + seriesPerTransaction);
    if (progress) process.stderr.write(`charts: ${done * perSeries} of ${fleet.length * perSeries} rows in ${Math.round(performance.now() - started)} ms\n`);
  }
}

/**
 * Bytes a row of each span's resolution takes in the pages of MetricSample's B-tree (cells, page headers and free
 * space: SQLite's dbstat), from CALIBRATION_STEPS rows per series of `sample` written alone in primary-key order into
 * an in-memory copy of the table (`tableSql`, its CREATE TABLE).
 */
function bytesPerRow(tableSql: string, sample: SeriesRow[], spans: Span[]): number[] {
  const scratch = new Database(":memory:");
  try {
    scratch.pragma("foreign_keys = OFF");
    return spans.map((span) => {
      scratch.exec(tableSql);
      generate(scratch, sample, [{ ...span, to: Math.min(span.to, span.from + CALIBRATION_STEPS * stepMsOf(span.resolution)) }]);
      const { bytes, rows } = scratch
        .prepare(`SELECT SUM("pgsize") AS "bytes", (SELECT COUNT(*) FROM "MetricSample") AS "rows" FROM "dbstat" WHERE "name" = 'MetricSample'`)
        .get() as { bytes: number; rows: number };
      scratch.exec(`DROP TABLE "MetricSample"`);
      return rows > 0 ? bytes / rows : 0;
    });
  } finally {
    scratch.close();
  }
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

    const started = performance.now();
    const hourlyFrom = rolledUntil - days * 86_400_000;
    const dayMs = DAILY_SEC * 1000;
    const fiveMinuteDays = Math.min(days, FIVE_MINUTE_DAYS);
    const spans = {
      raw: { resolution: RAW_RESOLUTION, from: now - rawHours * hourMs, to: now },
      fiveMinute: { resolution: FIVE_MINUTE_SEC, from: rolledUntil - fiveMinuteDays * 86_400_000, to: rolledUntil },
      hourly: { resolution: HOURLY_SEC, from: hourlyFrom, to: rolledUntil },
      daily: { resolution: DAILY_SEC, from: Math.ceil(hourlyFrom / dayMs) * dayMs, to: Math.floor(rolledUntil / dayMs) * dayMs },
    } satisfies Record<string, Span>;
    const kinds = ["raw", "fiveMinute", "hourly", "daily"] as const;
    const sqlite = new Database(sqliteFile(t));
    // Generated history, not production writes: no fsync per transaction, a large page cache and the sorter on both cores.
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("cache_size = -1000000");
    sqlite.pragma("threads = 2");
    sqlite.exec(`DROP INDEX ${TIME_INDEX}`);
    const fleet = createSeries(sqlite, devices, series);
    const withSeries = await checkpointedSize(t);
    generate(
      sqlite,
      fleet,
      kinds.map((k) => spans[k]),
      true,
    );
    const afterTable = await checkpointedSize(t);
    sqlite.exec(`CREATE INDEX ${TIME_INDEX} ON "MetricSample"("resolution", "ts")`);
    const tableSql = (sqlite.prepare(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = 'MetricSample'`).get() as { sql: string }).sql;
    sqlite.close();
    const afterIndex = await checkpointedSize(t);
    const generateMs = performance.now() - started;
    const [raw, fiveMinute, hourly, daily] = kinds.map((k) => stepsOf(spans[k]) * fleet.length) as [number, number, number, number];
    const rows = raw + fiveMinute + hourly + daily;
    process.stderr.write(`charts: generated ${rows} rows in ${Math.round(generateMs)} ms\n`);

    // Each resolution's share of the table by the bytes of its rows, and of the (resolution, ts) index by rows (entries of about equal size).
    const rowBytes = bytesPerRow(tableSql, fleet.slice(0, CALIBRATION_ROUTERS * seriesPerRouter), [spans.raw, spans.fiveMinute, spans.hourly, spans.daily]);
    const counts = [raw, fiveMinute, hourly, daily];
    const weight = counts.reduce((n, c, i) => n + c * (rowBytes[i] ?? 0), 0);
    const share = (i: number) =>
      Math.round(
        ((afterTable - withSeries) * (counts[i] ?? 0) * (rowBytes[i] ?? 0)) / Math.max(1, weight) +
          ((afterIndex - afterTable) * (counts[i] ?? 0)) / Math.max(1, rows),
      );
    const bytes = { raw: share(0), fiveMinute: share(1), hourly: share(2), daily: share(3) };
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
      bytes: { ...bytes, total: afterIndex },
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
