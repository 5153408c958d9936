import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { fieldNames, type MetricId } from "./descriptors";
import { MAX_SAMPLE_FIELDS } from "./sample-store";

/**
 * The migration to compact metric storage (SampleSeries + typed value columns), on both databases: applied to a
 * database holding old-layout MetricSample rows (JSON `values` / `minValues` / `maxValues`, DateTime `ts`) of every
 * metric, each row must reappear once under its series with `ts` in milliseconds and each field in the column of its
 * position in the descriptor. SQLite runs without TEST_DATABASE_URL, PostgreSQL with it (scripts/pg-server.mjs), each
 * in a scratch database holding the migrations before this one.
 */

const MIGRATION = "compact_metric_samples";
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

type Values = Record<string, number | null>;
/** An old-layout row: `ts` as the adapter wrote it (SQLite: ISO text, or an integer of ms). */
type OldRow = {
  deviceId: string;
  metric: MetricId;
  series: string;
  ts: string | number;
  resolution: number;
  values: Values;
  min?: Values;
  max?: Values;
  status?: string;
};
/** A migrated row joined with its series; value columns as arrays v0…v8, lo0…lo8, hi0…hi8. */
type NewRow = {
  deviceId: string;
  metric: string;
  series: string;
  resolution: number;
  ts: number;
  status: string | null;
  v: unknown[];
  lo: unknown[];
  hi: unknown[];
};

const T = "2026-11-21T10:00:00.000+00:00";
/** Field i of macsec-stats = `base + i` (inPktsLate left unknown when `late` is null). */
const macsec = (base: number, late: number | null = base + 5): Values =>
  Object.fromEntries(fieldNames("macsec-stats").map((f, i) => [f, f === "inPktsLate" ? late : base + i]));
const traffic = (rx: number, tx: number, rxp: number, txp: number): Values => ({
  rxBitsPerSecond: rx,
  txBitsPerSecond: tx,
  rxPacketsPerSecond: rxp,
  txPacketsPerSecond: txp,
});

/** Rows of every metric and resolution, a duplicate, a field left out, ISO times with `+00:00`, `Z` and milliseconds. */
const OLD_ROWS: OldRow[] = [
  { deviceId: "d", metric: "mac-server-sessions", series: "", ts: T, resolution: 0, values: { sessions: 3 } },
  { deviceId: "d", metric: "mac-server-sessions", series: "", ts: T, resolution: 300, values: { sessions: 2.5 }, min: { sessions: 1 }, max: { sessions: 4 } },
  { deviceId: "d", metric: "macvlan-traffic", series: "macvlan1", ts: "2026-11-21T10:00:01.500Z", resolution: 0, values: traffic(8000, 16000, 10, 20) },
  {
    deviceId: "d",
    metric: "macsec-traffic",
    series: "macsec1",
    ts: T,
    resolution: 300,
    values: traffic(1.5, 2, 3, 4),
    min: traffic(1, 1, 1, 1),
    max: traffic(2, 3, 5, 7),
  },
  {
    deviceId: "d",
    metric: "macsec-stats",
    series: "macsec1",
    ts: "2026-11-21T10:00:00.123+00:00",
    resolution: 0,
    values: macsec(1, null),
    status: "open-encrypted",
  },
  {
    deviceId: "d",
    metric: "macsec-stats",
    series: "macsec1",
    ts: T,
    resolution: 3600,
    values: macsec(10),
    min: macsec(0),
    max: macsec(20),
    status: "negotiating",
  },
  { deviceId: "d", metric: "cpu-load", series: "", ts: T, resolution: 0, values: { cpuLoad: 12.5 } },
  { deviceId: "d", metric: "cpu-load", series: "", ts: T, resolution: 0, values: { cpuLoad: 12.5 } },
  { deviceId: "e", metric: "cpu-load", series: "", ts: T, resolution: 0, values: { cpuLoad: 7 } },
  {
    deviceId: "e",
    metric: "memory",
    series: "",
    ts: "2026-11-21T00:00:00.000+00:00",
    resolution: 86400,
    values: { usedMemory: 100 },
    min: { usedMemory: 50 },
    max: { usedMemory: 150 },
  },
];
/** SQLite only: a `ts` stored as an integer of ms (the adapter's `unixepoch-ms` format). */
const SQLITE_ONLY: OldRow[] = [
  { deviceId: "e", metric: "cpu-load", series: "", ts: Date.parse("2026-11-21T10:05:00Z"), resolution: 0, values: { cpuLoad: 8 } },
];

