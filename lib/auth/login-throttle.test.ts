import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAuditEvent } from "../audit/log";
import { createTestDb, type TestDb } from "../testing/test-db";
import { authenticateCredentials } from "./login";
import { checkLoginThrottle, MAX_FAILED_LOGINS_PER_ACCOUNT, MAX_FAILED_LOGINS_PER_IP, shouldAuditThrottle } from "./login-throttle";
import { hashPassword } from "./password";

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

describe("login throttle", () => {
  it("refuses an account at the limit, from any IP, and leaves other accounts alone", async () => {
    await record("auth.login_failed", "a@noc.local", "10.0.0.1", MAX_FAILED_LOGINS_PER_ACCOUNT - 1);
    expect(await checkLoginThrottle(t.db, { email: "a@noc.local", clientIp: "10.0.0.9" })).toEqual({ throttled: false });
    await record("auth.login_failed", "a@noc.local", "10.0.0.2", 1);
    expect(await checkLoginThrottle(t.db, { email: "a@noc.local", clientIp: "10.0.0.9" })).toEqual({ throttled: true, scope: "account" });
    expect(await checkLoginThrottle(t.db, { email: "b@noc.local", clientIp: "10.0.0.1" })).toEqual({ throttled: false });
  });

  it("refuses a client IP after its failures on many accounts; an unknown IP is not throttled per IP", async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS_PER_IP - 1; i++) await record("auth.login_failed", `user${i}@noc.local`, "192.0.2.7", 1);
    expect(await checkLoginThrottle(t.db, { email: "new@noc.local", clientIp: "192.0.2.7" })).toEqual({ throttled: false });
    await record("auth.login_failed", "last@noc.local", "192.0.2.7", 1);
    expect(await checkLoginThrottle(t.db, { email: "new@noc.local", clientIp: "192.0.2.7" })).toEqual({ throttled: true, scope: "ip" });
    expect(await checkLoginThrottle(t.db, { email: "new@noc.local", clientIp: "192.0.2.8" })).toEqual({ throttled: false });
    expect(await checkLoginThrottle(t.db, { email: "new@noc.local", clientIp: null })).toEqual({ throttled: false });
  });

  it("does not count refused (throttled) attempts, so retrying cannot keep an account locked", async () => {
    await record("auth.login_failed", "admin@noc.local", "10.0.0.1", MAX_FAILED_LOGINS_PER_ACCOUNT - 1);
    await record("auth.login_throttled", "admin@noc.local", "10.0.0.1", 30);
    expect(await checkLoginThrottle(t.db, { email: "admin@noc.local", clientIp: "10.0.0.1" })).toEqual({ throttled: false });
  });

  it("forgets failures older than the window", async () => {
    await record("auth.login_failed", "a@noc.local", "10.0.0.1", MAX_FAILED_LOGINS_PER_IP);
    const later = new Date(Date.now() + 16 * 60 * 1000);
    expect(await checkLoginThrottle(t.db, { email: "a@noc.local", clientIp: "10.0.0.1" }, later)).toEqual({ throttled: false });
  });
});

describe("authenticateCredentials", () => {
  async function addUser(email: string, password: string, disabled = false) {
    return t.db.user.create({ data: { email, name: email, passwordHash: await hashPassword(password), disabled } });
  }

  it("logs in with the right password and audits success and failure", async () => {
    const user = await addUser("op@noc.local", "right-password");
    expect(await authenticateCredentials(t.db, { email: "OP@noc.local", clientIp: "10.0.0.1" }, "right-password")).toEqual({
      ok: true,
      user: { id: user.id, email: "op@noc.local", name: "op@noc.local", sessionVersion: 0 },
    });
    expect(await authenticateCredentials(t.db, { email: "op@noc.local", clientIp: "10.0.0.1" }, "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await countEvents("auth.login")).toBe(1);
    expect(await countEvents("auth.login_failed")).toBe(1);
  });

  it("refuses a disabled account even with the right password", async () => {
    await addUser("gone@noc.local", "right-password", true);
    expect(await authenticateCredentials(t.db, { email: "gone@noc.local", clientIp: null }, "right-password")).toEqual({ ok: false, reason: "invalid" });
  });

  it("audits a throttled account once per window, not once per attempt", async () => {
    await addUser("admin@noc.local", "right-password");
    await record("auth.login_failed", "admin@noc.local", "198.51.100.1", MAX_FAILED_LOGINS_PER_ACCOUNT);
    for (let i = 0; i < 5; i++) {
      expect(await authenticateCredentials(t.db, { email: "admin@noc.local", clientIp: `198.51.100.${i + 2}` }, "right-password")).toEqual({
        ok: false,
        reason: "throttled",
      });
    }
    expect(await countEvents("auth.login_throttled")).toBe(1);
    expect(await countEvents("auth.login_failed")).toBe(MAX_FAILED_LOGINS_PER_ACCOUNT);
    const who = { email: "admin@noc.local", clientIp: "198.51.100.2" };
    expect(await shouldAuditThrottle(t.db, who, "account")).toBe(false);
    expect(await shouldAuditThrottle(t.db, who, "account", new Date(Date.now() + 16 * 60 * 1000))).toBe(true);
  });

  it("audits a throttled IP once per window even when the emails change", async () => {
    await record("auth.login_failed", "x@noc.local", "203.0.113.5", MAX_FAILED_LOGINS_PER_IP);
    for (let i = 0; i < 4; i++) {
      expect(await authenticateCredentials(t.db, { email: `probe${i}@noc.local`, clientIp: "203.0.113.5" }, "guess")).toEqual({ ok: false, reason: "throttled" });
    }
    expect(await countEvents("auth.login_throttled")).toBe(1);
  });

  it("spends an argon2 verify on unknown emails too (no timing oracle for existing accounts)", async () => {
    await addUser("real@noc.local", "right-password");
    await authenticateCredentials(t.db, { email: "warm-up@noc.local", clientIp: null }, "x");
    const time = async (email: string) => {
      const started = performance.now();
      await authenticateCredentials(t.db, { email, clientIp: null }, "wrong-password");
      return performance.now() - started;
    };
    const known = Math.min(await time("real@noc.local"), await time("real@noc.local"));
    const unknown = Math.min(await time("nobody@noc.local"), await time("nobody@noc.local"));
    expect(unknown).toBeGreaterThan(known * 0.5);
  });
});
