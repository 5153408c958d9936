import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createTestDb, type TestDb } from "../testing/test-db";
import { claimDevices, leaseRelease, nextPollTime, renewLeases } from "./lease";

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
    // Two processes, each with its own connection to the file, start claiming at the same instant.
    // (Two connections in one process would deadlock: better-sqlite3's busy wait blocks the thread
    // that would commit the other connection's write.)
    const script = path.join(__dirname, "testdata", "claim-once.ts");
    const startAt = String(Date.now() + 1_500);
    const claim = async (owner: string) => {
      const { stdout } = await promisify(execFile)(process.execPath, [
        "--conditions=react-server",
        "--import",
        "tsx",
        script,
        t.url,
        owner,
        now.toISOString(),
        startAt,
      ]);
      return JSON.parse(stdout) as string[];
    };
    const [a, b] = await Promise.all([claim("A"), claim("B")]);
    const ids = [...a, ...b].sort();
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

  it("renews only the leases its owner still holds (heartbeat): a lease taken over stays with the new owner", async () => {
    const heartbeatAt = new Date(now.getTime() + 40_000);
    const heldByE = await t.db.device.findMany({ where: { pollLeaseOwner: "E" }, select: { id: true } });
    expect(heldByE.length).toBe(3);
    expect(await renewLeases(t.db, "E", 20_000, heartbeatAt)).toBe(3);
    const rows = await t.db.device.findMany({ where: { id: { in: ["due", "expired", "failing", "leased"] } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.pollLeaseOwner, r.pollLeaseUntil?.toISOString()])).toEqual([
      ["due", "E", new Date(heartbeatAt.getTime() + 20_000).toISOString()],
      ["expired", "E", new Date(heartbeatAt.getTime() + 20_000).toISOString()],
      ["failing", "E", new Date(heartbeatAt.getTime() + 20_000).toISOString()],
      ["leased", "other", new Date(now.getTime() + 60_000).toISOString()],
    ]);
    expect(await renewLeases(t.db, "dead", 20_000, heartbeatAt)).toBe(0);
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
    const at = (r: number) => nextPollTime(now, 60, { jitter: 0.1, down: false, lastOkAt: null, createdAt: now, maxBackoffSec: 600, random: () => r });
    expect(at(0.5).getTime() - now.getTime()).toBe(60_000);
    expect(at(0).getTime() - now.getTime()).toBe(54_000);
    expect(at(1).getTime() - now.getTime()).toBe(66_000);
  });

  it("backs a down router off by half its downtime, capped", () => {
    const opts = { jitter: 0, down: true, createdAt: new Date(now.getTime() - 86_400_000 * 30), maxBackoffSec: 600, random: () => 0.5 };
    const tenMin = nextPollTime(now, 60, { ...opts, lastOkAt: new Date(now.getTime() - 600_000) });
    expect(tenMin.getTime() - now.getTime()).toBe(300_000);
    const day = nextPollTime(now, 60, { ...opts, lastOkAt: new Date(now.getTime() - 86_400_000) });
    expect(day.getTime() - now.getTime()).toBe(600_000);
    const recent = nextPollTime(now, 60, { ...opts, lastOkAt: new Date(now.getTime() - 30_000) });
    expect(recent.getTime() - now.getTime()).toBe(60_000);
  });

  it("backs off a router that was never up from when it was added", () => {
    const opts = { jitter: 0, down: true, lastOkAt: null, maxBackoffSec: 600, random: () => 0.5 };
    const added20MinAgo = nextPollTime(now, 60, { ...opts, createdAt: new Date(now.getTime() - 1_200_000) });
    expect(added20MinAgo.getTime() - now.getTime()).toBe(600_000);
    const added4MinAgo = nextPollTime(now, 60, { ...opts, createdAt: new Date(now.getTime() - 240_000) });
    expect(added4MinAgo.getTime() - now.getTime()).toBe(120_000);
    const justAdded = nextPollTime(now, 60, { ...opts, createdAt: now });
    expect(justAdded.getTime() - now.getTime()).toBe(60_000);
    const up = nextPollTime(now, 60, { ...opts, down: false, createdAt: new Date(now.getTime() - 1_200_000) });
    expect(up.getTime() - now.getTime()).toBe(60_000);
  });
});
