import { spawnSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { createTestDb, type TestDb } from "../testing/test-db";
import { hashEvent } from "./canonical";
import { appendAuditEvent } from "./log";

/**
 * The audit log against an attacker: SQL through a raw connection on the file is refused by the triggers;
 * someone with write access to the file who drops the triggers, edits and recreates them is caught by
 * `npm run audit:verify` (a real child process on that file).
 */

const ROOT = path.resolve(__dirname, "../..");

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  for (let i = 1; i <= 5; i++) {
    await appendAuditEvent(
      t.db,
      { id: "u1", email: "ada@noc.local", clientIp: "10.0.0.1" },
      { action: "device.update", entityType: "device", entityId: `d${i}`, after: { site: `S${i}` } },
    );
  }
  await t.db.$disconnect();
});
afterEach(async () => {
  await t.cleanup();
});

function withRaw<T>(fn: (raw: Database.Database) => T): T {
  const raw = new Database(t.file);
  try {
    return fn(raw);
  } finally {
    raw.close();
  }
}

/** Drops the append-only triggers, runs `edit`, and recreates them exactly as they were (as an attacker would). */
function tamper(edit: (raw: Database.Database) => void): void {
  withRaw((raw) => {
    const triggers = raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditEvent'`).all() as {
      name: string;
      sql: string;
    }[];
    expect(triggers.map((tr) => tr.name).sort()).toEqual(["AuditEvent_no_delete", "AuditEvent_no_replace", "AuditEvent_no_update"]);
    for (const tr of triggers) raw.exec(`DROP TRIGGER "${tr.name}"`);
    edit(raw);
    for (const tr of triggers) raw.exec(tr.sql);
  });
}

function auditVerify(): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync("npm", ["run", "--silent", "audit:verify"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: t.url },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe("audit log integrity", () => {
  it("a raw SQL connection on the file cannot UPDATE or DELETE events", () => {
    withRaw((raw) => {
      expect(() => raw.prepare(`UPDATE "AuditEvent" SET "after" = '{"site":"forged"}' WHERE id = 2`).run()).toThrow(/append-only/);
      expect(() => raw.prepare(`UPDATE "AuditEvent" SET "hash" = 'x'`).run()).toThrow(/append-only/);
      expect(() => raw.prepare(`DELETE FROM "AuditEvent" WHERE id = 5`).run()).toThrow(/append-only/);
      expect(() => raw.prepare(`DELETE FROM "AuditEvent"`).run()).toThrow(/append-only/);
      const rows = raw.prepare(`SELECT id, "after" FROM "AuditEvent" ORDER BY id`).all() as { id: number; after: string }[];
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
      expect(rows[1]?.after).toBe('{"site":"S2"}');
    });
  });

  it("audit:verify passes an intact log (exit 0)", () => {
    const res = auditVerify();
    expect(res.stderr).toBe("");
    expect(res.stdout).toMatch(/audit chain OK: 5 events/);
    expect(res.status).toBe(0);
  });

  it("audit:verify catches an edited row: exit 1 and the first broken event id", () => {
    tamper((raw) => raw.prepare(`UPDATE "AuditEvent" SET "after" = '{"site":"forged"}' WHERE id = 3`).run());
    const res = auditVerify();
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/BROKEN at event 3: content does not match its hash/);
    expect(JSON.parse(at(res.stdout.trim().split("\n"), 0))).toMatchObject({ ok: false, firstBrokenId: 3, count: 2 });
  });

  it("audit:verify catches a row re-hashed by the attacker: the next event's link breaks", async () => {
    // The attacker edits event 2 and recomputes its hash with the real algorithm; event 3 still links to the old hash.
    const { id: _id, hash: _hash, ...content } = await t.db.auditEvent.findUniqueOrThrow({ where: { id: 2 } });
    await t.db.$disconnect();
    const forged = { ...content, after: '{"site":"forged"}' };
    tamper((raw) => raw.prepare(`UPDATE "AuditEvent" SET "after" = ?, "hash" = ? WHERE id = 2`).run(forged.after, hashEvent(forged)));
    const res = auditVerify();
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/BROKEN at event 3: prevHash does not match the previous event/);
  });

  it("audit:verify catches a row deleted from the middle of the chain", () => {
    tamper((raw) => raw.prepare(`DELETE FROM "AuditEvent" WHERE id = 4`).run());
    const res = auditVerify();
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/BROKEN at event 5: prevHash does not match the previous event/);
  });
});
