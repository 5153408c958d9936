import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { devicePasswordAad, generateKey, seal } from "../crypto/seal";
import { insertSimulatorDevices, setSimFault } from "../testing/sim-devices";
import { createTestDb, type TestDb } from "../testing/test-db";
import { RouterOsClient } from "../routeros";
import { countSamples, storedSamples } from "../testing/samples";
import { pollDevice, PollLeaseLostError, type DevicePollResult } from "./poll-device";
import { startPoller, type PollerOptions, type PollSummary } from "./poller";

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const secretKey = generateKey();
let sim: Sim;
let t: TestDb;
const REQUEST_TIMEOUT_MS = 2_500;

function pollerOptions(extra: Partial<PollerOptions> = {}): PollerOptions {
  return {
    db: t.db,
    loop: false,
    concurrency: 8,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    connectTimeoutMs: 1_000,
    maxRetries: 0,
    rollupEveryMs: 0,
    secretKey,
    ...extra,
  };
}

/** The simulator's router `i` (the fleet is seeded, so the index names a fixed router). */
function routerAt(i: number): Sim["routers"][number] {
  const router = sim.routers[i];
  if (!router) throw new Error(`the simulator has no router ${i}`);
  return router;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Puts `fault` on router `victim`, runs one poll of the whole fleet (optionally doing `during` while it runs),
 * then always stops the poller and clears the fault.
 */
async function runOnceWithFault(
  victim: string,
  fault: { mode: string; latencyMs?: number },
  extra: Partial<PollerOptions> = {},
  during?: () => Promise<void>,
): Promise<PollSummary> {
  await setSimFault(sim.url, victim, fault);
  const poller = startPoller(pollerOptions(extra));
  try {
    const running = poller.runOnce();
    await during?.();
    return await running;
  } finally {
    await poller.stop();
    await setSimFault(sim.url, victim, null);
  }
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 8, seed: 1 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  await insertSimulatorDevices(t.db, sim.routers, secretKey);
});

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