/** What the migration must make of `rows`: duplicates once, fields in their columns, unknown and left-out fields null. */
function expectedRows(rows: OldRow[]): NewRow[] {
  const columns = (metric: MetricId, values: Values | undefined) =>
    Array.from({ length: MAX_SAMPLE_FIELDS }, (_, i) => {
      const field = fieldNames(metric)[i];
      return field === undefined ? null : (values?.[field] ?? null);
    });
  const byKey = new Map<string, NewRow>();
  for (const r of rows) {
    const ts = typeof r.ts === "number" ? r.ts : Date.parse(r.ts);
    const row = { ...r, ts, status: r.status ?? null, v: columns(r.metric, r.values), lo: columns(r.metric, r.min), hi: columns(r.metric, r.max) };
    const { values: _v, min: _min, max: _max, ...migrated } = row;
    byKey.set([r.deviceId, r.metric, r.series, r.resolution, ts].join("\u0000"), migrated);
  }
  return [...byKey.values()].sort(compareRows);
}

function compareRows(a: NewRow, b: NewRow): number {
  const key = (r: NewRow) => [r.deviceId, r.metric, r.series].join("\u0000");
  return key(a).localeCompare(key(b)) || a.resolution - b.resolution || a.ts - b.ts;
}

/** Migrated rows from a `SELECT s.*, k."deviceId", k."metric", k."series"` (bigint `ts` as text on PostgreSQL). */
function newRows(rows: Record<string, unknown>[]): NewRow[] {
  const columns = (r: Record<string, unknown>, prefix: string) => Array.from({ length: MAX_SAMPLE_FIELDS }, (_, i) => r[`${prefix}${i}`] ?? null);
  return rows
    .map((r) => ({
      deviceId: String(r.deviceId),
      metric: String(r.metric),
      series: String(r.series),
      resolution: Number(r.resolution),
      ts: Number(r.ts),
      status: (r.status as string | null) ?? null,
      v: columns(r, "v"),
      lo: columns(r, "lo"),
      hi: columns(r, "hi"),
    }))
    .sort(compareRows);
}

const SELECT_MIGRATED = `SELECT s.*, k."deviceId", k."metric", k."series" FROM "MetricSample" s JOIN "SampleSeries" k ON k."id" = s."seriesId"`;
const SELECT_SERIES = `SELECT "deviceId", "metric", "series" FROM "SampleSeries" ORDER BY "deviceId", "metric", "series"`;
const INSERT_OLD = `INSERT INTO "MetricSample" ("deviceId", "metric", "series", "ts", "resolution", "values", "minValues", "maxValues", "status")`;
const oldParams = (r: OldRow) => [
  r.deviceId,
  r.metric,
  r.series,
  r.ts,
  r.resolution,
  JSON.stringify(r.values),
  r.min ? JSON.stringify(r.min) : null,
  r.max ? JSON.stringify(r.max) : null,
  r.status ?? null,
];

/** The migrations of `dir` before this one, and this one. */
async function migrations(dir: string): Promise<{ before: string[]; target: string }> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const index = names.findIndex((n) => n.endsWith(`_${MIGRATION}`));
  expect(index).toBeGreaterThan(0);
  const sql = (name: string) => readFile(path.join(dir, name, "migration.sql"), "utf8");
  return { before: await Promise.all(names.slice(0, index).map(sql)), target: await sql(at(names, index)) };
}

/** What each database's run reads after the migration. */
type Migrated = { rows: NewRow[]; series: { deviceId: string; metric: string; series: string }[]; oldTableGone: boolean };

/** The checks of both databases, on what `migrate()` returns for `oldRows`. */
function checkMigration(name: string, oldRows: OldRow[], migrate: () => Promise<Migrated>) {
  describe(name, () => {
    let migrated: Migrated;
    beforeAll(async () => {
      migrated = await migrate();
    });

    it("creates one SampleSeries row per device, metric and series", () => {
      expect(migrated.series).toEqual([
        { deviceId: "d", metric: "cpu-load", series: "" },
        { deviceId: "d", metric: "mac-server-sessions", series: "" },
        { deviceId: "d", metric: "macsec-stats", series: "macsec1" },
        { deviceId: "d", metric: "macsec-traffic", series: "macsec1" },
        { deviceId: "d", metric: "macvlan-traffic", series: "macvlan1" },
        { deviceId: "e", metric: "cpu-load", series: "" },
        { deviceId: "e", metric: "memory", series: "" },
      ]);
    });

    it("copies every row once (duplicates collapsed), ts in ms, each field in its v/lo/hi column, status kept", () => {
      expect(migrated.rows).toHaveLength(oldRows.length - 1);
      expect(migrated.rows).toEqual(expectedRows(oldRows));
    });

    it("puts field number i of the descriptor in column i", () => {
      const find = (metric: string, resolution: number) => {
        const row = migrated.rows.find((r) => r.metric === metric && r.resolution === resolution);
        if (!row) throw new Error(`no ${metric} row of resolution ${resolution}`);
        return row;
      };
      expect(find("macvlan-traffic", 0)).toMatchObject({ ts: Date.parse("2026-11-21T10:00:01.500Z"), v: [8000, 16000, 10, 20, null, null, null, null, null] });
      const stats = find("macsec-stats", 3600);
      expect([stats.v[0], stats.lo[8], stats.hi[8], stats.status]).toEqual([10, 8, 28, "negotiating"]);
      expect(find("macsec-stats", 0)).toMatchObject({ ts: Date.parse("2026-11-21T10:00:00.123Z"), status: "open-encrypted" });
      expect(find("memory", 86400)).toMatchObject({
        v: [100, null, null, null, null, null, null, null, null],
        lo: [50, null, null, null, null, null, null, null, null],
      });
    });

    it("drops the old table", () => {
      expect(migrated.oldTableGone).toBe(true);
    });
  });
}

