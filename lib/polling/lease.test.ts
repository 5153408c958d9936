import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import { claimDevices, leaseRelease, nextPollTime } from "./lease";

let t: TestDb;
const now = new Date("2026-11-21T10:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s", name: "S" } });
  const base = { siteId: "s", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" };
  await t.db.device.createMany({
    data: [
      { ...base, id: "due", name: "due", nextPollAt: new Date(now.getTime() - 1000) },
      { ...base, id: "new", name: "new" },
      { ...base, id: "later", name: "later", nextPollAt: new Date(now.getTime() + 60_000) },
      { ...base, id: "leased", name: "leased", pollLeaseOwner: "other", pollLeaseUntil: new Date(now.getTime() + 60_000) },
      { ...base, id: "expired", name: "expired", pollLeaseOwner: "dead", pollLeaseUntil: new Date(now.getTime() - 1) },
      { ...base, id: "off", name: "off", enabled: false },
      { ...base, id: "failing", name: "failing", status: "down" },
    ],
  });
});
afterAll(async () => {
  await t.cleanup();
});

describe("claimDevices", () => {
  it("lets only one of two concurrent pollers claim each due device", async () => {
    const [a, b] = await Promise.all([
      claimDevices(t.db, { owner: "A", leaseMs: 30_000, limit: 10, now, statusIn: ["up", "unknown"] }),
      claimDevices(t.db, { owner: "B", leaseMs: 30_000, limit: 10, now, statusIn: ["up", "unknown"] }),
    ]);
    const ids = [...a, ...b].map((d) => d.id).sort();
    expect(ids).toEqual(["due", "expired", "new"]);
    const rows = await t.db.device.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.pollLeaseOwner === "A" || r.pollLeaseOwner === "B")).toBe(true);
    expect(await claimDevices(t.db, { owner: "C", leaseMs: 30_000, limit: 10, now, ignoreSchedule: true, statusIn: ["up", "unknown"] })).toEqual([
      expect.objectContaining({ id: "later" }),
    ]);
  });

  it("claims failing devices separately and takes an expired lease over", async () => {
    const failing = await claimDevices(t.db, { owner: "D", leaseMs: 30_000, limit: 10, now, statusIn: ["down", "unauthorized"] });
    expect(failing.map((d) => d.id)).toEqual(["failing"]);
    const later = new Date(now.getTime() + 31_000);
    const again = await claimDevices(t.db, { owner: "E", leaseMs: 30_000, limit: 10, now: later, exclude: ["new"] });
    // "later" is not due yet, "leased" is still held, "new" is excluded.
    expect(again.map((d) => d.id).sort()).toEqual(["due", "expired", "failing"]);
  });

  it("releases a lease and schedules the next poll", async () => {
    const next = new Date(now.getTime() + 60_000);
    await t.db.device.update({ where: { id: "due" }, data: leaseRelease(next) });
    const row = await t.db.device.findUniqueOrThrow({ where: { id: "due" } });
    expect([row.pollLeaseOwner, row.pollLeaseUntil, row.nextPollAt?.toISOString()]).toEqual([null, null, next.toISOString()]);
  });
});

describe("nextPollTime", () => {
  it("applies the interval with jitter", () => {
    const at = (r: number) => nextPollTime(now, 60, { jitter: 0.1, down: false, lastOkAt: null, maxBackoffSec: 600, random: () => r });
    expect(at(0.5).getTime() - now.getTime()).toBe(60_000);
    expect(at(0).getTime() - now.getTime()).toBe(54_000);
    expect(at(1).getTime() - now.getTime()).toBe(66_000);
  });

  it("backs a down router off by half its downtime, capped", () => {
    const opts = { jitter: 0, down: true, maxBackoffSec: 600, random: () => 0.5 };
    const tenMin = nextPollTime(now, 60, { ...opts, lastOkAt: new Date(now.getTime() - 600_000) });
    expect(tenMin.getTime() - now.getTime()).toBe(300_000);
    const day = nextPollTime(now, 60, { ...opts, lastOkAt: new Date(now.getTime() - 86_400_000) });
    expect(day.getTime() - now.getTime()).toBe(600_000);
    const recent = nextPollTime(now, 60, { ...opts, lastOkAt: new Date(now.getTime() - 30_000) });
    expect(recent.getTime() - now.getTime()).toBe(60_000);
  });
});
