import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAuditEventInTx, verifyAuditChain } from "./audit/log";
import { isSqliteBusy, writeTransaction } from "./db-transaction";
import { createTestDb, type TestDb } from "./testing/test-db";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.cleanup());

describe("writeTransaction", () => {
  it("reads, then writes after another connection committed, without SQLITE_BUSY_SNAPSHOT", async () => {
    const other = new Database(t.file, { timeout: 5_000 });
    try {
      const result = await writeTransaction(t.db, async (tx) => {
        const before = await tx.site.count();
        // Another connection writes between our read and our write: it must wait for our commit.
        const competitor = new Promise<string>((resolve) => {
          setTimeout(() => {
            try {
              other.prepare(`INSERT INTO "Site" ("id","name","description","createdAt") VALUES ('s2','Other','',0)`).run();
              resolve("written");
            } catch (err) {
              resolve((err as { code?: string }).code ?? "error");
            }
          }, 0);
        });
        await tx.site.create({ data: { id: "s1", name: `Site ${before}` } });
        return competitor;
      });
      expect(["written", "SQLITE_BUSY"]).toContain(result);
      expect(await t.db.site.findUnique({ where: { id: "s1" } })).not.toBeNull();
    } finally {
      other.close();
    }
  });

  it("rolls the audit event back with the state change it records", async () => {
    await expect(
      writeTransaction(t.db, async (tx) => {
        await tx.site.create({ data: { id: "s1", name: "Paris" } });
        await appendAuditEventInTx(tx, null, { action: "site.create", entityType: "site", entityId: "s1" });
        throw new Error("crash after the event");
      }),
    ).rejects.toThrow("crash after the event");
    expect(await t.db.site.count()).toBe(0);
    expect(await t.db.auditEvent.count()).toBe(0);
    await writeTransaction(t.db, async (tx) => {
      await tx.site.create({ data: { id: "s1", name: "Paris" } });
      await appendAuditEventInTx(tx, null, { action: "site.create", entityType: "site", entityId: "s1" });
    });
    expect(await t.db.auditEvent.count()).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("retries the whole transaction while another connection holds the write lock past the busy timeout", async () => {
    const holder = new Database(t.file);
    holder.exec("BEGIN IMMEDIATE");
    let runs = 0;
    const pending = writeTransaction(
      t.db,
      async (tx) => {
        runs++;
        return tx.site.create({ data: { id: "s1", name: "Paris" } });
      },
      { attempts: 20 },
    );
    setTimeout(() => {
      holder.exec("COMMIT");
      holder.close();
    }, 6_000);
    await expect(pending).resolves.toMatchObject({ id: "s1" });
    expect(runs).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it("recognises busy errors raw and wrapped, and nothing else", () => {
    expect(isSqliteBusy({ code: "SQLITE_BUSY_SNAPSHOT", message: "database is locked" })).toBe(true);
    expect(isSqliteBusy({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "SQLITE_BUSY", kind: "SocketTimeout" } } } })).toBe(true);
    expect(isSqliteBusy(new Error("outer", { cause: new Error("database is locked") }))).toBe(true);
    expect(isSqliteBusy({ code: "P2002" })).toBe(false);
    expect(isSqliteBusy(new Error("no such table"))).toBe(false);
  });
});

describe("one connection, one user at a time", () => {
  it("a write issued elsewhere while a transaction is open is not swallowed by that transaction's rollback", async () => {
    let outside: Promise<unknown> | undefined;
    await expect(
      writeTransaction(t.db, async (tx) => {
        await tx.site.create({ data: { id: "inside", name: "Inside" } });
        // Started now (a Prisma query runs once it is awaited or then-ed), from outside the transaction.
        outside = t.db.site.create({ data: { id: "outside", name: "Outside" } }).then((row) => row.id);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await outside;
    expect((await t.db.site.findMany({ select: { id: true } })).map((s) => s.id)).toEqual(["outside"]);
  });
});