describe("poller against the simulator", () => {
  it("fills facts, current state and samples; traffic rates after the second cycle", async () => {
    const poller = startPoller(pollerOptions());
    try {
      const first = await poller.runOnce();
      expect(first.claimed).toBe(sim.routers.length);
      expect(first.results.filter((r) => r.status !== "up")).toEqual([]);
      await sleep(1_100);
      const second = await poller.runOnce();
      expect(second.up).toBe(sim.routers.length);
    } finally {
      await poller.stop();
    }

    const devices = await t.db.device.findMany();
    for (const d of devices) {
      expect(d.identity).toBeTruthy();
      expect(d.version).toMatch(/^7\.\d+/);
      expect(d.status).toBe("up");
      expect(d.lastOkAt).not.toBeNull();
      expect(d.lastPollMs).toBeGreaterThanOrEqual(0);
      expect(d.pollLeaseOwner).toBeNull();
      expect(d.nextPollAt).not.toBeNull();
      expect(d.macTelnetAllowedList).toBeTruthy();
    }
    const macserver = devices.find((d) => d.name === "guide-macserver");
    expect(macserver?.macTelnetAllowedList).toBe("mac-allowed");

    const soho = await t.db.macvlanInterface.findMany({ where: { device: { name: "guide-soho-macvlan" } } });
    expect(soho.map((m) => m.name)).toContain("macvlan-iot");
    expect(soho.find((m) => m.name === "macvlan-iot")?.parent).toBe("ether2");

    const traffic = await storedSamples(t.db, { deviceName: "guide-soho-macvlan", metric: "macvlan-traffic", series: "macvlan-iot" });
    expect(traffic).toHaveLength(1);
    const rates = traffic[0]?.values ?? {};
    expect((rates.rxBitsPerSecond ?? 0) + (rates.txBitsPerSecond ?? 0)).toBeGreaterThan(0);
    expect(rates.rxPacketsPerSecond).toBeGreaterThanOrEqual(0);

    const macsecIfaces = await t.db.macsecInterface.findMany({ where: { device: { name: "guide-macsec-a" } } });
    expect(macsecIfaces.map((m) => m.name)).toContain("macsec1");
    const macsecSamples = await storedSamples(t.db, { deviceName: "guide-macsec-a", metric: "macsec-stats", series: "macsec1" });
    expect(macsecSamples).toHaveLength(2);
    expect(macsecSamples[1]?.status).toBeTruthy();
    const snapshots = await t.db.counterSnapshot.findMany({ where: { device: { name: "guide-macsec-a" } } });
    expect(snapshots.map((s) => s.kind).sort()).toEqual(expect.arrayContaining(["interface-macsec", "macsec-stats"]));
    expect(await countSamples(t.db, { deviceName: "guide-macsec-a", metric: "macsec-traffic", series: "macsec1" })).toBe(1);
    // Routers with both MACVLAN and MACsec read both counter types in one `/interface` print.
    const both = await t.db.device.findMany({ where: { macvlans: { some: {} }, macsecs: { some: {} } }, select: { id: true } });
    expect(both.length).toBeGreaterThan(0);
    for (const { id } of both) {
      const kinds = new Set((await t.db.counterSnapshot.findMany({ where: { deviceId: id }, select: { kind: true } })).map((s) => s.kind));
      expect([kinds.has("interface-macvlan"), kinds.has("interface-macsec")]).toEqual([true, true]);
    }

    expect(await countSamples(t.db, { metric: "mac-server-sessions" })).toBe(2 * sim.routers.length);
    // CPU load and memory: one sample per router and cycle, within their units' bounds.
    const cpu = await storedSamples(t.db, { metric: "cpu-load" });
    expect(cpu).toHaveLength(2 * sim.routers.length);
    for (const row of cpu) expect(row.values.cpuLoad).toSatisfy((v: number | null) => v !== null && v >= 0 && v <= 100);
    const memory = await storedSamples(t.db, { metric: "memory" });
    expect(memory).toHaveLength(2 * sim.routers.length);
    for (const row of memory) {
      const { usedMemory, totalMemory } = row.values;
      expect(usedMemory).toBeGreaterThan(0);
      expect(totalMemory).toBeGreaterThan(usedMemory ?? Infinity);
    }
  });

  it("marks a router that refuses the credentials unauthorized and keeps polling the others", async () => {
    const victim = routerAt(1).name;
    const summary = await runOnceWithFault(victim, { mode: "unauthorized" });
    expect(summary.unauthorized).toBe(1);
    expect(summary.up).toBe(sim.routers.length - 1);
    const device = await t.db.device.findUniqueOrThrow({ where: { name: victim } });
    expect(device.status).toBe("unauthorized");
    expect(device.lastError).toMatch(/credentials/i);
    // A new poller process computes rates from the stored counter snapshots on its first cycle.
    expect(await countSamples(t.db, { deviceName: "guide-soho-macvlan", metric: "macvlan-traffic", series: "macvlan-iot" })).toBe(2);
  });

  it("ends a cycle that runs past its deadline and records the router as down", async () => {
    const victim = routerAt(3).name;
    // A budget the other routers meet on either database (PostgreSQL's round trips make a cycle slower than SQLite's).
    const summary = await runOnceWithFault(victim, { mode: "latency", latencyMs: 3_000 }, { cycleTimeoutMs: 1_500 });
    const slow = summary.results.find((r) => r.name === victim);
    expect(slow?.status).toBe("down");
    expect(slow?.error).toMatch(/did not finish within 1\.5 s/);
    expect(summary.up).toBe(sim.routers.length - 1);
  });

  it("discards, without an error, the cycle of a device deleted while it was polled", async () => {
    const router = routerAt(4);
    const id = "dev-deleted-mid-cycle";
    await t.db.device.create({
      data: {
        id,
        name: "deleted-mid-cycle",
        siteId: `site-${router.site}`,
        apiUrl: router.apiUrl,
        username: router.username,
        passwordSealed: seal(router.password, devicePasswordAad(id), secretKey),
      },
    });
    const summary = await runOnceWithFault(router.name, { mode: "latency", latencyMs: 150 }, {}, async () => {
      await sleep(300);
      await t.db.device.delete({ where: { id } });
    });
    expect(summary.results.find((r) => r.deviceId === id)).toBeUndefined();
    expect(summary.results.find((r) => r.name === router.name)?.status).toBe("up");
    expect(await countSamples(t.db, { deviceId: id })).toBe(0);
  });

  it("does not let a router that never answers delay the others", async () => {
    const victim = routerAt(2).name;
    const summary = await runOnceWithFault(victim, { mode: "hang" }, { concurrency: 2 });
    const hung = summary.results.find((r) => r.name === victim);
    expect(hung?.status).toBe("down");
    expect(hung?.error).toMatch(/timed out/i);
    const others = summary.results.filter((r) => r.name !== victim);
    expect(others).toHaveLength(sim.routers.length - 1);
    expect(others.every((r) => r.status === "up")).toBe(true);
    // Every other router finished (and wrote its samples) before the hung one gave up.
    const hungDone = hung?.finishedAt.getTime() ?? 0;
    expect(others.every((r) => r.finishedAt.getTime() <= hungDone)).toBe(true);
    expect(summary.results.at(-1)?.name).toBe(victim);
    const otherIds = new Set(others.map((o) => o.deviceId));
    const written = (await storedSamples(t.db, { metric: "mac-server-sessions" })).filter((s) => otherIds.has(s.deviceId) && s.ts >= summary.startedAt);
    expect(written).toHaveLength(others.length);
    expect(written.every((s) => s.ts.getTime() < hungDone)).toBe(true);
    const device = await t.db.device.findUniqueOrThrow({ where: { name: victim } });
    expect(device.status).toBe("down");
  });

  it("never polls a router from two pollers at once", async () => {
    const a = startPoller(pollerOptions({ owner: "poller-a" }));
    const b = startPoller(pollerOptions({ owner: "poller-b" }));
    try {
      const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
      const ids = [...ra.results, ...rb.results].map((r) => r.deviceId).sort();
      expect(ids).toEqual([...new Set(ids)]);
      expect(ids).toHaveLength(sim.routers.length);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(await t.db.device.count({ where: { pollLeaseOwner: { not: null } } })).toBe(0);
  });

  it("writes nothing of a cycle whose lease was lost (lease-guarded transaction rolls back)", async () => {
    const router = routerAt(0);
    const device = await t.db.device.findUniqueOrThrow({ where: { name: router.name } });
    const before = await countSamples(t.db, { deviceId: device.id });
    const snapshotsBefore = await t.db.counterSnapshot.findMany({ where: { deviceId: device.id }, orderBy: [{ kind: "asc" }, { name: "asc" }] });
    const client = new RouterOsClient({ apiUrl: router.apiUrl, username: router.username, password: router.password, maxRetries: 0 });
    try {
      await expect(pollDevice(t.db, device, client, { leaseOwner: "someone-else" })).rejects.toBeInstanceOf(PollLeaseLostError);
    } finally {
      await client.close();
    }
    expect(await countSamples(t.db, { deviceId: device.id })).toBe(before);
    expect(await t.db.counterSnapshot.findMany({ where: { deviceId: device.id }, orderBy: [{ kind: "asc" }, { name: "asc" }] })).toEqual(snapshotsBefore);
  });

  it("releases every lease when stopped while it is still claiming", async () => {
    await t.db.device.update({ where: { name: routerAt(5).name }, data: { status: "down" } });
    const poller = startPoller(pollerOptions({ owner: "poller-stopped-mid-claim" }));
    // stop() is called after the healthy claim was queued but before the failing one.
    const running = poller.runOnce();
    await poller.stop();
    await running;
    expect(await t.db.device.count({ where: { pollLeaseOwner: "poller-stopped-mid-claim" } })).toBe(0);
  });

  it("schedules devices on their interval in loop mode and stops cleanly", async () => {
    await t.db.device.updateMany({ data: { nextPollAt: null, pollIntervalSec: 1 } });
    const cycles = new Map<string, DevicePollResult[]>();
    let done = 0;
    let resolveTwice: () => void = () => undefined;
    const everyDeviceTwice = new Promise<void>((resolve) => (resolveTwice = resolve));
    const onCycleDone = (result: DevicePollResult) => {
      done++;
      cycles.set(result.deviceId, [...(cycles.get(result.deviceId) ?? []), result]);
      if (cycles.size === sim.routers.length && [...cycles.values()].every((list) => list.length >= 2)) resolveTwice();
    };
    const poller = startPoller(pollerOptions({ loop: true, tickMs: 100, jitter: 0, onCycleDone }));
    try {
      await everyDeviceTwice;
    } finally {
      await poller.stop();
    }
    // Every device was polled again on its own (no second cycle of a router while its first was running).
    for (const list of cycles.values()) {
      for (let i = 1; i < list.length; i++) {
        const previous = list[i - 1];
        const current = list[i];
        if (!previous || !current) continue;
        expect(current.startedAt.getTime()).toBeGreaterThanOrEqual(previous.finishedAt.getTime());
      }
    }
    expect(await t.db.device.count({ where: { pollLeaseOwner: { not: null } } })).toBe(0);
    // After stop() no cycle runs: a due device stays unpolled past its interval.
    const doneAtStop = done;
    const samplesAtStop = await countSamples(t.db);
    await t.db.device.updateMany({ data: { nextPollAt: new Date(0) } });
    await sleep(1_200);
    expect(done).toBe(doneAtStop);
    expect(await countSamples(t.db)).toBe(samplesAtStop);
  });

  it("reads the identity on the slow cadence: not on a fast cycle, again on a poller's first cycle", async () => {
    const router = routerAt(6);
    const client = new RouterOsClient({ apiUrl: router.apiUrl, username: router.username, password: router.password, maxRetries: 0 });
    const identityOf = async () => (await t.db.device.findUniqueOrThrow({ where: { name: router.name } })).identity;
    const a = startPoller(pollerOptions({ owner: "cadence-a", slowReadSec: 3600 }));
    try {
      await a.runOnce();
      const before = await identityOf();
      await client.command("/system/identity", "set", { name: "renamed-on-the-router" });
      const fast = await a.runOnce();
      expect(fast.results.find((r) => r.name === router.name)?.fullRead).toBe(false);
      expect(await identityOf()).toBe(before);
    } finally {
      await a.stop();
    }
    const b = startPoller(pollerOptions({ owner: "cadence-b", slowReadSec: 3600 }));
    try {
      const first = await b.runOnce();
      expect(first.results.find((r) => r.name === router.name)?.fullRead).toBe(true);
      expect(await identityOf()).toBe("renamed-on-the-router");
    } finally {
      await b.stop();
      await client.close();
    }
  });
});
