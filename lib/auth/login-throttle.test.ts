import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAuditEvent } from "../audit/log";
import { createTestDb, type TestDb } from "../testing/test-db";
import { isLoginThrottled, MAX_FAILED_LOGINS } from "./login-throttle";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

async function fail(email: string, n: number) {
  for (let i = 0; i < n; i++) await appendAuditEvent(t.db, { email }, { action: "auth.login_failed" });
}

describe("login throttling", () => {
  it("allows attempts below the limit and refuses at the limit, per account", async () => {
    await fail("a@noc.local", MAX_FAILED_LOGINS - 1);
    expect(await isLoginThrottled(t.db, "a@noc.local")).toBe(false);
    await fail("a@noc.local", 1);
    expect(await isLoginThrottled(t.db, "a@noc.local")).toBe(true);
    expect(await isLoginThrottled(t.db, "b@noc.local")).toBe(false);
  });

  it("forgets failures older than the window", async () => {
    await fail("a@noc.local", MAX_FAILED_LOGINS);
    const later = new Date(Date.now() + 16 * 60 * 1000);
    expect(await isLoginThrottled(t.db, "a@noc.local", later)).toBe(false);
  });
});