/** SQLite: a temporary file with the migrations before this one, the old rows, then this migration (better-sqlite3). */
async function migrateSqlite(oldRows: OldRow[]): Promise<Migrated> {
  const { before, target } = await migrations(path.resolve(__dirname, "../../prisma/migrations"));
  const dir = await mkdtemp(path.join(os.tmpdir(), "routeros-noc-migration-"));
  const sqlite = new Database(path.join(dir, "test.db"));
  try {
    for (const sql of before) sqlite.exec(sql);
    sqlite.exec(`
      INSERT INTO "Site" ("id", "name") VALUES ('s', 'S');
      INSERT INTO "Device" ("id", "name", "siteId", "apiUrl", "username", "passwordSealed", "createdAt", "updatedAt")
        VALUES ('d', 'core', 's', 'https://10.0.0.1', 'api', 'x', '${T}', '${T}'), ('e', 'edge', 's', 'https://10.0.0.2', 'api', 'x', '${T}', '${T}');
    `);
    const insert = sqlite.prepare(`${INSERT_OLD} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const r of oldRows) insert.run(...oldParams(r));
    sqlite.exec(target);
    const tables = sqlite.prepare(`SELECT "name" FROM sqlite_master WHERE "type" = 'table'`).all() as { name: string }[];
    return {
      rows: newRows(sqlite.prepare(SELECT_MIGRATED).all() as Record<string, unknown>[]),
      series: sqlite.prepare(SELECT_SERIES).all() as Migrated["series"],
      oldTableGone: tables.some((t) => t.name === "MetricSample") && !tables.some((t) => t.name.startsWith("new_") || t.name.endsWith("_old")),
    };
  } finally {
    sqlite.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** PostgreSQL: a scratch database on the server of TEST_DATABASE_URL, dropped afterwards. */
async function migratePostgres(serverUrl: string, oldRows: OldRow[]): Promise<Migrated> {
  const { before, target } = await migrations(path.resolve(__dirname, "../../prisma/postgresql/migrations"));
  const name = `routeros_noc_migration_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const db = new pg.Client({ connectionString: url.href });
    await db.connect();
    try {
      for (const sql of before) await db.query(sql);
      await db.query(`INSERT INTO "Site" ("id", "name") VALUES ('s', 'S')`);
      await db.query(`
        INSERT INTO "Device" ("id", "name", "siteId", "apiUrl", "username", "passwordSealed", "updatedAt")
        VALUES ('d', 'core', 's', 'https://10.0.0.1', 'api', 'x', now()), ('e', 'edge', 's', 'https://10.0.0.2', 'api', 'x', now())`);
      for (const r of oldRows) await db.query(`${INSERT_OLD} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, oldParams(r));
      await db.query(target);
      const tables = await db.query<{ tablename: string }>(`SELECT "tablename" FROM pg_tables WHERE "schemaname" = 'public'`);
      return {
        rows: newRows((await db.query(SELECT_MIGRATED)).rows as Record<string, unknown>[]),
        series: (await db.query<Migrated["series"][number]>(SELECT_SERIES)).rows,
        oldTableGone: tables.rows.some((t) => t.tablename === "MetricSample") && !tables.rows.some((t) => t.tablename.endsWith("_old")),
      };
    } finally {
      await db.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

describe.skipIf(TEST_DATABASE_URL !== undefined)(`migration ${MIGRATION} (SQLite)`, () => {
  const rows = [...OLD_ROWS, ...SQLITE_ONLY];
  checkMigration("prisma/migrations", rows, () => migrateSqlite(rows));
});

describe.skipIf(TEST_DATABASE_URL === undefined)(`migration ${MIGRATION} (PostgreSQL)`, () => {
  checkMigration("prisma/postgresql/migrations", OLD_ROWS, () => migratePostgres(TEST_DATABASE_URL ?? "", OLD_ROWS));
});
