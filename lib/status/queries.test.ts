import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../generated/prisma-pg/client";
import { createTestDb, type TestDb } from "../testing/test-db";
import { deviceProblems } from "./definitions";
import { FLEET_TRAFFIC_WINDOW_SEC, queryFleetStatus, STATUS_SITE_DEVICES_SHOWN, STATUS_SITES_PER_PAGE, toPublicStatus } from "./queries";
import { queryFleetSummary, queryTopMacvlanTalkers } from "./fleet-queries";
import type { FleetStatus, StatusDevice } from "./types";

const NOW = new Date("2026-11-22T12:00:00Z");
const ago = (sec: number) => new Date(NOW.getTime() - sec * 1000);
/** The default poll interval of these tests (seconds): an up device is overdue after 3 × 60 s. */
const POLL_SEC = 60;
const read = (query: { siteId?: string; onlyProblems?: boolean } = {}) => queryFleetStatus(t.db, { ...query, pollIntervalSec: POLL_SEC }, NOW);

let t: TestDb;
const summaryOf = () => queryFleetSummary(t.db, { pollIntervalSec: POLL_SEC }, NOW);

type DeviceData = { status: "up" | "down" | "unauthorized" | "unknown"; enabled: boolean; lastError: string; lastOkAt: Date; pollIntervalSec: number };

async function device(id: string, siteId: string, data: Partial<DeviceData> = {}) {
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
      lastOkAt: data.lastOkAt ?? (data.status && data.status !== "up" ? ago(600) : ago(5)),
      lastError: data.lastError ?? null,
      pollIntervalSec: data.pollIntervalSec ?? null,
    },
  });
}

