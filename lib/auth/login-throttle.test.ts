import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { appendAuditEvent } from "../audit/log";
import { createTestDb, type TestDb } from "../testing/test-db";
import { authenticateCredentials } from "./login";
import {
  checkLoginThrottle,
  FREE_FAILURES_PER_PAIR,
  MAX_FAILED_LOGINS_PER_SOURCE,
  PAIR_MAX_DELAY_SEC,
  pairDelaySec,
  shouldAuditThrottle,
  SOURCE_WINDOW_SEC,
} from "./login-throttle";
import { hashPassword } from "./password";
import { openUserSession } from "./sessions";

// Counts argon2 verifications (passing them through), to check that every login attempt costs exactly one.
const argon = vi.hoisted(() => ({ verifications: 0 }));
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      argon.verifications++;
      return real.verify(...args);
    },
  };
});

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

async function record(action: string, email: string, clientIp: string | null, n: number) {
  for (let i = 0; i < n; i++) await appendAuditEvent(t.db, { email, clientIp }, { action });
}

async function countEvents(action: string): Promise<number> {
  return t.db.auditEvent.count({ where: { action } });
}

/** Time of the newest audit event (the throttle's waits run from the last failure). */
async function lastEventTs(): Promise<number> {
  const last = await t.db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" }, select: { ts: true } });
  return last.ts.getTime();
}

async function addUser(email: string, password: string, disabled = false) {
  return t.db.user.create({ data: { email, name: email, passwordHash: await hashPassword(password), disabled } });
}

