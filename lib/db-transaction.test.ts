import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAuditEventInTx, verifyAuditChain } from "./audit/log";
import { createDb } from "./db-client";
import { isPgRetryable, isSqliteBusy, PG_WRITE_LOCK_KEY, writeTransaction } from "./db-transaction";
import { createTestDb, sqliteFile, TEST_PROVIDER, type TestDb } from "./testing/test-db";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.cleanup());

describe("writeTransaction", () => {
  // SQLite's deferred transactions and busy timeout; PostgreSQL's counterparts are in "writeTransaction on PostgreSQL".
  it.skipIf(TEST_PROVIDER !== "sqlite")("reads, then writes after another connection committed, without SQLITE_BUSY_SNAPSHOT", async () => {
    const other = new Database(sqliteFile(t), { timeout: 5_000 });
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

  it.skipIf(TEST_PROVIDER !== "sqlite")(
    "retries the whole transaction while another connection holds the write lock past the busy timeout",
    async () => {
      const holder = new Database(sqliteFile(t));
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
    },
    30_000,
  );

  it("recognises busy errors raw and wrapped, and nothing else", () => {
    expect(isSqliteBusy({ code: "SQLITE_BUSY_SNAPSHOT", message: "database is locked" })).toBe(true);
    expect(isSqliteBusy({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "SQLITE_BUSY", kind: "SocketTimeout" } } } })).toBe(true);
    expect(isSqliteBusy(new Error("outer", { cause: new Error("database is locked") }))).toBe(true);
    expect(isSqliteBusy({ code: "P2002" })).toBe(false);
    expect(isSqliteBusy(new Error("no such table"))).toBe(false);
  });

  it("recognises PostgreSQL serialization failures and deadlocks raw and wrapped, and nothing else", () => {
    expect(isPgRetryable({ code: "40001" })).toBe(true);
    expect(isPgRetryable({ code: "P2034" })).toBe(true);
    expect(isPgRetryable({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "40P01" } } } })).toBe(true);
    expect(isPgRetryable(new Error("outer", { cause: { code: "40001" } }))).toBe(true);
    expect(isPgRetryable({ code: "P2002" })).toBe(false);
    expect(isPgRetryable({ code: "23505" })).toBe(false);
  });
});

describe.skipIf(TEST_PROVIDER !== "postgresql")("writeTransaction on PostgreSQL", () => {
  it("waits while another session holds the write lock, then commits", async () => {
    const holder = new pg.Client({ connectionString: t.url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT pg_advisory_xact_lock(${PG_WRITE_LOCK_KEY})`);
      let done = false;
      const pending = writeTransaction(t.db, (tx) => tx.site.create({ data: { id: "s1", name: "Paris" } })).then((row) => {
        done = true;
        return row;
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(done).toBe(false);
      expect(await t.db.site.count()).toBe(0);
      await holder.query("COMMIT");
      await expect(pending).resolves.toMatchObject({ id: "s1" });
    } finally {
      await holder.end();
    }
  });

  it("serialises read-then-write transactions of two clients: no lost update, one audit chain", async () => {
    const clients = [createDb(t.url), createDb(t.url)];
    try {
      await Promise.all(
        clients.map(async (db, c) => {
          for (let i = 0; i < 10; i++) {
            await writeTransaction(db, async (tx) => {
              const n = await tx.site.count();
              await new Promise((resolve) => setTimeout(resolve, 5));
              await tx.site.create({ data: { id: `s${n}`, name: `Site ${n} by client ${c}` } });
              await appendAuditEventInTx(tx, null, { action: "site.create", entityType: "site", entityId: `s${n}` });
            });
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((db) => db.$disconnect()));
    }
    expect((await t.db.site.findMany({ select: { id: true } })).map((s) => s.id).sort()).toEqual(Array.from({ length: 20 }, (_, n) => `s${n}`).sort());
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 20 });
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
