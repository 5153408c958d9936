import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { generateKey } from "../crypto/seal";
import { FLEET_TRAFFIC_WINDOW_SEC } from "../status/definitions";
import { queryFleetTotals, queryTopMacvlanTalkers } from "../status/fleet-queries";
import { queryFleetStatus } from "../status/queries";
import { storedSamples } from "../testing/samples";
import { insertSimulatorDevices, setSimFault } from "../testing/sim-devices";
import { createTestDb, type TestDb } from "../testing/test-db";
import { startPoller, type PollerOptions, type PollSummary } from "./poller";

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const secretKey = generateKey();
const POLL_SEC = 60;
let sim: Sim;
let t: TestDb;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pollerOptions(extra: Partial<PollerOptions> = {}): PollerOptions {
  return {
    db: t.db,
    loop: false,
    concurrency: 8,
    requestTimeoutMs: 2_500,
    connectTimeoutMs: 1_000,
    maxRetries: 0,
    rollupEveryMs: 0,
    slowReadSec: 3600,
    secretKey,
    ...extra,
  };
}

/** Every MACVLAN row with its rates and its device's state. */
const macvlanRows = () =>
  t.db.macvlanInterface.findMany({
    select: {
      deviceId: true,
      name: true,
      disabled: true,
      updatedAt: true,
      rxBitsPerSecond: true,
      txBitsPerSecond: true,
      totalBitsPerSecond: true,
      ratesAt: true,
      device: { select: { name: true, status: true, enabled: true } },
    },
    orderBy: [{ deviceId: "asc" }, { name: "asc" }],
  });

/** The rows whose rates are traffic now at `now` (the readers' definition, restated over the rows). */
async function trafficNow(now: Date) {
  const since = now.getTime() - FLEET_TRAFFIC_WINDOW_SEC * 1000;
  const rows = (await macvlanRows()).filter(
    (m) => m.device.enabled && m.device.status === "up" && !m.disabled && m.ratesAt && m.ratesAt.getTime() >= since && m.ratesAt.getTime() <= now.getTime(),
  );
  return {
    rows,
    rx: rows.reduce((sum, m) => sum + (m.rxBitsPerSecond ?? 0), 0),
    tx: rows.reduce((sum, m) => sum + (m.txBitsPerSecond ?? 0), 0),
    totals: rows.map((m) => m.totalBitsPerSecond ?? 0).sort((a, b) => b - a),
  };
}

/** Checks the fleet totals, the top talkers and the status page's per-device traffic against trafficNow(now). */
async function expectReadersAgree(now: Date): Promise<void> {
  const expected = await trafficNow(now);
  const totals = await queryFleetTotals(t.db, { pollIntervalSec: POLL_SEC }, now);
  expect(totals.rxBitsPerSecond).toBeCloseTo(expected.rx, 3);
  expect(totals.txBitsPerSecond).toBeCloseTo(expected.tx, 3);
  const top = await queryTopMacvlanTalkers(t.db, 10, now);
  expect(top).toHaveLength(Math.min(10, expected.rows.length));
  for (const [i, x] of top.entries()) {
    expect(x.rxBitsPerSecond + x.txBitsPerSecond).toBeCloseTo(expected.totals[i] ?? NaN, 3);
    const row = expected.rows.find((m) => m.deviceId === x.deviceId && m.name === x.interface);
    expect([x.deviceName, x.rxBitsPerSecond, x.txBitsPerSecond]).toEqual([row?.device.name, row?.rxBitsPerSecond, row?.txBitsPerSecond]);
  }
  const status = await queryFleetStatus(t.db, { pollIntervalSec: POLL_SEC, fleetTotals: totals }, now);
  const devices = status.sites.flatMap((s) => s.devices);
  expect(devices.length).toBeGreaterThan(0);
  for (const d of devices) {
    const own = expected.rows.filter((m) => m.deviceId === d.id);
    expect(d.traffic?.interfaces ?? 0).toBe(own.length);
    expect(d.traffic?.rxBitsPerSecond ?? 0).toBeCloseTo(
      own.reduce((sum, m) => sum + (m.rxBitsPerSecond ?? 0), 0),
      3,
    );
  }
}

