import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getFleetTopTalkers, getMacsecSeries, getSessionSeries, getTrafficSeries, MAX_POINTS, resolutionFor } from "./query";
import { ROLLUP_RESOLUTION_SEC, runRollup } from "./rollup";
import { sampleWrites, type MacsecSampleInput, type SampleBatch, type TrafficSampleInput } from "./store";

let t: TestDb;
const A = "dev-a";
const B = "dev-b";
const now = new Date("2026-11-21T12:02:30Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

function traffic(deviceId: string, iface: string, ts: Date, rxBps: number): TrafficSampleInput {
  return { deviceId, interface: iface, ts, rxBps, txBps: rxBps / 2, rxPps: rxBps / 1000, txPps: 1 };
}
function macsec(ts: Date, inPktsLate: number, status: string): MacsecSampleInput {
  return {
    deviceId: A, interface: "macsec1", ts, status, outPktsProtected: 0, outPktsEncrypted: 10, inPktsOk: 10, inPktsInvalid: 0,
    inPktsNotValid: 0, inPktsLate, inPktsNoTag: 0, inPktsBadTag: 0, inPktsUnknownSci: 0,
  };
}

/** Inserts raw samples in one transaction, as a poll cycle does. */
async function writeSamples(batch: SampleBatch): Promise<void> {
  await t.db.$transaction(sampleWrites(t.db, batch));
}

/** One sample per minute for the last `minutes` minutes (values = minute index). */
async function seedMinutes(minutes: number): Promise<void> {
  const sessions = [];
  const trafficRows = [];
  const macsecRows = [];
  for (let m = minutes; m >= 0; m--) {
    const ts = minutesAgo(m);
    sessions.push({ deviceId: A, ts, count: m % 2 === 0 ? 2 : 4 });
    trafficRows.push(traffic(A, "macvlan1", ts, 1000 * m), traffic(A, "macsec1", ts, 10));
    macsecRows.push(macsec(ts, m, m === 0 ? "negotiating" : "open-encrypted"));
  }
  await writeSamples({ sessions, traffic: trafficRows, macsec: macsecRows });
}

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s", name: "S" } });
  for (const [id, name] of [[A, "core-a"], [B, "edge-b"]]) {
    await t.db.device.create({ data: { id, name, siteId: "s", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
  }
});
beforeEach(async () => {
  await t.db.macServerSessionSample.deleteMany();
  await t.db.interfaceTrafficSample.deleteMany();
  await t.db.macsecSample.deleteMany();
});
afterAll(async () => {
  await t.cleanup();
});

describe("runRollup", () => {
  it("averages complete 5-minute buckets, skips the current one, and is idempotent", async () => {
    await seedMinutes(30);
    const first = await runRollup(t.db, now, { rawRetentionHours: 26, rollupRetentionDays: 8, latenessMs: 0 });
    // Samples span 11:32:30..12:02:30: complete buckets 11:30..11:55 (6 buckets).
    expect(first.sessionRollups).toBe(6);
    expect(first.trafficRollups).toBe(12);
    expect(first.macsecRollups).toBe(6);
    const again = await runRollup(t.db, now, { rawRetentionHours: 26, rollupRetentionDays: 8, latenessMs: 0 });
    expect(again.sessionRollups + again.trafficRollups + again.macsecRollups).toBe(0);
    expect(await t.db.macServerSessionSample.count({ where: { resolution: ROLLUP_RESOLUTION_SEC } })).toBe(6);

    const bucket = await t.db.interfaceTrafficSample.findFirstOrThrow({
      where: { resolution: ROLLUP_RESOLUTION_SEC, interface: "macvlan1", ts: new Date("2026-11-21T11:35:00Z") },
    });
    // Minutes-ago 27..23 fall into 11:35..11:40 → rxBps 27000..23000 → average 25000.
    expect(bucket.rxBps).toBe(25_000);
    const later = await runRollup(t.db, new Date(now.getTime() + 5 * 60_000), { rawRetentionHours: 26, rollupRetentionDays: 8, latenessMs: 0 });
    expect(later.sessionRollups).toBe(1);
  });

  it("leaves buckets within the lateness raw, so a sample written late is still averaged", async () => {
    await seedMinutes(30);
    const opts = { rawRetentionHours: 26, rollupRetentionDays: 8, latenessMs: 600_000 };
    // now − 10 min = 11:52:30: only buckets ending by 11:50 (11:30..11:45) are rolled up.
    expect((await runRollup(t.db, now, opts)).sessionRollups).toBe(4);
    // A cycle writes a sample of 11:52 late (after that rollup ran).
    await writeSamples({ sessions: [{ deviceId: A, ts: new Date("2026-11-21T11:52:00Z"), count: 100 }], traffic: [], macsec: [] });
    expect((await runRollup(t.db, new Date(now.getTime() + 5 * 60_000), opts)).sessionRollups).toBe(1);
    const bucket = await t.db.macServerSessionSample.findFirstOrThrow({ where: { resolution: ROLLUP_RESOLUTION_SEC, ts: new Date("2026-11-21T11:50:00Z") } });
    // 11:50:30..11:54:30 alternate 2/4 (2, 4, 2, 4, 2) plus the late 100: (14 + 100) / 6.
    expect(bucket.count).toBe(19);
  });

  it("averages only known MACsec rates and keeps unknown ones null", async () => {
    const unknown = { ...macsec(new Date("2026-11-21T11:50:05Z"), 0, "open-encrypted"), inPktsOk: null, inPktsLate: null };
    const known = { ...macsec(new Date("2026-11-21T11:50:01Z"), 0, "open-encrypted"), inPktsLate: null };
    await writeSamples({ sessions: [], traffic: [], macsec: [known, unknown] });
    await runRollup(t.db, now, { rawRetentionHours: 26, rollupRetentionDays: 8, latenessMs: 0 });
    const rollup = await t.db.macsecSample.findFirstOrThrow({ where: { resolution: ROLLUP_RESOLUTION_SEC } });
    expect([rollup.inPktsOk, rollup.inPktsLate, rollup.outPktsEncrypted]).toEqual([10, null, 10]);
    const series = await getMacsecSeries(t.db, A, "1h", now);
    expect(series.series[0].points).toHaveLength(1);
    expect(series.series[0].points[0]).toMatchObject({ inPktsOk: 10, inPktsLate: null, outPktsEncrypted: 10 });
  });

  it("deletes raw rows and rollups past their retention", async () => {
    const old = new Date(now.getTime() - 30 * 3_600_000);
    const ancient = new Date(now.getTime() - 9 * 86_400_000);
    await t.db.macServerSessionSample.createMany({
      data: [
        { deviceId: A, ts: old, count: 1 },
        { deviceId: A, ts: ancient, count: 1, resolution: ROLLUP_RESOLUTION_SEC },
        { deviceId: A, ts: old, count: 1, resolution: ROLLUP_RESOLUTION_SEC },
      ],
    });
    const summary = await runRollup(t.db, now, { rawRetentionHours: 26, rollupRetentionDays: 8 });
    expect(summary.deletedRaw).toBe(1);
    expect(summary.deletedRollups).toBe(1);
    expect(await t.db.macServerSessionSample.count()).toBe(1);
  });
});

describe("query", () => {
  it("picks nice resolutions with at most MAX_POINTS buckets", () => {
    expect(resolutionFor("15m")).toBe(5);
    expect(resolutionFor("6h")).toBe(120);
    expect(resolutionFor("24h")).toBe(300);
    expect(resolutionFor("7d")).toBe(3600);
    for (const r of ["15m", "1h", "6h", "24h", "7d"] as const) expect(resolutionFor(r) * MAX_POINTS).toBeGreaterThanOrEqual({ "15m": 900, "1h": 3600, "6h": 21600, "24h": 86400, "7d": 604800 }[r]);
  });

  it("serves raw points for 15m and averages per bucket for 6h", async () => {
    await seedMinutes(30);
    const short = await getSessionSeries(t.db, A, "15m", now);
    expect(short.resolutionSec).toBe(5);
    expect(short.points).toHaveLength(16);
    expect(short.points.every((p, i, all) => i === 0 || p.t > all[i - 1].t)).toBe(true);
    const six = await getSessionSeries(t.db, A, "6h", now);
    expect(six.resolutionSec).toBe(120);
    // 31 one-minute samples alternating 2/4 in 2-minute buckets: every full bucket averages 3.
    expect(six.points).toHaveLength(16);
    expect(six.points.filter((p) => p.count === 3)).toHaveLength(15);
    expect(await getSessionSeries(t.db, B, "1h", now)).toEqual({ resolutionSec: 15, points: [] });
  });

  it("falls back to raw rows for 24h before any rollup exists, then combines rollups with newer raw rows", async () => {
    await seedMinutes(30);
    const before = await getTrafficSeries(t.db, A, "24h", now);
    expect(before.series.map((s) => s.interface)).toEqual(["macsec1", "macvlan1"]);
    const pointsBefore = before.series[1].points;
    expect(pointsBefore.length).toBe(7);
    await runRollup(t.db, now, { rawRetentionHours: 26, rollupRetentionDays: 8, latenessMs: 0 });
    const after = await getTrafficSeries(t.db, A, "24h", now);
    expect(after.series[1].points).toEqual(pointsBefore);
    expect(after.series[1].points.at(-1)?.t).toBe(new Date("2026-11-21T12:00:00Z").getTime());
  });

  it("reports MACsec rates and the last status of each bucket", async () => {
    await seedMinutes(3);
    const result = await getMacsecSeries(t.db, A, "1h", now);
    expect(result.series).toHaveLength(1);
    const last = result.series[0].points.at(-1);
    expect(last?.status).toBe("negotiating");
    expect(last?.inPktsLate).toBe(0);
    expect(result.series[0].points[0].inPktsLate).toBe(3);
    expect(result.series[0].points[0].outPktsEncrypted).toBe(10);
  });

  it("ranks the fleet's latest samples by rx+tx", async () => {
    await writeSamples({
      sessions: [],
      macsec: [],
      traffic: [
        traffic(A, "macvlan1", minutesAgo(2), 9_000_000),
        traffic(A, "macvlan1", minutesAgo(1), 100),
        traffic(B, "macvlan9", minutesAgo(1), 5_000),
        traffic(B, "macvlan8", minutesAgo(1), 1_000),
        traffic(B, "macvlan7", minutesAgo(20), 99_000_000),
      ],
    });
    const top = await getFleetTopTalkers(t.db, { limit: 2, windowSec: 300 }, now);
    expect(top).toEqual([
      { deviceId: B, deviceName: "edge-b", interface: "macvlan9", rxBps: 5_000, txBps: 2_500 },
      { deviceId: B, deviceName: "edge-b", interface: "macvlan8", rxBps: 1_000, txBps: 500 },
    ]);
  });
});