/** The MACVLAN row's latest rates (bits/s), as the poller writes them, read `secondsAgo` before NOW. */
async function rates(deviceId: string, name: string, secondsAgo: number, rxBitsPerSecond: number, txBitsPerSecond: number) {
  await t.db.macvlanInterface.update({
    where: { deviceId_name: { deviceId, name } },
    data: { rxBitsPerSecond, txBitsPerSecond, totalBitsPerSecond: rxBitsPerSecond + txBitsPerSecond, ratesAt: ago(secondsAgo) },
  });
}

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.createMany({
    data: [
      { id: "s-b", name: "Bravo" },
      { id: "s-a", name: "Alpha" },
      { id: "s-c", name: "Charlie (empty)" },
    ],
  });
  await device("a1", "s-a");
  await device("a2", "s-a");
  await device("a3", "s-a", { status: "down", lastError: "connect ECONNREFUSED 10.9.9.9:443" });
  await device("a4", "s-a", { enabled: false });
  await device("b1", "s-b", { status: "unauthorized" });
  await device("b2", "s-b", { status: "unknown" });
  await device("b3", "s-b", { lastOkAt: ago(3 * POLL_SEC + 10) }); // up, but not polled for over 3 intervals
  await device("b4", "s-b", { lastOkAt: ago(3 * POLL_SEC + 10), pollIntervalSec: 300 }); // its own interval: not overdue

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
  await rates("a1", "macvlan1", 10, 1_000, 2_000);
  await rates("a1", "macvlan2", 20, 300, 400);
  await rates("a1", "macvlan3", FLEET_TRAFFIC_WINDOW_SEC + 100, 7_777, 7_777); // outside the window
  await rates("a2", "macvlan1", -30, 1, 1); // in the future of NOW: not "now"
  await rates("a2", "macvlan9", 10, 5_000, 5_000); // a disabled MACVLAN
  await rates("a3", "macvlan1", 10, 123, 456); // device down: traffic unknown
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
    const s = await read();
    expect(s.generatedAt).toBe(NOW.toISOString());
    expect(s.sites.map((x) => x.name)).toEqual(["Alpha", "Bravo", "Charlie (empty)"]);
    expect(s.sites[0]?.devices.map((d) => d.name)).toEqual(["a3", "a1", "a2"]);
    expect(s.sites[1]?.devices.map((d) => d.name)).toEqual(["b1", "b2", "b3", "b4"]);
    expect(s.sites[2]?.devices).toEqual([]);
  });

  it("counts secured MACsec links (open-encrypted on an up device) and lists the insecure ones", async () => {
    const s = await read();
    expect(find(s, "a1").macsec).toEqual({ total: 3, secured: 2, insecure: [{ name: "macsec3", status: "negotiating" }], stale: false });
    expect(find(s, "a1").problem).toBe(true);
    expect(find(s, "a2").macsec).toEqual({ total: 1, secured: 1, insecure: [], stale: false });
    expect(find(s, "a2").problem).toBe(false);
    expect(find(s, "a3").macsec).toEqual({ total: 1, secured: 0, insecure: [{ name: "macsec1", status: "open-encrypted" }], stale: true });
  });

  it("counts MAC-server sessions of up devices and sums each MACVLAN's latest traffic in the window", async () => {
    const s = await read();
    expect(find(s, "a1").sessions).toBe(3);
    expect(find(s, "a2").sessions).toBe(0);
    expect(find(s, "a3").sessions).toBeNull();
    expect(find(s, "a1").traffic).toEqual({ rxBitsPerSecond: 1_300, txBitsPerSecond: 2_400, interfaces: 2 });
    expect(find(s, "a2").traffic).toBeNull();
    expect(find(s, "a3").traffic).toBeNull();
    expect([find(s, "a1").macvlans, find(s, "a2").macvlans, find(s, "b1").macvlans]).toEqual([3, 1, 0]);
  });

  it("summarises each site and the fleet", async () => {
    const s = await read();
    expect(s.sites[0]?.summary).toEqual({
      devicesUp: 2,
      devicesTotal: 3,
      devicesDisabled: 1,
      macsecTotal: 5,
      macsecInsecure: 2,
      sessions: 3,
      rxBitsPerSecond: 1_300,
      txBitsPerSecond: 2_400,
      problems: 2,
    });
    expect(s.totals).toMatchObject({ devicesUp: 4, devicesTotal: 7, devicesDisabled: 1, macsecTotal: 5, macsecInsecure: 2, problems: 5 });
    expect([s.totals.rxBitsPerSecond, s.totals.txBitsPerSecond]).toEqual([1_300, 2_400]);
  });

  it("reads one site only, and only problems when asked", async () => {
    const one = await read({ siteId: "s-b" });
    expect(one.sites.map((x) => x.name)).toEqual(["Bravo"]);
    expect(one.totals.devicesTotal).toBe(4);
    const problems = await read({ onlyProblems: true });
    expect(problems.onlyProblems).toBe(true);
    expect(problems.sites.map((x) => x.name)).toEqual(["Alpha", "Bravo"]);
    expect(problems.sites[0]?.devices.map((d) => d.name)).toEqual(["a3", "a1"]);
    expect(problems.sites[1]?.devices.map((d) => d.name)).toEqual(["b1", "b2", "b3"]);
    expect(problems.totals.devicesTotal).toBe(7);
  });

  it("never carries API URLs, usernames or sealed passwords; the public form drops ids and poller errors", async () => {
    const s = await read();
    const json = JSON.stringify(s);
    for (const secret of ["hunter2", "api-user", "SEALED-SECRET", "https://"]) expect(json).not.toContain(secret);
    expect(find(s, "a3").lastError).toContain("ECONNREFUSED");
    const pub = JSON.stringify(toPublicStatus(s));
    expect(pub).not.toContain("ECONNREFUSED");
    expect(pub).not.toContain('"id"');
    expect(pub).toContain('"a3"');
  });

  it("gives the public page exactly the fields it always had, and its firing alerts as text: no ids, errors or problem kinds", async () => {
    const pub = toPublicStatus(await read());
    const keys = new Set(pub.sites.flatMap((site) => site.devices.map((d) => Object.keys(d).sort().join(","))));
    expect([...keys]).toEqual(["lastOkAt,lastPollAt,macsec,macvlans,name,problem,sessions,status,traffic"]);
    expect(new Set(pub.sites.map((site) => Object.keys(site).sort().join(",")))).toEqual(new Set(["alerts,alertsNotShown,devices,name,summary"]));
  });
});