async function runOnce(owner: string): Promise<PollSummary> {
  const poller = startPoller(pollerOptions({ owner }));
  try {
    return await poller.runOnce();
  } finally {
    await poller.stop();
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

describe("each MACVLAN's latest rates, written with the poll cycle", () => {
  it("come from the second poll's counter deltas, survive a full read without a rate, and count only while recent and up", async () => {
    const poller = startPoller(pollerOptions({ owner: "rates-a" }));
    try {
      const first = await poller.runOnce();
      expect(first.up).toBe(sim.routers.length);
      // First snapshot: no rate yet, nothing counts.
      const unrated = await macvlanRows();
      expect(unrated.length).toBeGreaterThan(0);
      expect(unrated.filter((m) => m.ratesAt !== null)).toEqual([]);
      expect(await queryTopMacvlanTalkers(t.db, 10, new Date())).toEqual([]);
      expect((await queryFleetTotals(t.db, { pollIntervalSec: POLL_SEC })).rxBitsPerSecond).toBe(0);

      await sleep(1_100);
      const second = await poller.runOnce();
      expect(second.results.every((r) => r.status === "up" && !r.fullRead)).toBe(true);
    } finally {
      await poller.stop();
    }

    // The rates of each MACVLAN are those of its newest macvlan-traffic sample, read at the sample's time.
    const rated = (await macvlanRows()).filter((m) => m.ratesAt !== null);
    expect(rated.length).toBeGreaterThan(0);
    expect(rated.some((m) => (m.totalBitsPerSecond ?? 0) > 0)).toBe(true);
    for (const m of rated) {
      const sample = (await storedSamples(t.db, { deviceId: m.deviceId, metric: "macvlan-traffic", series: m.name, resolution: 0 })).at(-1);
      const values = sample?.values ?? {};
      expect(m.ratesAt).toEqual(sample?.ts);
      expect(m.rxBitsPerSecond).toBeCloseTo(values.rxBitsPerSecond ?? NaN, 3);
      expect(m.txBitsPerSecond).toBeCloseTo(values.txBitsPerSecond ?? NaN, 3);
      expect(m.totalBitsPerSecond).toBeCloseTo((values.rxBitsPerSecond ?? NaN) + (values.txBitsPerSecond ?? NaN), 3);
    }
    const soho = rated.find((m) => m.device.name === "guide-soho-macvlan" && m.name === "macvlan-iot");
    expect(soho?.totalBitsPerSecond).toBeGreaterThan(0);
    const readAt = rated.map((m) => m.ratesAt?.getTime() ?? 0);
    const oldest = new Date(Math.min(...readAt));
    const newest = new Date(Math.max(...readAt));
    await expectReadersAgree(newest);
    expect((await trafficNow(newest)).rows).toHaveLength(rated.length);

    // A rate read longer ago than the window no longer counts.
    const later = new Date(oldest.getTime() + FLEET_TRAFFIC_WINDOW_SEC * 1000);
    expect((await trafficNow(later)).rows.length).toBeGreaterThan(0);
    await expectReadersAgree(later);
    const tooLate = new Date(newest.getTime() + FLEET_TRAFFIC_WINDOW_SEC * 1000 + 1);
    expect(await queryTopMacvlanTalkers(t.db, 10, tooLate)).toEqual([]);
    const stale = await queryFleetTotals(t.db, { pollIntervalSec: POLL_SEC }, tooLate);
    expect([stale.rxBitsPerSecond, stale.txBitsPerSecond]).toEqual([0, 0]);

    // A new poller's first cycle is a full read: it replaces the MACVLAN rows. Without counter snapshots it computes
    // no rate, and the rows keep the rates they had.
    await t.db.counterSnapshot.deleteMany({});
    const full = await runOnce("rates-b");
    expect(full.results.every((r) => r.status === "up" && r.fullRead)).toBe(true);
    const replaced = await macvlanRows();
    const before = new Map(rated.map((m) => [`${m.deviceId}/${m.name}`, m]));
    for (const m of replaced.filter((r) => before.has(`${r.deviceId}/${r.name}`))) {
      const old = before.get(`${m.deviceId}/${m.name}`);
      expect(m.updatedAt.getTime()).toBeGreaterThan(old?.updatedAt.getTime() ?? Infinity);
      expect([m.rxBitsPerSecond, m.txBitsPerSecond, m.totalBitsPerSecond, m.ratesAt]).toEqual([
        old?.rxBitsPerSecond,
        old?.txBitsPerSecond,
        old?.totalBitsPerSecond,
        old?.ratesAt,
      ]);
    }
    expect(replaced.filter((m) => m.ratesAt !== null)).toHaveLength(rated.length);

    // A device that goes down drops out of the totals and the top talkers; its last rates stay on its rows.
    await sleep(1_100);
    const busiest = (await queryTopMacvlanTalkers(t.db, 1, newest))[0];
    expect(busiest).toBeDefined();
    const victim = busiest?.deviceName ?? "";
    await setSimFault(sim.url, victim, { mode: "reset" });
    try {
      const down = await runOnce("rates-c");
      expect(down.results.find((r) => r.name === victim)?.status).toBe("down");
      expect(down.up).toBe(sim.routers.length - 1);
    } finally {
      await setSimFault(sim.url, victim, null);
    }
    const now = new Date();
    const victimRows = (await macvlanRows()).filter((m) => m.device.name === victim);
    expect(victimRows.some((m) => m.ratesAt !== null && now.getTime() - m.ratesAt.getTime() < FLEET_TRAFFIC_WINDOW_SEC * 1000)).toBe(true);
    const stillUp = await trafficNow(now);
    expect(stillUp.rows.length).toBeGreaterThan(0);
    expect(stillUp.rows.filter((m) => m.device.name === victim)).toEqual([]);
    expect((await queryTopMacvlanTalkers(t.db, 10, now)).map((x) => x.deviceName)).not.toContain(victim);
    await expectReadersAgree(now);
  });
});
