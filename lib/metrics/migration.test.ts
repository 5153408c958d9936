import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MIGRATIONS_DIR = path.resolve(__dirname, "../../prisma/migrations");
const MOVE = "metric_samples";

type Row = { deviceId: string; metric: string; series: string; ts: string; resolution: number; values: string; status: string | null };

/**
 * The migration to MetricSample moves the rows of the three per-metric tables: applied to a database
 * holding rows of each (as the previous migrations left it), every row must reappear with its values
 * under the new field names, and traffic must land in the metric of its interface type.
 */
describe(`migration ${MOVE}`, () => {
  let dir: string;
  let sqlite: Database.Database;
  let rows: Row[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "routeros-noc-migration-"));
    sqlite = new Database(path.join(dir, "test.db"));
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const target = names.findIndex((n) => n.endsWith(`_${MOVE}`));
    expect(target).toBeGreaterThan(0);
    for (const name of names.slice(0, target)) sqlite.exec(await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"));
    const ts = "2026-11-21T10:00:00.000+00:00";
    sqlite.exec(`
      INSERT INTO Site (id, name) VALUES ('s', 'S');
      INSERT INTO Device (id, name, siteId, apiUrl, username, passwordSealed, createdAt, updatedAt) VALUES ('d', 'core', 's', 'https://10.0.0.1', 'api', 'x', '${ts}', '${ts}');
      INSERT INTO MacsecInterface (deviceId, name, parent, running, disabled, updatedAt) VALUES ('d', 'macsec1', 'ether2', 1, 0, '${ts}');
      INSERT INTO MacServerSessionSample (deviceId, ts, resolution, count) VALUES ('d', '${ts}', 0, 3), ('d', '${ts}', 300, 2.5);
      INSERT INTO InterfaceTrafficSample (deviceId, interface, ts, resolution, rxBps, txBps, rxPps, txPps)
        VALUES ('d', 'macvlan1', '${ts}', 0, 8000, 16000, 10, 20), ('d', 'macsec1', '${ts}', 300, 1.5, 2, 3, 4);
      INSERT INTO MacsecSample (deviceId, interface, ts, resolution, status, inPktsOk, inPktsLate)
        VALUES ('d', 'macsec1', '${ts}', 0, 'open-encrypted', 12.5, NULL);
    `);
    const move = names[target];
    if (!move) throw new Error("no migration");
    sqlite.exec(await readFile(path.join(MIGRATIONS_DIR, move, "migration.sql"), "utf8"));
    rows = sqlite.prepare(`SELECT deviceId, metric, series, ts, resolution, "values", status FROM MetricSample ORDER BY id`).all() as Row[];
  });

  afterAll(async () => {
    sqlite?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("moves every row, keeping device, time and resolution", () => {
    expect(rows.map((r) => [r.metric, r.series, r.resolution])).toEqual([
      ["mac-server-sessions", "", 0],
      ["mac-server-sessions", "", 300],
      ["macvlan-traffic", "macvlan1", 0],
      ["macsec-traffic", "macsec1", 300],
      ["macsec-stats", "macsec1", 0],
    ]);
    expect(rows.every((r) => r.deviceId === "d" && r.ts === "2026-11-21T10:00:00.000+00:00")).toBe(true);
  });

  it("renames rxBps/txBps (bits per second) and keeps unknown MACsec rates null", () => {
    const values = rows.map((r) => JSON.parse(r.values) as Record<string, number | null>);
    expect(values[0]).toEqual({ sessions: 3 });
    expect(values[2]).toEqual({ rxBitsPerSecond: 8000, txBitsPerSecond: 16000, rxPacketsPerSecond: 10, txPacketsPerSecond: 20 });
    expect(values[3]).toMatchObject({ rxBitsPerSecond: 1.5, txBitsPerSecond: 2 });
    expect(values[4]).toMatchObject({ inPktsOk: 12.5, inPktsLate: null, outPktsEncrypted: null });
    expect(rows[4]?.status).toBe("open-encrypted");
  });

  it("drops the per-metric tables", () => {
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toContain("MetricSample");
    expect(tables).not.toContain("MacServerSessionSample");
    expect(tables).not.toContain("InterfaceTrafficSample");
    expect(tables).not.toContain("MacsecSample");
  });
});
