import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../generated/prisma/client";
import { createTestDb, type TestDb } from "../testing/test-db";
import { STATUS_TRAFFIC_WINDOW_SEC, queryFleetStatus, toPublicStatus } from "./queries";
import type { FleetStatus, StatusDevice } from "./types";

const NOW = new Date("2026-11-22T12:00:00Z");
const ago = (sec: number) => new Date(NOW.getTime() - sec * 1000);

let t: TestDb;

async function device(id: string, siteId: string, data: Partial<{ status: "up" | "down" | "unauthorized" | "unknown"; enabled: boolean; lastError: string }> = {}) {
  await t.db.device.create({
    data: {
      id,
      name: id,
      siteId,
      apiUrl: `https://api-user:hunter2@10.9.9.9/${id}`,
      username: "api-user",
      passwordSealed: "SEALED-SECRET",
      status: data.status ?? "up",
      enabled: data.enabled ?? true,
      lastPollAt: ago(5),
      lastOkAt: data.status && data.status !== "up" ? ago(600) : ago(5),
      lastError: data.lastError ?? null,
    },
  });
}

async function traffic(deviceId: string, iface: string, secondsAgo: number, rxBps: number, txBps: number, resolution = 0) {
  const values = JSON.stringify({ rxBitsPerSecond: rxBps, txBitsPerSecond: txBps, rxPacketsPerSecond: 1, txPacketsPerSecond: 1 });
  await t.db.metricSample.create({ data: { deviceId, metric: "macvlan-traffic", series: iface, ts: ago(secondsAgo), resolution, values } });
}

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.createMany({ data: [{ id: "s-b", name: "Bravo" }, { id: "s-a", name: "Alpha" }, { id: "s-c", name: "Charlie (empty)" }] });
  await device("a1", "s-a");
  await device("a2", "s-a");
  await device("a3", "s-a", { status: "down", lastError: "connect ECONNREFUSED 10.9.9.9:443" });
  await device("a4", "s-a", { enabled: false });
  await device("b1", "s-b", { status: "unauthorized" });
  await device("b2", "s-b", { status: "unknown" });

  await t.db.macsecInterface.createMany({
    data: [
      { deviceId: "a1", name: "macsec1", parent: "ether1", status: "open-encrypted" },
      { deviceId: "a1", name: "macsec2", parent: "ether2", status: "open-encrypted" },
      { deviceId: "a1", name: "macsec3", parent: "ether3", status: "negotiating" },
      { deviceId: "a1", name: "macsec4", parent: "ether4", status: "invalid", disabled: true },
      { deviceId: "a2", name: "macsec1", parent: "ether1", status: "open-encrypted" },
      { deviceId: "a3", name: "macsec1", parent: "ether1", status: "open-encrypted" },
      { deviceId: "a4", name: "macsec1", parent: "ether1", status: "invalid" },
    ],
  });
  const seen = { firstSeenAt: ago(60), lastSeenAt: ago(5), uptimeSec: 60 };
  await t.db.macServerSession.createMany({
    data: [
      { deviceId: "a1", srcAddress: "02:00:00:00:00:01", interface: "ether1", ...seen },
      { deviceId: "a1", srcAddress: "02:00:00:00:00:02", interface: "ether1", ...seen },
      { deviceId: "a1", srcAddress: "02:00:00:00:00:03", interface: "ether2", ...seen },
      { deviceId: "a3", srcAddress: "02:00:00:00:00:04", interface: "ether1", ...seen },
      { deviceId: "a4", srcAddress: "02:00:00:00:00:05", interface: "ether1", ...seen },
    ],
  });
  await t.db.macvlanInterface.createMany({
    data: [
      { deviceId: "a1", name: "macvlan1", parent: "ether1", mode: "bridge" },
      { deviceId: "a1", name: "macvlan2", parent: "ether1", mode: "private" },
      { deviceId: "a1", name: "macvlan3", parent: "ether1", mode: "bridge" },
      { deviceId: "a2", name: "macvlan1", parent: "ether1", mode: "bridge" },
      { deviceId: "a2", name: "macvlan9", parent: "ether1", mode: "bridge", disabled: true },
      { deviceId: "a3", name: "macvlan1", parent: "ether1", mode: "bridge" },
    ],
  });
  await traffic("a1", "macvlan1", 10, 1_000, 2_000); // latest of macvlan1
  await traffic("a1", "macvlan1", 70, 5, 5); // older: ignored
  await traffic("a1", "macvlan2", 20, 300, 400);
  await traffic("a1", "macvlan3", STATUS_TRAFFIC_WINDOW_SEC + 100, 7_777, 7_777); // outside the window
  await traffic("a1", "macsec1", 10, 99_999, 99_999); // a MACsec interface: not MACVLAN traffic
  await traffic("a1", "macvlan1", 0, 50_000, 50_000, 300); // a rollup: not a raw sample
  await traffic("a2", "macvlan1", -30, 1, 1); // in the future of NOW: not "now"
  await traffic("a3", "macvlan1", 10, 123, 456); // device down: traffic unknown
});

afterAll(async () => {
  await t.cleanup();
});

