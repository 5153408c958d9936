import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../db-client";
import { verifyAuditChain } from "../audit/log";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createRefusalRecorder, REFUSAL_AUDIT_ACTION, type Refusal, type RefusalRecorder } from "./refusals";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(async () => {
  vi.useRealTimers();
  await t.cleanup();
});

const forbidden: Refusal = {
  kind: "forbidden",
  targetType: "route",
  target: "GET /api/audit/export",
  permission: "audit.read",
  user: { id: "u1", email: "viewer@noc.local" },
  clientIp: "192.0.2.1",
};
/** Sets the clock (which also stamps the audit events) to `iso`. */
const at = (iso: string) => vi.setSystemTime(new Date(iso));
async function recordAt(recorder: RefusalRecorder, db: Db, refusal: Refusal, iso: string): Promise<boolean> {
  at(iso);
  return recorder.record(db, refusal);
}
const count = () => t.db.auditEvent.count({ where: { action: REFUSAL_AUDIT_ACTION } });

describe("refusal recorder", () => {
  it("writes one event per actor, target and minute across two instances (two recorders, one database)", async () => {
    const a = createRefusalRecorder();
    const b = createRefusalRecorder();
    expect(await recordAt(a, t.db, forbidden, "2026-12-01T08:00:01Z")).toBe(true);
    expect(await recordAt(b, t.db, forbidden, "2026-12-01T08:00:30Z")).toBe(false);
    expect(await recordAt(b, t.db, { ...forbidden, clientIp: "192.0.2.99" }, "2026-12-01T08:00:31Z")).toBe(false);
    expect(await count()).toBe(1);

    expect(await recordAt(b, t.db, forbidden, "2026-12-01T08:01:00Z")).toBe(true);
    expect(await recordAt(b, t.db, { ...forbidden, target: "GET /api/audit/chain" }, "2026-12-01T08:01:00Z")).toBe(true);
    expect(await recordAt(b, t.db, { ...forbidden, user: { id: "u2", email: null } }, "2026-12-01T08:01:00Z")).toBe(true);
    expect(await count()).toBe(4);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("keys anonymous refusals by client address, apart from signed-in users at the same address", async () => {
    const r = createRefusalRecorder();
    const anonymous: Refusal = { ...forbidden, kind: "unauthenticated", user: null };
    expect(await recordAt(r, t.db, anonymous, "2026-12-01T09:00:00Z")).toBe(true);
    expect(await recordAt(r, t.db, anonymous, "2026-12-01T09:00:10Z")).toBe(false);
    expect(await recordAt(r, t.db, { ...anonymous, clientIp: "192.0.2.2" }, "2026-12-01T09:00:10Z")).toBe(true);
    expect(await recordAt(r, t.db, forbidden, "2026-12-01T09:00:10Z")).toBe(true);
    expect(await recordAt(createRefusalRecorder(), t.db, { ...anonymous, clientIp: "192.0.2.2" }, "2026-12-01T09:00:50Z")).toBe(false);
    const rows = await t.db.auditEvent.findMany({
      orderBy: { id: "asc" },
      select: { actorId: true, actorEmail: true, clientIp: true, entityType: true, entityId: true, after: true },
    });
    expect(rows).toEqual([
      {
        actorId: null,
        actorEmail: null,
        clientIp: "192.0.2.1",
        entityType: "route",
        entityId: "GET /api/audit/export",
        after: JSON.stringify({ kind: "unauthenticated", target: "GET /api/audit/export", permission: "audit.read" }),
      },
      {
        actorId: null,
        actorEmail: null,
        clientIp: "192.0.2.2",
        entityType: "route",
        entityId: "GET /api/audit/export",
        after: JSON.stringify({ kind: "unauthenticated", target: "GET /api/audit/export", permission: "audit.read" }),
      },
      {
        actorId: "u1",
        actorEmail: "viewer@noc.local",
        clientIp: "192.0.2.1",
        entityType: "route",
        entityId: "GET /api/audit/export",
        after: JSON.stringify({ kind: "forbidden", target: "GET /api/audit/export", permission: "audit.read" }),
      },
    ]);
  });

  it("writes one event for concurrent identical refusals in one process", async () => {
    const r = createRefusalRecorder();
    const results = await Promise.all(Array.from({ length: 20 }, () => recordAt(r, t.db, forbidden, "2026-12-01T10:00:00Z")));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await count()).toBe(1);
  });

  it("audits at most maxKeysPerMinute distinct keys per minute, and again in the next minute", async () => {
    const r = createRefusalRecorder(3);
    for (let i = 0; i < 10; i++) await recordAt(r, t.db, { ...forbidden, user: null, clientIp: `198.51.100.${i}` }, "2026-12-01T11:00:00Z");
    expect(await count()).toBe(3);
    expect(await recordAt(r, t.db, { ...forbidden, user: null, clientIp: "198.51.100.9" }, "2026-12-01T11:01:00Z")).toBe(true);
    expect(await count()).toBe(4);
  });

  it("never throws when the database fails, and tries again on the next refusal", async () => {
    const r = createRefusalRecorder();
    const broken = { auditEvent: { count: async () => Promise.reject(new Error("database is locked")) } } as unknown as Db;
    expect(await recordAt(r, broken, forbidden, "2026-12-01T12:00:00Z")).toBe(false);
    expect(await recordAt(r, t.db, forbidden, "2026-12-01T12:00:01Z")).toBe(true);
    expect(await count()).toBe(1);
  });
});
