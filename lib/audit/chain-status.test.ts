import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withoutAuditTriggers } from "../testing/raw-sql";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createChainStatusChecker } from "./chain-status";
import { appendAuditEvent } from "./log";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  for (let i = 0; i < 3; i++) await appendAuditEvent(t.db, null, { action: "auth.login", entityId: `u${i}` });
});
afterEach(async () => {
  await t.cleanup();
});

describe("chain status checker", () => {
  it("shares one verification between concurrent callers and reuses it within the TTL", async () => {
    const check = createChainStatusChecker(t.db, 60_000);
    const [a, b] = await Promise.all([check(), check()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ ok: true, count: 3 });
    expect(Date.parse(a.checkedAt)).not.toBeNaN();
    await appendAuditEvent(t.db, null, { action: "auth.logout" });
    expect(await check()).toBe(a);
  });

  it("re-verifies after the TTL and reports the first broken link with expected vs stored hash", async () => {
    const check = createChainStatusChecker(t.db, 0);
    expect((await check()).ok).toBe(true);
    await withoutAuditTriggers(t, (exec) => exec(`UPDATE "AuditEvent" SET "entityId" = 'forged' WHERE id = 2`));
    const stored = await t.db.auditEvent.findUniqueOrThrow({ where: { id: 2 } });
    expect(await check()).toMatchObject({
      ok: false,
      count: 1,
      firstBrokenId: 2,
      storedHash: stored.hash,
      expectedHash: expect.not.stringMatching(stored.hash),
    });
  });
});