function find(status: FleetStatus, name: string): StatusDevice {
  const d = status.sites.flatMap((s) => s.devices).find((x) => x.name === name);
  if (!d) throw new Error(`device ${name} not listed`);
  return d;
}

describe("queryFleetStatus", () => {
  it("lists sites by name, enabled devices only, problems first", async () => {
    const s = await queryFleetStatus(t.db, {}, NOW);
    expect(s.generatedAt).toBe(NOW.toISOString());
    expect(s.sites.map((x) => x.name)).toEqual(["Alpha", "Bravo", "Charlie (empty)"]);
    expect(s.sites[0].devices.map((d) => d.name)).toEqual(["a3", "a1", "a2"]);
    expect(s.sites[1].devices.map((d) => d.name)).toEqual(["b1", "b2"]);
    expect(s.sites[2].devices).toEqual([]);
  });

  it("counts secured MACsec links (open-encrypted on an up device) and lists the insecure ones", async () => {
    const s = await queryFleetStatus(t.db, {}, NOW);
    expect(find(s, "a1").macsec).toEqual({ total: 3, secured: 2, insecure: [{ name: "macsec3", status: "negotiating" }], stale: false });
    expect(find(s, "a1").problem).toBe(true);
    expect(find(s, "a2").macsec).toEqual({ total: 1, secured: 1, insecure: [], stale: false });
    expect(find(s, "a2").problem).toBe(false);
    expect(find(s, "a3").macsec).toEqual({ total: 1, secured: 0, insecure: [{ name: "macsec1", status: "open-encrypted" }], stale: true });
  });

  it("counts MAC-server sessions of up devices and sums each MACVLAN's latest traffic in the window", async () => {
    const s = await queryFleetStatus(t.db, {}, NOW);
    expect(find(s, "a1").sessions).toBe(3);
    expect(find(s, "a2").sessions).toBe(0);
    expect(find(s, "a3").sessions).toBeNull();
    expect(find(s, "a1").traffic).toEqual({ rxBps: 1_300, txBps: 2_400, interfaces: 2 });
    expect(find(s, "a2").traffic).toBeNull();
    expect(find(s, "a3").traffic).toBeNull();
    expect([find(s, "a1").macvlans, find(s, "a2").macvlans, find(s, "b1").macvlans]).toEqual([3, 1, 0]);
  });

  it("summarises each site and the fleet", async () => {
    const s = await queryFleetStatus(t.db, {}, NOW);
    expect(s.sites[0].summary).toEqual({
      devicesUp: 2,
      devicesTotal: 3,
      devicesDisabled: 1,
      macsecTotal: 5,
      macsecInsecure: 2,
      sessions: 3,
      rxBps: 1_300,
      txBps: 2_400,
      problems: 2,
    });
    expect(s.totals).toMatchObject({ devicesUp: 2, devicesTotal: 5, devicesDisabled: 1, macsecTotal: 5, macsecInsecure: 2, problems: 4 });
  });

  it("reads one site only, and only problems when asked", async () => {
    const one = await queryFleetStatus(t.db, { siteId: "s-b" }, NOW);
    expect(one.sites.map((x) => x.name)).toEqual(["Bravo"]);
    expect(one.totals.devicesTotal).toBe(2);
    const problems = await queryFleetStatus(t.db, { onlyProblems: true }, NOW);
    expect(problems.onlyProblems).toBe(true);
    expect(problems.sites.map((x) => x.name)).toEqual(["Alpha", "Bravo"]);
    expect(problems.sites[0].devices.map((d) => d.name)).toEqual(["a3", "a1"]);
    expect(problems.totals.devicesTotal).toBe(5);
  });

  it("never carries API URLs, usernames or sealed passwords; the public form drops ids and poller errors", async () => {
    const s = await queryFleetStatus(t.db, {}, NOW);
    const json = JSON.stringify(s);
    for (const secret of ["hunter2", "api-user", "SEALED-SECRET", "https://"]) expect(json).not.toContain(secret);
    expect(find(s, "a3").lastError).toContain("ECONNREFUSED");
    const pub = JSON.stringify(toPublicStatus(s));
    expect(pub).not.toContain("ECONNREFUSED");
    expect(pub).not.toContain('"id"');
    expect(pub).toContain('"a3"');
  });
});

describe("queryFleetStatus query count", () => {
  it("issues the same fixed number of queries for 6 devices and for 60", async () => {
    const events: string[] = [];
    const counting = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: t.url }), log: [{ emit: "event", level: "query" }] });
    counting.$on("query", (e) => events.push(e.query));
    try {
      await queryFleetStatus(counting, {}, NOW);
      const small = events.length;
      await t.db.site.create({ data: { id: "s-big", name: "Big" } });
      for (let i = 0; i < 54; i++) await device(`big-${i}`, "s-big");
      events.length = 0;
      const big = await queryFleetStatus(counting, {}, NOW);
      expect(big.totals.devicesTotal).toBe(59);
      expect(events.length).toBe(small);
      // five reads (sites, devices, MACsec, sessions, MACVLAN traffic) plus the transaction's own statements
      expect(events.filter((q) => /^\s*SELECT/i.test(q)).length).toBe(5);
    } finally {
      await counting.$disconnect();
    }
  });
});
