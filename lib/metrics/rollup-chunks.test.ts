import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deleteSamples, storedSamples, type StoredSample } from "../testing/samples";
import { createTestDb, type TestDb } from "../testing/test-db";
import { RAW_RESOLUTION } from "./resolutions";
import { runRollup, type RollupOptions, type RollupStepRunner, type RollupSummary } from "./rollup";
import { insertSamples, type MetricSampleInput } from "./sample-store";

let t: TestDb;
const DEVICES = ["dev-1", "dev-2", "dev-3", "dev-4", "dev-5"];
const HOUR = 3_600_000;
const hour10 = Date.parse("2026-11-21T10:00:00Z");
/** 12:10 without lateness: 5-minute buckets up to 12:10, the 10:00 and 11:00 hours. */
const now = new Date(hour10 + 2 * HOUR + 10 * 60_000);
const keep = { rawRetentionHours: 48, fiveMinuteRetentionDays: 30, hourlyRetentionDays: 365, latenessMs: 0 };

/**
 * One sample a minute from 10:00 to 12:14 per device: CPU load, and MACsec statistics of two interfaces whose status
 * changes; dev-3 has no sample from 11:00 on (a router gone), so chunks and buckets without rows occur.
 */
function samples(): MetricSampleInput[] {
  const out: MetricSampleInput[] = [];
  for (let m = 0; m < 135; m++) {
    const ts = new Date(hour10 + m * 60_000 + 7_000);
    DEVICES.forEach((deviceId, d) => {
      if (deviceId === "dev-3" && m >= 60) return;
      out.push({ deviceId, metric: "cpu-load", series: "", ts, values: { cpuLoad: (m * 7 + d * 13) % 100 }, status: null });
      for (const series of ["macsec1", "macsec2"]) {
        const values = { inPktsOk: m * 1.5 + d, inPktsLate: m % 4 === 0 ? null : d * 0.25, outPktsEncrypted: 1000 - m };
        out.push({ deviceId, metric: "macsec-stats", series, ts, values, status: m % 3 === 0 ? "negotiating" : "open-encrypted" });
      }
    });
  }
  return out;
}

/** Identity of a stored row: its series, resolution and bucket. */
const rowKey = (r: StoredSample) => [r.resolution, r.ts.getTime(), r.deviceId, r.metric, r.series].join("\u0000");

/** Every rollup row, decoded, in a stable order (resolution, ts, device, metric, series). */
async function rollupRows(): Promise<StoredSample[]> {
  const rows = await storedSamples(t.db, { resolutionAbove: RAW_RESOLUTION });
  const order = (a: StoredSample, b: StoredSample) =>
    a.resolution - b.resolution ||
    a.ts.getTime() - b.ts.getTime() ||
    a.deviceId.localeCompare(b.deviceId) ||
    a.metric.localeCompare(b.metric) ||
    a.series.localeCompare(b.series);
  return rows.sort(order);
}

const written = (s: RollupSummary) =>
  [s.rollups, s.hourlyRollups, s.dailyRollups].reduce((n, perMetric) => n + Object.values(perMetric).reduce((a, b) => a + b, 0), 0);

/** A step runner that fails the `failAt`th step (1-based) and every later one, as a poller stopping mid-run does. */
function failingAt(failAt: number): RollupStepRunner {
  let steps = 0;
  return (step) => (++steps >= failAt ? Promise.reject(new Error("stopped")) : step());
}

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s", name: "S" } });
  for (const id of DEVICES) {
    await t.db.device.create({ data: { id, name: id, siteId: "s", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
  }
  await t.db.$transaction((tx) => insertSamples(tx, samples()));
});
beforeEach(async () => {
  await deleteSamples(t.db, { resolutionAbove: RAW_RESOLUTION });
});
afterAll(async () => {
  await t.cleanup();
});

describe("runRollup in chunks of devices", () => {
  it("writes the same rows in chunks of two devices as in one chunk, at most two devices per step", async () => {
    const whole = await runRollup(t.db, now, keep);
    const expected = await rollupRows();
    // 5-minute: 26 buckets × (5 − dev-3 after 11:00) devices × 3 series; hourly: 2 hours likewise.
    expect(whole.rollups).toMatchObject({ "cpu-load": 26 * 5 - 14, "macsec-stats": 2 * (26 * 5 - 14) });
    expect(whole.hourlyRollups).toMatchObject({ "cpu-load": 9, "macsec-stats": 18 });
    await deleteSamples(t.db, { resolutionAbove: RAW_RESOLUTION });

    const seen = new Set<string>();
    const devicesPerStep: number[] = [];
    const runStep: RollupStepRunner = async (step) => {
      const result = await step();
      const added = (await storedSamples(t.db, { resolutionAbove: RAW_RESOLUTION })).filter((r) => !seen.has(rowKey(r)));
      for (const r of added) seen.add(rowKey(r));
      devicesPerStep.push(new Set(added.map((r) => r.deviceId)).size);
      return result;
    };
    const chunked = await runRollup(t.db, now, { ...keep, devicesPerChunk: 2, runStep });
    expect(chunked.rollups).toEqual(whole.rollups);
    expect(chunked.hourlyRollups).toEqual(whole.hourlyRollups);
    expect(await rollupRows()).toEqual(expected);
    expect(Math.max(...devicesPerStep)).toBe(2);
    expect(written(await runRollup(t.db, now, { ...keep, devicesPerChunk: 2 }))).toBe(0);
  });

  it("resumes a run stopped between chunks: each row written once, the same rows as an uninterrupted run", async () => {
    const opts: RollupOptions = { ...keep, devicesPerChunk: 2 };
    let steps = 0;
    await runRollup(t.db, now, { ...opts, runStep: (step) => (steps++, step()) });
    const expected = await rollupRows();
    // Stops spread over the run: within the 5-minute, 1-hour and retention steps of different metrics.
    for (const failAt of [0.35, 0.5, 0.6, 0.75].map((f) => Math.round(f * steps))) {
      await deleteSamples(t.db, { resolutionAbove: RAW_RESOLUTION });
      await expect(runRollup(t.db, now, { ...opts, runStep: failingAt(failAt) })).rejects.toThrow("stopped");
      const partial = (await rollupRows()).length;
      expect(partial).toBeLessThan(expected.length);
      const resumed = await runRollup(t.db, now, opts);
      expect(partial + written(resumed)).toBe(expected.length);
      expect(await rollupRows()).toEqual(expected);
    }
  });
});
