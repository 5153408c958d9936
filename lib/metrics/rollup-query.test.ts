import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { countSamples, deleteSamples, storedSamples, writeStoredSamples } from "../testing/samples";
import { createTestDb, type TestDb } from "../testing/test-db";
import type { MetricId } from "./descriptors";
import { getSeries } from "./query";
import { FIVE_MINUTE_SEC as ROLLUP_RESOLUTION_SEC, RAW_RESOLUTION } from "./resolutions";
import { runRollup } from "./rollup";
import { insertSamples, type MetricSampleInput } from "./sample-store";

let t: TestDb;
const A = "dev-a";
const B = "dev-b";
const now = new Date("2026-11-21T12:02:30Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

function traffic(deviceId: string, iface: string, ts: Date, rx: number, metric: "macvlan-traffic" | "macsec-traffic" = "macvlan-traffic"): MetricSampleInput {
  const values = { rxBitsPerSecond: rx, txBitsPerSecond: rx / 2, rxPacketsPerSecond: rx / 1000, txPacketsPerSecond: 1 };
  return { deviceId, metric, series: iface, ts, values, status: null };
}
function macsec(ts: Date, inPktsLate: number | null, status: string, overrides: Record<string, number | null> = {}): MetricSampleInput {
  const values = {
    outPktsProtected: 0,
    outPktsEncrypted: 10,
    inPktsOk: 10,
    inPktsInvalid: 0,
    inPktsNotValid: 0,
    inPktsLate,
    inPktsNoTag: 0,
    inPktsBadTag: 0,
    inPktsUnknownSci: 0,
    ...overrides,
  };
  return { deviceId: A, metric: "macsec-stats", series: "macsec1", ts, values, status };
}
function sessions(ts: Date, count: number): MetricSampleInput {
  return { deviceId: A, metric: "mac-server-sessions", series: "", ts, values: { sessions: count }, status: null };
}

/** Inserts raw samples in one transaction, as a poll cycle does. */
async function writeSamples(samples: MetricSampleInput[]): Promise<void> {
  await t.db.$transaction((tx) => insertSamples(tx, samples));
}

/** The stored rollup row of `metric` (and series) at bucket `ts`, decoded. */
async function rollupAt(metric: MetricId, ts: Date, series?: string) {
  return at(await storedSamples(t.db, { metric, resolution: ROLLUP_RESOLUTION_SEC, ts, series }), 0);
}

/** One sample per minute for the last `minutes` minutes (values = minute index). */
async function seedMinutes(minutes: number): Promise<void> {
  const rows: MetricSampleInput[] = [];
  for (let m = minutes; m >= 0; m--) {
    const ts = minutesAgo(m);
    rows.push(sessions(ts, m % 2 === 0 ? 2 : 4));
    rows.push(traffic(A, "macvlan1", ts, 1000 * m), traffic(A, "macvlan2", ts, 10));
    rows.push(macsec(ts, m, m === 0 ? "negotiating" : "open-encrypted"));
  }
  await writeSamples(rows);
}

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s", name: "S" } });
  for (const [id, name] of [
    [A, "core-a"],
    [B, "edge-b"],
  ] as const) {
    await t.db.device.create({ data: { id, name, siteId: "s", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
  }
});
beforeEach(async () => {
  await deleteSamples(t.db);
});
afterAll(async () => {
  await t.cleanup();
});

describe("runRollup", () => {
  it("averages complete 5-minute buckets, skips the current one, and is idempotent", async () => {
    await seedMinutes(30);
    const first = await runRollup(t.db, now, { rawRetentionHours: 26, fiveMinuteRetentionDays: 8, latenessMs: 0 });
    // Samples span 11:32:30..12:02:30: complete buckets 11:30..11:55 (6 buckets).
    expect(first.rollups["mac-server-sessions"]).toBe(6);
    expect(first.rollups["macvlan-traffic"]).toBe(12);
    expect(first.rollups["macsec-stats"]).toBe(6);
    expect(first.rollups["cpu-load"]).toBe(0);
    const again = await runRollup(t.db, now, { rawRetentionHours: 26, fiveMinuteRetentionDays: 8, latenessMs: 0 });
    expect(Object.values(again.rollups).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await countSamples(t.db, { metric: "mac-server-sessions", resolution: ROLLUP_RESOLUTION_SEC })).toBe(6);

    const bucket = await rollupAt("macvlan-traffic", new Date("2026-11-21T11:35:00Z"), "macvlan1");
    // Minutes-ago 27..23 fall into 11:35..11:40 → rxBitsPerSecond 27000..23000 → average 25000.
    expect(bucket.values.rxBitsPerSecond).toBe(25_000);
    expect(bucket.deviceId).toBe(A);
    const later = await runRollup(t.db, new Date(now.getTime() + 5 * 60_000), { rawRetentionHours: 26, fiveMinuteRetentionDays: 8, latenessMs: 0 });
    expect(later.rollups["mac-server-sessions"]).toBe(1);
  });

  it("leaves buckets within the lateness raw, so a sample written late is still averaged", async () => {
    await seedMinutes(30);
    const opts = { rawRetentionHours: 26, fiveMinuteRetentionDays: 8, latenessMs: 600_000 };
    // now − 10 min = 11:52:30: only buckets ending by 11:50 (11:30..11:45) are rolled up.
    expect((await runRollup(t.db, now, opts)).rollups["mac-server-sessions"]).toBe(4);
    // A cycle writes a sample of 11:52 late (after that rollup ran).
    await writeSamples([sessions(new Date("2026-11-21T11:52:00Z"), 100)]);
    expect((await runRollup(t.db, new Date(now.getTime() + 5 * 60_000), opts)).rollups["mac-server-sessions"]).toBe(1);
    const bucket = await rollupAt("mac-server-sessions", new Date("2026-11-21T11:50:00Z"));
    // 11:50:30..11:54:30 alternate 2/4 (2, 4, 2, 4, 2) plus the late 100: (14 + 100) / 6.
    expect(bucket.values.sessions).toBe(19);
  });

  it("averages only known MACsec rates and keeps unknown ones null", async () => {
    const unknown = macsec(new Date("2026-11-21T11:50:05Z"), null, "negotiating", { inPktsOk: null });
    const known = macsec(new Date("2026-11-21T11:50:01Z"), null, "open-encrypted");
    await writeSamples([known, unknown]);
    await runRollup(t.db, now, { rawRetentionHours: 26, fiveMinuteRetentionDays: 8, latenessMs: 0 });
    const rollup = await rollupAt("macsec-stats", new Date("2026-11-21T11:50:00Z"), "macsec1");
    expect([rollup.values.inPktsOk, rollup.values.inPktsLate, rollup.values.outPktsEncrypted]).toEqual([10, null, 10]);
    expect(rollup.status).toBe("negotiating");
    const series = await getSeries(t.db, A, "macsec-stats", "1h", now);
    expect(series.series[0]?.points).toHaveLength(1);
    expect(series.series[0]?.points[0]).toMatchObject({ inPktsOk: 10, inPktsLate: null, outPktsEncrypted: 10, status: "negotiating" });
  });

  it("deletes raw rows and rollups past their retention", async () => {
    const old = new Date(now.getTime() - 30 * 3_600_000);
    const ancient = new Date(now.getTime() - 9 * 86_400_000);
    const row = { deviceId: A, metric: "mac-server-sessions" as const, resolution: RAW_RESOLUTION, values: { sessions: 1 } };
    await writeStoredSamples(t.db, [
      { ...row, ts: old },
      { ...row, ts: ancient, resolution: ROLLUP_RESOLUTION_SEC },
      { ...row, ts: old, resolution: ROLLUP_RESOLUTION_SEC },
      { ...row, metric: "cpu-load", values: { cpuLoad: 5 }, ts: old },
    ]);
    const summary = await runRollup(t.db, now, { rawRetentionHours: 26, fiveMinuteRetentionDays: 8 });
    expect(summary.deleted.raw).toBe(2);
    expect(summary.deleted.fiveMinute).toBe(1);
    // Left: the 5-minute row of 30 h ago, the hour rolled up from it and the (complete, UTC) day rolled up
    // from that hour (the 9-day-old one was past the 5-minute retention, so it was neither kept nor rolled up).
    expect(await countSamples(t.db, { resolution: ROLLUP_RESOLUTION_SEC })).toBe(1);
    expect(await countSamples(t.db, { resolution: 3600 })).toBe(1);
    expect(await countSamples(t.db, { resolution: 86_400 })).toBe(1);
    expect(await countSamples(t.db)).toBe(3);
  });
});

describe("query", () => {
  it("serves raw points for 15m and averages per bucket for 6h", async () => {
    await seedMinutes(30);
    const short = await getSeries(t.db, A, "mac-server-sessions", "15m", now);
    expect(short.resolutionSec).toBe(5);
    expect(short.sourceResolutionSec).toBe(0);
    expect(short.series.map((s) => s.key)).toEqual([""]);
    const shortPoints = short.series[0]?.points ?? [];
    expect(shortPoints).toHaveLength(16);
    expect(shortPoints.every((p, i, all) => i === 0 || p.t > (all[i - 1]?.t ?? Infinity))).toBe(true);
    expect(shortPoints[0]).not.toHaveProperty("min");
    // A second sample 30 s after each minute's: 2 then 4 in every 1-minute bucket of the 6 h range.
    await writeSamples(Array.from({ length: 30 }, (_, m) => sessions(new Date(minutesAgo(m + 1).getTime() + 30_000), 6 - (m % 2 === 0 ? 2 : 4))));
    const six = await getSeries(t.db, A, "mac-server-sessions", "6h", now);
    expect(six.resolutionSec).toBe(60);
    // 61 samples in 1-minute buckets: the 30 buckets holding two (2 and 4) average 3.
    const sixPoints = six.series[0]?.points ?? [];
    expect(sixPoints).toHaveLength(31);
    expect(sixPoints.filter((p) => p.sessions === 3)).toHaveLength(30);
    expect(await getSeries(t.db, B, "mac-server-sessions", "1h", now)).toEqual({
      metric: "mac-server-sessions",
      resolutionSec: 10,
      sourceResolutionSec: 0,
      series: [],
    });
  });

  it("falls back to raw rows for 24h before any rollup exists, then combines rollups with newer raw rows", async () => {
    await seedMinutes(30);
    const before = await getSeries(t.db, A, "macvlan-traffic", "24h", now);
    expect(before.series.map((s) => s.key)).toEqual(["macvlan1", "macvlan2"]);
    const pointsBefore = before.series[0]?.points ?? [];
    expect(pointsBefore.length).toBe(7);
    await runRollup(t.db, now, { rawRetentionHours: 26, fiveMinuteRetentionDays: 8, latenessMs: 0 });
    const after = await getSeries(t.db, A, "macvlan-traffic", "24h", now);
    expect(after.series[0]?.points).toEqual(pointsBefore);
    // Minutes-ago 27..23 in 11:35..11:40: the stored rollup's min and max, as the raw rows gave before.
    expect(after.series[0]?.points[1]?.min?.rxBitsPerSecond).toBe(23_000);
    expect(after.series[0]?.points[1]?.max?.rxBitsPerSecond).toBe(27_000);
    expect(after.series[0]?.points.at(-1)?.t).toBe(new Date("2026-11-21T12:00:00Z").getTime());
    const one = await getSeries(t.db, A, "macvlan-traffic", "24h", now, "macvlan2");
    expect(one.series.map((s) => s.key)).toEqual(["macvlan2"]);
  });

  it("reports MACsec rates and the last status of each bucket", async () => {
    await seedMinutes(3);
    const result = await getSeries(t.db, A, "macsec-stats", "1h", now);
    expect(result.series).toHaveLength(1);
    const points = result.series[0]?.points ?? [];
    const last = points.at(-1);
    expect(last?.status).toBe("negotiating");
    expect(last?.inPktsLate).toBe(0);
    expect(points[0]?.inPktsLate).toBe(3);
    expect(points[0]?.outPktsEncrypted).toBe(10);
  });
});
