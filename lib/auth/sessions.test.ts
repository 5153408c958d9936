import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import { hashPassword } from "./password";
import { endUserSession, liveSessionOwner, openUserSession, peekSessionOwner, revokeUserSessions } from "./sessions";

const IDLE_MS = 30 * 60_000;
let t: TestDb;
let user: { id: string; email: string; passwordHash: string };

beforeEach(async () => {
  t = await createTestDb();
  user = await t.db.user.create({ data: { email: "op@noc.local", name: "Op", role: "OPERATOR", passwordHash: await hashPassword("op-password-123") } });
});
afterEach(async () => {
  await t.cleanup();
});

async function open(now = new Date()): Promise<string> {
  const id = await openUserSession(t.db, user, { clientIp: "192.0.2.1", userAgent: "Firefox" }, now);
  if (id === null) throw new Error("no session");
  return id;
}

describe("sessions", () => {
  it("opens random 43-character ids, 8 hours long", async () => {
    const now = new Date("2026-12-02T10:00:00Z");
    const [a, b] = [await open(now), await open(now)];
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await t.db.userSession.findUniqueOrThrow({ where: { id: a } })).toMatchObject({
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date("2026-12-02T18:00:00Z"),
    });
  });

  it("refuses unknown and malformed ids without a query for junk", async () => {
    for (const id of ["", "x", "a".repeat(43), "../../etc/passwd", "a".repeat(10_000)]) expect(await liveSessionOwner(t.db, id, IDLE_MS)).toBeNull();
  });

  it("peekSessionOwner applies the same rules but never writes", async () => {
    const id = await open();
    const lastSeenAt = new Date(Date.now() - 40 * 60_000);
    await t.db.userSession.update({ where: { id }, data: { lastSeenAt } });
    expect(await peekSessionOwner(t.db, id, IDLE_MS)).toBeNull();
    expect(await peekSessionOwner(t.db, id, 60 * 60_000)).toMatchObject({ id: user.id, email: "op@noc.local", role: "OPERATOR" });
    expect(await t.db.userSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ lastSeenAt, revokedAt: null });
  });

  it("refuses a session of a disabled user even before it is revoked", async () => {
    const id = await open();
    await t.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await liveSessionOwner(t.db, id, IDLE_MS)).toBeNull();
  });

  it("ends one session at sign-out, once", async () => {
    const [a, b] = [await open(), await open()];
    expect(await endUserSession(t.db, a)).toEqual({ id: user.id, email: "op@noc.local" });
    expect(await endUserSession(t.db, a)).toBeNull();
    expect(await liveSessionOwner(t.db, a, IDLE_MS)).toBeNull();
    expect(await liveSessionOwner(t.db, b, IDLE_MS)).toMatchObject({ id: user.id });
  });

  it("revokes all of a user's live sessions and counts only those", async () => {
    const [a, b] = [await open(), await open()];
    await endUserSession(t.db, a);
    expect(await revokeUserSessions(t.db, user.id, "password_reset")).toBe(1);
    expect(await t.db.userSession.findUniqueOrThrow({ where: { id: a } })).toMatchObject({ revokedReason: "logout" });
    expect(await t.db.userSession.findUniqueOrThrow({ where: { id: b } })).toMatchObject({ revokedReason: "password_reset" });
  });
});
