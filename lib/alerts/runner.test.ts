import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import { startAlertRunner } from "./runner";

/** The worker's alert loop (lib/worker/cli.ts starts it): seeds the rules, evaluates after poll cycles, delivers. */

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s1", name: "Paris" } });
  await t.db.device.create({
    data: { id: "d1", name: "r1", siteId: "s1", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x", status: "down", lastPollAt: new Date() },
  });
});

afterAll(async () => {
  await t?.cleanup();
});

describe("startAlertRunner", () => {
  it("seeds the built-in rules, evaluates on its first pass and after a finished poll cycle, not in between", async () => {
    const runner = startAlertRunner({ db: t.db, intervalMs: 600_000, groupWaitMs: 0, repeatMs: 0, baseUrl: "https://noc.example.test" });
    try {
      const first = await runner.runOnce();
      expect(await t.db.alertRule.count()).toBe(9);
      expect(first.evaluation).toMatchObject({ rules: 9, devices: 1, pending: 1, full: true });
      expect(first.delivery).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect((await runner.runOnce()).evaluation).toBeNull();
      await t.db.device.update({ where: { id: "d1" }, data: { lastPollAt: new Date(Date.now() + 1_000) } });
      runner.cycleDone();
      expect((await runner.runOnce()).evaluation).toMatchObject({ fired: 1, full: false, devices: 1 });
    } finally {
      await runner.stop();
    }
  });
});