describe("top MACVLAN talkers", () => {
  it("ranks the MACVLANs of up devices by their latest rx + tx within the window, busiest first", async () => {
    expect(await queryTopMacvlanTalkers(t.db, 10, NOW)).toEqual([
      { deviceId: "a1", deviceName: "a1", interface: "macvlan1", rxBitsPerSecond: 1_000, txBitsPerSecond: 2_000 },
      { deviceId: "a1", deviceName: "a1", interface: "macvlan2", rxBitsPerSecond: 300, txBitsPerSecond: 400 },
    ]);
    expect(await queryTopMacvlanTalkers(t.db, 1, NOW)).toHaveLength(1);
    // Later, a1's macvlan2 (read 20 s before NOW) has left the window and a2's (30 s after NOW) has entered it.
    const later = await queryTopMacvlanTalkers(t.db, 10, ago(15 - FLEET_TRAFFIC_WINDOW_SEC));
    expect(later.map((x) => [x.deviceId, x.interface])).toEqual([
      ["a1", "macvlan1"],
      ["a2", "macvlan1"],
    ]);
  });
});

describe("problem kinds (one definition for the overview, /status and /share)", () => {
  it("down: the poller could not read the device; its MACsec links count as not secured (stale)", async () => {
    const a3 = find(await read(), "a3");
    expect([a3.problems, a3.problem, a3.macsec.stale, a3.macsec.secured]).toEqual([["down"], true, true, 0]);
  });

  it("unauthorized: the router refused the stored credentials", async () => {
    expect(find(await read(), "b1").problems).toEqual(["unauthorized"]);
  });

  it("unknown: not polled yet", async () => {
    expect(find(await read(), "b2").problems).toEqual(["unknown"]);
  });

  it("poll-overdue: up, but the last successful poll is older than 3 of its poll intervals", async () => {
    const s = await read();
    expect(find(s, "b3").problems).toEqual(["poll-overdue"]);
    expect(find(s, "b4").problems).toEqual([]);
    expect(find(s, "b4").problem).toBe(false);
    const up = { status: "up" as const, pollIntervalSec: null };
    // Never sooner than a minute, whatever the interval; a device that is up but never succeeded is overdue.
    expect(deviceProblems({ ...up, lastOkAt: ago(59) }, 0, NOW, 2)).toEqual([]);
    expect(deviceProblems({ ...up, lastOkAt: ago(61) }, 0, NOW, 2)).toEqual(["poll-overdue"]);
    expect(deviceProblems({ ...up, lastOkAt: null }, 0, NOW, 2)).toEqual(["poll-overdue"]);
  });

  it("macsec-not-secured: an up device with a link whose status is not open-encrypted (disabled links ignored)", async () => {
    const s = await read();
    expect(find(s, "a1").problems).toEqual(["macsec-not-secured"]);
    expect(find(s, "a2").problems).toEqual([]);
    expect(deviceProblems({ status: "up", pollIntervalSec: null, lastOkAt: null }, 1, NOW, POLL_SEC)).toEqual(["poll-overdue", "macsec-not-secured"]);
  });

  it("disabled devices are never listed nor counted as problems", async () => {
    const s = await read();
    expect(s.sites.flatMap((x) => x.devices).map((d) => d.name)).not.toContain("a4");
  });
});

describe("the overview, the status page and the share page agree", () => {
  it("counts the same devices, problems, MACsec links and sessions", async () => {
    const status = await read();
    const summary = await summaryOf();
    expect(summary.generatedAt).toBe(NOW.toISOString());
    expect(summary.devices).toEqual({ total: 7, disabled: 1, problems: 5, up: 4, down: 1, unauthorized: 1, unknown: 1 });
    expect(summary.macsec).toEqual({ total: 5, secured: 3, notSecured: 1, unknown: 1 });
    expect(summary.sessions.total).toBe(3);
    const t = status.totals;
    expect([summary.devices.total, summary.devices.up, summary.devices.disabled, summary.devices.problems]).toEqual([
      t.devicesTotal,
      t.devicesUp,
      t.devicesDisabled,
      t.problems,
    ]);
    expect([summary.macsec.total, summary.macsec.notSecured + summary.macsec.unknown, summary.sessions.total]).toEqual([
      t.macsecTotal,
      t.macsecInsecure,
      t.sessions,
    ]);
  });

  it("lists as problems the devices the overview counts: a MACsec link not secured is one on the overview too", async () => {
    const onlyProblems = await read({ onlyProblems: true });
    const devices = onlyProblems.sites.flatMap((x) => x.devices);
    expect(devices.map((d) => [d.name, d.status, d.problems])).toEqual([
      ["a3", "down", ["down"]],
      ["a1", "up", ["macsec-not-secured"]],
      ["b1", "unauthorized", ["unauthorized"]],
      ["b2", "unknown", ["unknown"]],
      ["b3", "up", ["poll-overdue"]],
    ]);
    expect(devices.find((d) => d.name === "a1")?.macsec.insecure).toEqual([{ name: "macsec3", status: "negotiating" }]);
    expect(devices.length).toBe((await summaryOf()).devices.problems);
  });

  it("shows each shared site as /status shows it, less the private fields", async () => {
    const status = await read();
    for (const site of status.sites) {
      expect(site.id).toBeDefined();
      const shared = toPublicStatus(await read({ siteId: site.id }));
      expect(shared.sites).toHaveLength(1);
      expect(shared.sites[0]?.summary).toEqual(site.summary);
      expect(shared.sites[0]?.devices).toEqual(site.devices.map(({ id: _id, lastError: _error, problems: _problems, ...rest }) => rest));
    }
  });
});

