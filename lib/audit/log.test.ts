import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { withoutAuditTriggers, withRawConnection } from "../testing/raw-sql";
import { createTestDb, type TestDb } from "../testing/test-db";
import { writeTransaction } from "../db-transaction";
import { appendAuditEvent, appendAuditEventsInTx, verifyAuditChain, type AuditActor, type AuditInput } from "./log";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

async function appendSome(n: number) {
  for (let i = 0; i < n; i++) {
    await appendAuditEvent(
      t.db,
      { id: "u1", email: "a@noc.local", clientIp: "127.0.0.1" },
      { action: "device.update", entityType: "device", entityId: `d${i}`, after: { name: `r${i}`, password: "hunter2", nested: { cak: "00".repeat(16) } } },
    );
  }
}

describe("audit log", () => {
  it("chains events and verifies", async () => {
    await appendSome(5);
    const report = await verifyAuditChain(t.db);
    const last = await t.db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(report).toEqual({ ok: true, count: 5, lastHash: last.hash, firstBrokenId: null, reason: null, expectedHash: null, storedHash: null });
  });

  it("stores dates in before/after as ISO 8601 UTC strings", async () => {
    await appendAuditEvent(t.db, null, { action: "change.schedule", after: { windowStart: new Date("2026-11-22T10:00:00Z") } });
    const row = await t.db.auditEvent.findFirstOrThrow();
    expect(JSON.parse(row.after ?? "")).toEqual({ windowStart: "2026-11-22T10:00:00.000Z" });
  });

  it("redacts secrets in before/after", async () => {
    await appendSome(1);
    const row = await t.db.auditEvent.findFirstOrThrow();
    expect(row.after).not.toContain("hunter2");
    expect(row.after).not.toContain("00".repeat(16));
    expect(JSON.parse(row.after ?? "{}")).toMatchObject({ password: "[redacted]", nested: { cak: "[redacted]" } });
  });

  it("a batch append chains and verifies like single appends, with the same stored content", async () => {
    const actor: AuditActor = { id: "u1", email: "a@noc.local", clientIp: "127.0.0.1", requestId: "r1" };
    const inputs: AuditInput[] = [
      { action: "alert.fire", entityType: "alert", entityId: "a1", after: { state: "firing", password: "hunter2" } },
      { action: "alert.resolve", entityType: "alert", entityId: "a2", before: { state: "firing" }, after: { state: "resolved" } },
      { action: "alert.pending" },
    ];
    await appendSome(1);
    for (const input of inputs) await appendAuditEvent(t.db, actor, input);
    expect(await writeTransaction(t.db, (tx) => appendAuditEventsInTx(tx, actor, []))).toBe(0);
    expect(await writeTransaction(t.db, (tx) => appendAuditEventsInTx(tx, actor, inputs))).toBe(3);
    await appendSome(1);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 8 });
    const rows = await t.db.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(rows.length).toBe(8);
    const stored = rows.map(({ ts: _ts, id: _id, prevHash: _p, hash: _h, ...content }) => content);
    expect(stored.slice(4, 7)).toEqual(stored.slice(1, 4));
    expect(at(rows, 4).after).not.toContain("hunter2");
    for (let i = 1; i < rows.length; i++) expect(at(rows, i).prevHash).toBe(at(rows, i - 1).hash);
  });

  it("the database refuses UPDATE and DELETE", async () => {
    await appendSome(2);
    await expect(t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await t.db.auditEvent.count()).toBe(2);
  });

  it("verification finds the first tampered event", async () => {
    await appendSome(4);
    await t.db.$disconnect();
    await withoutAuditTriggers(t, (exec) => exec(`UPDATE "AuditEvent" SET "entityId" = 'forged' WHERE id = 3`));
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(false);
    expect(report.firstBrokenId).toBe(3);
    expect(report.count).toBe(2);
    expect(report.reason).toMatch(/content/);
    const stored = await t.db.auditEvent.findUniqueOrThrow({ where: { id: 3 } });
    const second = await t.db.auditEvent.findUniqueOrThrow({ where: { id: 2 } });
    expect(report.storedHash).toBe(stored.hash);
    expect(report.expectedHash).not.toBe(stored.hash);
    expect(report.lastHash).toBe(second.hash);
  });

  it("concurrent writers cannot fork the chain", async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => appendAuditEvent(t.db, null, { action: `concurrent.${i}` })));
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(true);
    expect(report.count).toBe(10);
  });

  it("two processes appending at once keep one chain (each append holds the write lock while it reads the tail)", async () => {
    const script = path.join(__dirname, "testdata", "append-many.ts");
    const run = (label: string) =>
      promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", script, t.url, label, "25"], {
        cwd: path.resolve(__dirname, "../.."),
      });
    await Promise.all([run("a"), run("b")]);
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(true);
    expect(report.count).toBe(50);
  });

  it("refuses an insert that would replace an existing event (SQLite INSERT OR REPLACE deletes without firing the delete trigger; PostgreSQL ON CONFLICT DO UPDATE)", async () => {
    await appendSome(2);
    const replace =
      t.provider === "sqlite"
        ? `INSERT OR REPLACE INTO "AuditEvent" ("id","ts","action","prevHash","hash") SELECT "id","ts",'forged',"prevHash","hash" FROM "AuditEvent" WHERE "id" = 1`
        : `INSERT INTO "AuditEvent" ("id","ts","action","prevHash","hash") SELECT "id","ts",'forged',"prevHash","hash" FROM "AuditEvent" WHERE "id" = 1 ON CONFLICT ("id") DO UPDATE SET "action" = 'forged'`;
    await withRawConnection(t, (exec) => expect(exec(replace)).rejects.toThrow(/append-only/));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
