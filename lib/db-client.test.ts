import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "./db-client";
import { containsText, dbProvider, providerOfUrl } from "./db-dialect";
import { createTestDb, TEST_PROVIDER, type TestDb } from "./testing/test-db";

// Runs on SQLite (npm run test:unit) and on PostgreSQL (npm run test:unit:pg): the one Db type must hold for both.
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.cleanup();
});

describe("one client type for both databases", () => {
  it("reports the provider of the client, and of the client inside a transaction", async () => {
    expect(dbProvider(t.db)).toBe(TEST_PROVIDER);
    expect(await t.db.$transaction(async (tx) => dbProvider(tx))).toBe(TEST_PROVIDER);
    expect(providerOfUrl("postgresql://u@h/db")).toBe("postgresql");
    expect(providerOfUrl("postgres://u@h/db")).toBe("postgresql");
    expect(providerOfUrl("file:./data/app.db")).toBe("sqlite");
    expect(() => dbProvider({})).toThrow(/not a Prisma client/);
  });

  it("round-trips enums, DateTime (ms, UTC), Boolean, BigInt and null the same way", async () => {
    const at = new Date("2026-03-04T05:06:07.089Z");
    await t.db.site.create({ data: { id: "s1", name: "HQ" } });
    await t.db.device.create({
      data: {
        id: "d1",
        name: "core-1",
        siteId: "s1",
        apiUrl: "https://10.0.0.1",
        username: "noc",
        passwordSealed: "x",
        enabled: false,
        status: "unauthorized",
        freeMemory: 9_007_199_254_740_993n,
        lastOkAt: at,
        macPingEnabled: null,
      },
    });
    const d = await t.db.device.findUniqueOrThrow({ where: { id: "d1" } });
    expect(d.status).toBe("unauthorized");
    expect(d.enabled).toBe(false);
    expect(d.freeMemory).toBe(9_007_199_254_740_993n);
    expect(d.lastOkAt).toEqual(at);
    expect(d.macPingEnabled).toBeNull();
    expect(await t.db.device.count({ where: { lastOkAt: { gte: at, lt: new Date(at.getTime() + 1) }, enabled: false, status: "unauthorized" } })).toBe(1);
    const raw = await t.db.$queryRaw<{ n: bigint | number }[]>`SELECT COUNT(*) AS "n" FROM "Device" WHERE "lastOkAt" = ${at}`;
    expect(Number(raw[0]?.n)).toBe(1);
  });

  it("matches text ignoring ASCII case on both databases (containsText)", async () => {
    const found = await t.db.device.findMany({ where: { name: containsText(t.db, "CORE") }, select: { id: true } });
    expect(found).toEqual([{ id: "d1" }]);
  });

  it("creates a client of the provider the URL names", async () => {
    const other = createDb(t.url);
    try {
      expect(dbProvider(other)).toBe(TEST_PROVIDER);
      expect(await other.device.count()).toBe(1);
    } finally {
      await other.$disconnect();
    }
  });
});
