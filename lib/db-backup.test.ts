import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { at } from "./testing/at";
import { appendAuditEvent, verifyAuditChain } from "./audit/log";
import { backupDatabase, databaseFileFromUrl, DatabaseCopyError, restoreDatabase, type DatabaseCopyRefusal } from "./db-backup";
import { createDb, enableWal } from "./db-client";
import { fieldNames } from "./metrics/descriptors";
import { createTestDb, sqliteFile, TEST_PROVIDER, type TestDb } from "./testing/test-db";

const WRITER = path.resolve(__dirname, "db-backup.test-writer.ts");

let t: TestDb;
let dir: string;
/** Writer processes of the running test, killed if the test ends (e.g. times out) before stopping them. */
const writers = new Set<ChildProcessWithoutNullStreams>();
beforeEach(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), "routeros-noc-backup-"));
});
afterEach(async () => {
  for (const child of writers) if (child.exitCode === null) child.kill();
  writers.clear();
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the write-load process on the test database and resolves once it has committed `readyAfter` rounds. */
async function startWriter(deviceId: string, readyAfter: number): Promise<{ child: ChildProcessWithoutNullStreams; stop: () => Promise<number> }> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", WRITER, sqliteFile(t), deviceId, String(readyAfter)], {
    cwd: path.resolve(__dirname, ".."),
  });
  writers.add(child);
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    child.on("exit", (code) => (code === 0 ? resolve(Number(/done (\d+)/.exec(out)?.[1])) : reject(new Error(`writer exited ${code}: ${err}`))));
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("ready")) resolve();
    });
    exited.catch(reject);
  });
  return {
    child,
    stop: () => {
      child.stdin.end();
      return exited;
    },
  };
}

/**
 * Writes `rows` older traffic samples of 50 MACVLAN series in one transaction (raw SQL: Prisma's createMany is slow at
 * this size), so the copy takes a while. Columns as lib/metrics/sample-store.ts stores them: field i in `v<i>`, `ts` in ms.
 */
function prefillTraffic(file: string, deviceId: string, rows: number): void {
  const fields = fieldNames("macvlan-traffic");
  const sqlite = new Database(file);
  try {
    const addSeries = sqlite.prepare(`INSERT INTO "SampleSeries" ("deviceId", "metric", "series") VALUES (?, 'macvlan-traffic', ?) RETURNING "id"`);
    const columns = fields.map((_, i) => `"v${i}"`).join(", ");
    const insert = sqlite.prepare(
      `INSERT INTO "MetricSample" ("seriesId", "resolution", "ts", ${columns}) VALUES (?, 0, ?, ${fields.map(() => "?").join(", ")})`,
    );
    sqlite.transaction(() => {
      const seriesIds = Array.from({ length: 50 }, (_, i) => (addSeries.get(deviceId, `macvlan${i}`) as { id: number }).id);
      for (let i = 0; i < rows; i++) {
        const values: Record<string, number> = { rxBitsPerSecond: i * 8, txBitsPerSecond: i * 8, rxPacketsPerSecond: 1, txPacketsPerSecond: 1 };
        insert.run(seriesIds[i % 50], Date.UTC(2026, 10, 1) + i * 1000, ...fields.map((f) => values[f]));
      }
    })();
  } finally {
    sqlite.close();
  }
}

async function refusal(p: Promise<unknown>): Promise<DatabaseCopyRefusal | "no refusal"> {
  try {
    await p;
    return "no refusal";
  } catch (err) {
    if (err instanceof DatabaseCopyError) return err.reason;
    throw err;
  }
}

