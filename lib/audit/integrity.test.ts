import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { withoutAuditTriggers, withRawConnection } from "../testing/raw-sql";
import { createTestDb, type TestDb } from "../testing/test-db";
import { hashEvent } from "./canonical";
import { appendAuditEvent } from "./log";

/**
 * The audit log against an attacker: SQL through a raw connection to the database is refused by the triggers;
 * someone with write access to the database who removes the triggers, edits and puts them back is caught by
 * `npm run audit:verify` (a real child process on that database). On SQLite and on PostgreSQL.
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
  it("a raw SQL connection cannot UPDATE, DELETE (or TRUNCATE) events", async () => {
    await withRawConnection(t, async (exec) => {
      await expect(exec(`UPDATE "AuditEvent" SET "after" = '{"site":"forged"}' WHERE id = 2`)).rejects.toThrow(/append-only/);
      await expect(exec(`UPDATE "AuditEvent" SET "hash" = 'x'`)).rejects.toThrow(/append-only/);
      await expect(exec(`DELETE FROM "AuditEvent" WHERE id = 5`)).rejects.toThrow(/append-only/);
      await expect(exec(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
      if (t.provider === "postgresql") await expect(exec(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
      const rows = (await exec(`SELECT id, "after" FROM "AuditEvent" ORDER BY id`)) as { id: number; after: string }[];
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

  it("audit:verify catches an edited row: exit 1 and the first broken event id", async () => {
    await withoutAuditTriggers(t, (exec) => exec(`UPDATE "AuditEvent" SET "after" = '{"site":"forged"}' WHERE id = 3`));
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
    await withoutAuditTriggers(t, (exec) => exec(`UPDATE "AuditEvent" SET "after" = ?, "hash" = ? WHERE id = 2`, [forged.after, hashEvent(forged)]));
    const res = auditVerify();
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/BROKEN at event 3: prevHash does not match the previous event/);
  });

  it("audit:verify catches a row deleted from the middle of the chain", async () => {
    await withoutAuditTriggers(t, (exec) => exec(`DELETE FROM "AuditEvent" WHERE id = 4`));
    const res = auditVerify();
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/BROKEN at event 5: prevHash does not match the previous event/);
  });
});
