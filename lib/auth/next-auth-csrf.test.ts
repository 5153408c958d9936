import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import { isNextAuthCsrfRefusal, withNextAuthCsrfAudit } from "./next-auth-csrf";
import { REFUSAL_AUDIT_ACTION } from "./refusals";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

const post = (path: string) => new Request(`http://localhost:3000${path}`, { method: "POST", headers: { "x-forwarded-for": "203.0.113.9" } });

describe("next-auth CSRF refusals", () => {
  it("recognises next-auth's csrf=true redirect (Location or JSON url) and nothing else", async () => {
    expect(await isNextAuthCsrfRefusal(new Response(null, { status: 302, headers: { location: "http://localhost:3000/api/auth/signin?csrf=true" } }))).toBe(
      true,
    );
    expect(await isNextAuthCsrfRefusal(Response.json({ url: "http://localhost:3000/api/auth/signin?csrf=true" }))).toBe(true);
    expect(await isNextAuthCsrfRefusal(Response.json({ url: "http://localhost:3000/" }))).toBe(false);
    expect(await isNextAuthCsrfRefusal(new Response(null, { status: 302, headers: { location: "http://localhost:3000/?csrf=truely" } }))).toBe(false);
  });

  it("audits a refused sign-in once per minute and leaves next-auth's answer unchanged", async () => {
    const refused = (_req: Request) => Promise.resolve(Response.json({ url: "http://localhost:3000/api/auth/signin?csrf=true" }));
    const handler = withNextAuthCsrfAudit(t.db, refused);
    const first = await handler(post("/api/auth/callback/credentials"));
    expect(await first.json()).toEqual({ url: "http://localhost:3000/api/auth/signin?csrf=true" });
    await handler(post("/api/auth/callback/credentials"));
    const events = await t.db.auditEvent.findMany({ where: { action: REFUSAL_AUDIT_ACTION } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entityType: "route", entityId: "POST /api/auth/callback/credentials" });
    expect(JSON.parse(events[0]?.after ?? "{}")).toMatchObject({ kind: "csrf" });
    const ok = withNextAuthCsrfAudit(t.db, (_req: Request) => Promise.resolve(Response.json({ url: "http://localhost:3000/" })));
    await ok(post("/api/auth/callback/credentials"));
    expect(await t.db.auditEvent.count({ where: { action: REFUSAL_AUDIT_ACTION } })).toBe(1);
  });
});