describe("pairDelaySec", () => {
  it("is free for the first failures, then doubles from 1 s and stops at 15 minutes", () => {
    const delays = Array.from({ length: 18 }, (_, failures) => pairDelaySec(failures));
    expect(delays.slice(0, FREE_FAILURES_PER_PAIR)).toEqual([0, 0, 0, 0, 0]);
    expect(delays.slice(FREE_FAILURES_PER_PAIR)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    expect(pairDelaySec(10_000)).toBe(PAIR_MAX_DELAY_SEC);
  });
});

describe("login throttle", () => {
  it("makes a pair (account, source) wait after its free failures, with growing waits from the last failure", async () => {
    const pair = { email: "a@noc.local", clientIp: "198.51.100.7" };
    await record("auth.login_failed", pair.email, pair.clientIp, FREE_FAILURES_PER_PAIR - 1);
    expect(await checkLoginThrottle(t.db, pair)).toEqual({ throttled: false });
    const waits: number[] = [];
    for (let failures = FREE_FAILURES_PER_PAIR; failures < FREE_FAILURES_PER_PAIR + 6; failures++) {
      await record("auth.login_failed", pair.email, pair.clientIp, 1);
      const last = await lastEventTs();
      const state = await checkLoginThrottle(t.db, pair, new Date(last));
      expect(state).toMatchObject({ throttled: true, scope: "pair" });
      waits.push(state.throttled ? state.retryAfterSec : 0);
      expect(await checkLoginThrottle(t.db, pair, new Date(last + pairDelaySec(failures) * 1000))).toEqual({ throttled: false });
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it("caps a pair's wait at 15 minutes however many failures it has", async () => {
    const pair = { email: "a@noc.local", clientIp: "198.51.100.7" };
    // 19: as many as a pair can have before its source reaches the per-source cap (20 in 15 minutes).
    await record("auth.login_failed", pair.email, pair.clientIp, MAX_FAILED_LOGINS_PER_SOURCE - 1);
    const last = await lastEventTs();
    expect(await checkLoginThrottle(t.db, pair, new Date(last))).toEqual({ throttled: true, scope: "pair", retryAfterSec: PAIR_MAX_DELAY_SEC });
    expect(await checkLoginThrottle(t.db, pair, new Date(last + PAIR_MAX_DELAY_SEC * 1000))).toEqual({ throttled: false });
  });

  it("never delays the account from another source: failures from elsewhere do not count", async () => {
    for (let i = 0; i < 100; i++) await record("auth.login_failed", "admin@noc.local", `203.0.113.${i % 10}`, 1);
    expect(await checkLoginThrottle(t.db, { email: "admin@noc.local", clientIp: "10.0.0.5" })).toEqual({ throttled: false });
    expect(await checkLoginThrottle(t.db, { email: "admin@noc.local", clientIp: "203.0.113.1" })).toMatchObject({ throttled: true, scope: "pair" });
  });

  it("forgets a pair's failures after its successful login from the same source", async () => {
    const pair = { email: "a@noc.local", clientIp: "198.51.100.7" };
    await record("auth.login_failed", pair.email, pair.clientIp, 8);
    await record("auth.login", pair.email, pair.clientIp, 1);
    expect(await checkLoginThrottle(t.db, pair)).toEqual({ throttled: false });
    await record("auth.login_failed", pair.email, pair.clientIp, FREE_FAILURES_PER_PAIR);
    expect(await checkLoginThrottle(t.db, pair, new Date(await lastEventTs()))).toEqual({ throttled: true, scope: "pair", retryAfterSec: 1 });
  });

  it("caps a source spraying many accounts until its oldest counted failure leaves the window; an unknown source has no source cap", async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS_PER_SOURCE - 1; i++) await record("auth.login_failed", `user${i}@noc.local`, "192.0.2.7", 1);
    expect(await checkLoginThrottle(t.db, { email: "new@noc.local", clientIp: "192.0.2.7" })).toEqual({ throttled: false });
    await record("auth.login_failed", "last@noc.local", "192.0.2.7", 1);
    const first = (await t.db.auditEvent.findFirstOrThrow({ orderBy: { id: "asc" }, select: { ts: true } })).ts.getTime();
    const now = new Date(await lastEventTs());
    const state = await checkLoginThrottle(t.db, { email: "new@noc.local", clientIp: "192.0.2.7" }, now);
    expect(state).toEqual({
      throttled: true,
      scope: "source",
      retryAfterSec: Math.max(1, Math.ceil((first + SOURCE_WINDOW_SEC * 1000 - now.getTime()) / 1000)),
    });
    expect(await checkLoginThrottle(t.db, { email: "new@noc.local", clientIp: "192.0.2.7" }, new Date(first + SOURCE_WINDOW_SEC * 1000))).toEqual({
      throttled: false,
    });
    expect(await checkLoginThrottle(t.db, { email: "new@noc.local", clientIp: "192.0.2.8" })).toEqual({ throttled: false });
    expect(await checkLoginThrottle(t.db, { email: "new@noc.local", clientIp: null })).toEqual({ throttled: false });
  });

  it("does not count refused (throttled) attempts, so retrying cannot extend a wait", async () => {
    await record("auth.login_failed", "admin@noc.local", "10.0.0.1", FREE_FAILURES_PER_PAIR - 1);
    await record("auth.login_throttled", "admin@noc.local", "10.0.0.1", 30);
    expect(await checkLoginThrottle(t.db, { email: "admin@noc.local", clientIp: "10.0.0.1" })).toEqual({ throttled: false });
  });
});

describe("authenticateCredentials", () => {
  it("logs in with the right password, opens a session and audits success and failure", async () => {
    const user = await addUser("op@noc.local", "right-password");
    const outcome = await authenticateCredentials(t.db, { email: "OP@noc.local", clientIp: "10.0.0.1", userAgent: "Firefox" }, "right-password");
    expect(outcome).toMatchObject({
      ok: true,
      user: { id: user.id, email: "op@noc.local", name: "op@noc.local" },
      sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const session = await t.db.userSession.findUniqueOrThrow({ where: { id: outcome.ok ? outcome.sessionId : "" } });
    expect(session).toMatchObject({ userId: user.id, clientIp: "10.0.0.1", userAgent: "Firefox", revokedAt: null });
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(8 * 60 * 60 * 1000);
    expect(await authenticateCredentials(t.db, { email: "op@noc.local", clientIp: "10.0.0.1" }, "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await countEvents("auth.login")).toBe(1);
    expect(await countEvents("auth.login_failed")).toBe(1);
    expect(await t.db.userSession.count()).toBe(1);
  });

  it("refuses a disabled account even with the right password, and opens no session", async () => {
    await addUser("gone@noc.local", "right-password", true);
    expect(await authenticateCredentials(t.db, { email: "gone@noc.local", clientIp: null }, "right-password")).toEqual({ ok: false, reason: "invalid" });
    expect(await t.db.userSession.count()).toBe(0);
  });

  it("lets the owner in from their own source while another source is hammering the account", async () => {
    await addUser("admin@noc.local", "right-password");
    const attackerNow = new Date();
    for (let i = 0; i < 12; i++) await authenticateCredentials(t.db, { email: "admin@noc.local", clientIp: "203.0.113.66" }, `guess-${i}`, attackerNow);
    expect(await countEvents("auth.login_failed")).toBe(FREE_FAILURES_PER_PAIR);
    expect(await authenticateCredentials(t.db, { email: "admin@noc.local", clientIp: "203.0.113.66" }, "right-password", attackerNow)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect(await authenticateCredentials(t.db, { email: "admin@noc.local", clientIp: "10.20.30.40" }, "right-password")).toMatchObject({ ok: true });
  });

  it("handles a parallel burst from one source one at a time: only the free failures are tried", async () => {
    await addUser("burst@noc.local", "right-password");
    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => authenticateCredentials(t.db, { email: "burst@noc.local", clientIp: "198.51.100.9" }, `guess-${i}`, now)),
    );
    expect(outcomes.filter((o) => !o.ok && o.reason === "invalid")).toHaveLength(FREE_FAILURES_PER_PAIR);
    expect(outcomes.filter((o) => !o.ok && o.reason === "throttled")).toHaveLength(12 - FREE_FAILURES_PER_PAIR);
    expect(await countEvents("auth.login_failed")).toBe(FREE_FAILURES_PER_PAIR);
  });

  it("tells a throttled client how long to wait, growing with each failure after the wait", async () => {
    await addUser("slow@noc.local", "right-password");
    const who = { email: "slow@noc.local", clientIp: "198.51.100.10" };
    await record("auth.login_failed", who.email, who.clientIp, FREE_FAILURES_PER_PAIR);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const last = await lastEventTs();
      const refused = await authenticateCredentials(t.db, who, "wrong", new Date(last));
      waits.push(!refused.ok && refused.reason === "throttled" ? refused.retryAfterSec : 0);
      expect(await authenticateCredentials(t.db, who, "wrong", new Date(last + pairDelaySec(FREE_FAILURES_PER_PAIR + i) * 1000))).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    expect(waits).toEqual([1, 2, 4, 8]);
  });

  it("audits a throttled pair once per window, not once per attempt", async () => {
    await addUser("admin@noc.local", "right-password");
    const who = { email: "admin@noc.local", clientIp: "198.51.100.1" };
    await record("auth.login_failed", who.email, who.clientIp, 20 - 1);
    for (let i = 0; i < 5; i++) expect(await authenticateCredentials(t.db, who, "right-password")).toMatchObject({ ok: false, reason: "throttled" });
    const events = await t.db.auditEvent.findMany({ where: { action: "auth.login_throttled" } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.after ?? "")).toMatchObject({ scope: "pair", retryAfterSec: expect.any(Number) });
    expect(await shouldAuditThrottle(t.db, who, "pair")).toBe(false);
    expect(await shouldAuditThrottle(t.db, who, "source")).toBe(true);
    expect(await shouldAuditThrottle(t.db, who, "pair", new Date(Date.now() + 16 * 60 * 1000))).toBe(true);
  });

  it("audits a throttled source once per window even when the emails change", async () => {
    await record("auth.login_failed", "x@noc.local", "203.0.113.5", MAX_FAILED_LOGINS_PER_SOURCE);
    for (let i = 0; i < 4; i++) {
      expect(await authenticateCredentials(t.db, { email: `probe${i}@noc.local`, clientIp: "203.0.113.5" }, "guess")).toMatchObject({
        ok: false,
        reason: "throttled",
        retryAfterSec: expect.any(Number),
      });
    }
    expect(await countEvents("auth.login_throttled")).toBe(1);
  });

  it("opens no session when the password was reset while the login was being checked", async () => {
    const user = await addUser("race@noc.local", "old-password");
    const stale = { id: user.id, email: user.email, passwordHash: user.passwordHash };
    await t.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("new-password") } });
    expect(await openUserSession(t.db, stale, { clientIp: null, userAgent: null })).toBeNull();
    expect(await t.db.userSession.count()).toBe(0);
  });

  it("spends exactly one argon2 verify per attempt whether the account exists, is disabled or not (no timing oracle)", async () => {
    await addUser("real@noc.local", "right-password");
    await addUser("off@noc.local", "right-password", true);
    const verificationsFor = async (email: string, password: string) => {
      const before = argon.verifications;
      await authenticateCredentials(t.db, { email, clientIp: null }, password);
      return argon.verifications - before;
    };
    expect(await verificationsFor("real@noc.local", "wrong-password")).toBe(1);
    expect(await verificationsFor("real@noc.local", "right-password")).toBe(1);
    expect(await verificationsFor("nobody@noc.local", "wrong-password")).toBe(1);
    expect(await verificationsFor("off@noc.local", "right-password")).toBe(1);
  });
});
