import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "@/lib/auth/testdata/sign-in";
import type { Db } from "@/lib/db-client";
import { hashMetricsToken, verifyMetricsToken } from "@/lib/metrics-export/tokens";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";

// The real server actions (defineAction → schema → lib/metrics-export/server.ts → tokens.ts) on a real test database
// with real sessions (UserSession rows checked by getCurrentUser). Only Next's request scope is replaced: next-auth's
// cookie decoding (which session the request carries), the app's Prisma client, request headers and revalidation.
const scope = vi.hoisted(() => ({ sid: null as string | null, db: null as Db | null }));
vi.mock("next-auth", () => ({ getServerSession: async () => (scope.sid ? { sid: scope.sid } : null) }));
vi.mock("@/lib/db", () => ({
  get db() {
    return scope.db;
  },
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { createMetricsTokenAction, revokeMetricsTokenAction } = await import("./actions");

let t: TestDb;
const sids = {} as Record<"ADMIN" | "OPERATOR" | "VIEWER", string>;

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

beforeAll(async () => {
  t = await createTestDb();
  scope.db = t.db;
  for (const role of ["ADMIN", "OPERATOR", "VIEWER"] as const) sids[role] = (await signInAs(t.db, role)).sid;
});
afterAll(() => t.cleanup());

describe("metrics token actions", () => {
  it("refuse operators, viewers and signed-out callers (metrics.manage) and create nothing", async () => {
    for (const sid of [sids.OPERATOR, sids.VIEWER]) {
      scope.sid = sid;
      expect(await createMetricsTokenAction(null, form({ name: "p" }))).toEqual({
        ok: false,
        message: "You do not have permission to do this (metrics.manage).",
      });
      expect(await revokeMetricsTokenAction(null, form({ id: "x" }))).toEqual({
        ok: false,
        message: "You do not have permission to do this (metrics.manage).",
      });
    }
    scope.sid = null;
    expect(await createMetricsTokenAction(null, form({ name: "p" }))).toEqual({ ok: false, message: "You are not signed in." });
    expect(await t.db.metricsToken.count()).toBe(0);
  });

  it("let an admin create a token shown once, stored only as its SHA-256 and audited without it", async () => {
    scope.sid = sids.ADMIN;
    const created = await createMetricsTokenAction(null, form({ name: "prometheus-1" }));
    if (!created.ok) throw new Error(created.message);
    const { token } = created.data;
    expect(token).toMatch(/^rnoc_[A-Za-z0-9_-]{43}$/);
    const row = await t.db.metricsToken.findFirstOrThrow({ where: { name: "prometheus-1" } });
    expect(row.tokenHash).toBe(hashMetricsToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(11));
    const events = await t.db.auditEvent.findMany({ where: { action: "metrics.token.create" } });
    expect(events.length).toBe(1);
    expect(JSON.stringify(events)).not.toContain(token.slice(11));
    expect(JSON.stringify(events)).not.toContain(row.tokenHash);
    expect(await verifyMetricsToken(t.db, token)).toBe(true);
  });

  it("refuse an empty name with a field error", async () => {
    scope.sid = sids.ADMIN;
    const res = await createMetricsTokenAction(null, form({ name: "  " }));
    expect(res.ok).toBe(false);
    expect(res.ok ? null : res.fieldErrors?.name).toBeDefined();
  });

  it("let an admin revoke a token once (audited): the token stops working, a second revoke is refused", async () => {
    scope.sid = sids.ADMIN;
    const created = await createMetricsTokenAction(null, form({ name: "to revoke" }));
    if (!created.ok) throw new Error(created.message);
    const { id } = await t.db.metricsToken.findFirstOrThrow({ where: { name: "to revoke" } });
    expect(await revokeMetricsTokenAction(null, form({ id }))).toEqual({ ok: true, data: null });
    expect(await verifyMetricsToken(t.db, created.data.token)).toBe(false);
    expect(await revokeMetricsTokenAction(null, form({ id }))).toEqual({ ok: false, message: "This metrics token is already revoked." });
    expect(await t.db.auditEvent.count({ where: { action: "metrics.token.revoke", entityId: id } })).toBe(1);
  });
});