describe("queryFleetStatus pages", () => {
  it("lists STATUS_SITES_PER_PAGE sites per page by name, with the fleet's totals on every page", async () => {
    const first = await read();
    const extra = Array.from({ length: STATUS_SITES_PER_PAGE }, (_, i) => ({ id: `s-x${i}`, name: `X-${String(i).padStart(2, "0")}` }));
    await t.db.site.createMany({ data: extra });
    try {
      const page1 = await queryFleetStatus(t.db, { pollIntervalSec: POLL_SEC, page: 1 }, NOW);
      const page2 = await queryFleetStatus(t.db, { pollIntervalSec: POLL_SEC, page: 2 }, NOW);
      expect([page1.page, page1.pageCount, page2.page]).toEqual([1, 2, 2]);
      expect(page1.sites.map((x) => x.name)).toEqual(["Alpha", "Bravo", "Charlie (empty)", ...extra.slice(0, STATUS_SITES_PER_PAGE - 3).map((x) => x.name)]);
      expect(page2.sites.map((x) => x.name)).toEqual(extra.slice(STATUS_SITES_PER_PAGE - 3).map((x) => x.name));
      expect(page2.totals).toEqual(first.totals);
      expect((await queryFleetStatus(t.db, { pollIntervalSec: POLL_SEC, page: 99 }, NOW)).page).toBe(2);
      expect((await read({ onlyProblems: true })).pageCount).toBe(1);
    } finally {
      await t.db.site.deleteMany({ where: { id: { in: extra.map((x) => x.id) } } });
    }
  });
});

describe("queryFleetStatus query count", () => {
  it("issues the same fixed number of queries for 6 devices and for 60", async () => {
    const events: string[] = [];
    const log: [{ emit: "event"; level: "query" }] = [{ emit: "event", level: "query" }];
    const counting =
      t.provider === "sqlite"
        ? new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: t.url }), log })
        : (new PgPrismaClient({ adapter: new PrismaPg({ connectionString: t.url }), log }) as unknown as PrismaClient<"query">);
    counting.$on("query", (e) => events.push(e.query));
    try {
      await queryFleetStatus(counting, {}, NOW);
      const small = events.length;
      await t.db.site.create({ data: { id: "s-big", name: "Big" } });
      for (let i = 0; i < 54; i++) await device(`big-${i}`, "s-big");
      events.length = 0;
      const big = await queryFleetStatus(counting, {}, NOW);
      expect(big.totals.devicesTotal).toBe(61);
      expect(events.length).toBe(small);
      // the page's sites (count, rows), its five reads (devices, MACsec, sessions, MACVLAN traffic, firing alerts) and the fleet's
      // totals (poll intervals, devices by state, the counts of links and sessions, traffic), plus the transaction's
      // own statements
      expect(events.filter((q) => /^\s*SELECT/i.test(q)).length).toBe(11);
      const bigSite = big.sites.find((x) => x.name === "Big");
      expect(bigSite?.devices).toHaveLength(STATUS_SITE_DEVICES_SHOWN);
      expect(bigSite?.devicesNotShown).toBe(54 - STATUS_SITE_DEVICES_SHOWN);
      expect((await queryFleetStatus(counting, { siteId: "s-big" }, NOW)).sites[0]?.devices).toHaveLength(54);
    } finally {
      await counting.$disconnect();
    }
  });
});