// The copies are SQLite files; on PostgreSQL these commands refuse (pg_dump does it; last test).
describe.skipIf(TEST_PROVIDER !== "sqlite")("backupDatabase / restoreDatabase", () => {
  it("backs up under write load from another process and restores a copy whose chain holds every event committed before the backup", async () => {
    await enableWal(t.db);
    await t.db.site.create({ data: { id: "s1", name: "Paris-DC1" } });
    await t.db.device.create({ data: { id: "d1", name: "r1", siteId: "s1", apiUrl: "https://192.0.2.1", username: "noc", passwordSealed: "x" } });
    const history = 50_000;
    prefillTraffic(sqliteFile(t), "d1", history);
    const writer = await startWriter("d1", 50);
    let rounds: number;
    let backup;
    let committedBefore;
    try {
      committedBefore = await t.db.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true, hash: true } });
      backup = await backupDatabase(sqliteFile(t), path.join(dir, "backup.db"));
    } finally {
      rounds = await writer.stop();
    }
    expect(committedBefore.length).toBeGreaterThanOrEqual(50);
    const lastBefore = at(committedBefore, -1).id;
    expect(backup.audit).toMatchObject({ ok: true });
    expect(backup.audit.lastId).toBeGreaterThanOrEqual(lastBefore);
    expect(backup.tables.MetricSample).toBeGreaterThanOrEqual(history + 50 * 21);
    expect(backup.pages * backup.pageSize).toBe(backup.bytes);

    const restored = await restoreDatabase(backup.to, path.join(dir, "restored.db"));
    expect(restored).toMatchObject({
      command: "restore",
      replaced: false,
      integrity: "ok",
      audit: { ok: true, events: backup.audit.events, lastHash: backup.audit.lastHash },
    });
    const copy = createDb(`file:${restored.to}`);
    try {
      expect(await verifyAuditChain(copy)).toMatchObject({ ok: true, count: backup.audit.events });
      const kept = await copy.auditEvent.findMany({ where: { id: { lte: lastBefore } }, orderBy: { id: "asc" }, select: { id: true, hash: true } });
      expect(kept).toEqual(committedBefore);
    } finally {
      await copy.$disconnect();
    }
    const live = await verifyAuditChain(t.db);
    expect(live.ok).toBe(true);
    expect(live.count).toBe(rounds);
    expect(rounds).toBeGreaterThanOrEqual(backup.audit.events);
  }, 120_000);

  it("refuses to overwrite without force, and to restore over a database the app holds", async () => {
    await appendAuditEvent(t.db, null, { action: "auth.login" });
    const backupFile = path.join(dir, "backup.db");
    await backupDatabase(sqliteFile(t), backupFile);
    expect(await refusal(backupDatabase(sqliteFile(t), backupFile))).toBe("exists");
    expect(await refusal(restoreDatabase(backupFile, sqliteFile(t)))).toBe("exists");
    expect(await refusal(restoreDatabase(path.join(dir, "nothing.db"), path.join(dir, "x.db")))).toBe("missing");
    expect(await refusal(backupDatabase(sqliteFile(t), sqliteFile(t), { force: true }))).toBe("same-file");

    expect(await refusal(restoreDatabase(backupFile, sqliteFile(t), { force: true, busyTimeoutMs: 100 }))).toBe("in-use");
    expect(await refusal(backupDatabase(sqliteFile(t), sqliteFile(t) + ".copy"))).toBe("no refusal");
    expect(await refusal(backupDatabase(backupFile, sqliteFile(t), { force: true, busyTimeoutMs: 100 }))).toBe("in-use");

    await appendAuditEvent(t.db, null, { action: "device.create" });
    await t.db.$disconnect();
    const report = await restoreDatabase(backupFile, sqliteFile(t), { force: true });
    expect(report).toMatchObject({ replaced: true, audit: { ok: true, events: 1 } });
    expect(existsSync(`${sqliteFile(t)}-wal`)).toBe(false);
    const after = createDb(t.url);
    try {
      expect((await after.auditEvent.findMany({ select: { action: true } })).map((e) => e.action)).toEqual(["auth.login"]);
    } finally {
      await after.$disconnect();
    }
  });

  it("refuses to restore a backup whose audit chain is broken, leaving the target as it was", async () => {
    await appendAuditEvent(t.db, null, { action: "auth.login" });
    await appendAuditEvent(t.db, null, { action: "device.create" });
    const backupFile = path.join(dir, "backup.db");
    await backupDatabase(sqliteFile(t), backupFile);
    const tamper = new Database(backupFile);
    const triggers = tamper.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditEvent'").pluck().all() as string[];
    for (const name of triggers) tamper.exec(`DROP TRIGGER "${name}"`);
    tamper.prepare("UPDATE AuditEvent SET action = 'nothing.happened' WHERE action = 'auth.login'").run();
    tamper.close();

    const target = path.join(dir, "target.db");
    expect(await refusal(restoreDatabase(backupFile, target))).toBe("audit-chain");
    expect(existsSync(target)).toBe(false);
    await t.db.$disconnect();
    expect(await refusal(restoreDatabase(backupFile, sqliteFile(t), { force: true }))).toBe("audit-chain");
    expect(await t.db.auditEvent.count()).toBe(2);
    expect((await backupDatabase(backupFile, path.join(dir, "again.db"))).audit).toMatchObject({ ok: false, firstBrokenId: 1 });
  });
});

describe("the database of DATABASE_URL", () => {
  it("resolves a SQLite URL to a file like the app does, and refuses a PostgreSQL one (pg_dump backs it up)", () => {
    expect(databaseFileFromUrl("file:./data/app.db")).toBe(path.resolve("data/app.db"));
    expect(databaseFileFromUrl("file:/var/lib/noc/app.db?connection_limit=1")).toBe("/var/lib/noc/app.db");
    for (const url of ["postgresql://noc@db.example/noc", "postgres://noc@db.example/noc"]) {
      expect(() => databaseFileFromUrl(url)).toThrow(DatabaseCopyError);
      expect(() => databaseFileFromUrl(url)).toThrow(/pg_dump/);
    }
  });
});
