import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { countSamples, deleteSamples, storedSamples, writeStoredSamples, type SampleRow } from "../testing/samples";
import { createTestDb, type TestDb } from "../testing/test-db";
import { DAILY_SEC, FIVE_MINUTE_SEC, HOURLY_SEC, RAW_RESOLUTION } from "./resolutions";
import { runRollup } from "./rollup";

let t: TestDb;
const A = "dev-a";
const HOUR = 3_600_000;
const hour10 = Date.parse("2026-11-21T10:00:00Z");
const keep = { rawRetentionHours: 48, fiveMinuteRetentionDays: 30, hourlyRetentionDays: 365, latenessMs: 0 };

type Stats = Record<string, number | null>;
/** A 5-minute rollup row of `macsec-stats` (series macsec1) at `ts`; min/max omitted = a row written before they were stored. */
function fiveMinute(ts: number, avg: Stats, min?: Stats, max?: Stats, status = "open-encrypted"): SampleRow {
  return { deviceId: A, metric: "macsec-stats", series: "macsec1", ts: new Date(ts), resolution: FIVE_MINUTE_SEC, values: avg, min, max, status };
}

/** Twelve 5-minute rows of the hour starting at `start`: inPktsOk averages 10, 20, … 120, each bucket ±5 around it; inPktsLate unknown. */
function hourOfRows(start: number, offset = 0) {
  return Array.from({ length: 12 }, (_, i) => {
    const v = (i + 1) * 10 + offset;
    return fiveMinute(start + i * 300_000, { inPktsOk: v, inPktsLate: null }, { inPktsOk: v - 5, inPktsLate: null }, { inPktsOk: v + 5, inPktsLate: null });
  });
}

async function hourly(ts: number) {
  const row = at(await storedSamples(t.db, { metric: "macsec-stats", resolution: HOURLY_SEC, ts: new Date(ts) }), 0);
  return { ...row, avg: row.values };
}

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s", name: "S" } });
  await t.db.device.create({ data: { id: A, name: "core-a", siteId: "s", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
});
beforeEach(async () => {
  await deleteSamples(t.db);
});
afterAll(async () => {
  await t.cleanup();
});

describe("1-hour rollups from 5-minute rows", () => {
  it("averages the 5-minute averages, takes the min of their mins and the max of their maxes, keeps the last status", async () => {
    const rows = hourOfRows(hour10);
    // The last bucket was written before min/max were stored: its average counts as both.
    rows[11] = fiveMinute(hour10 + 55 * 60_000, { inPktsOk: 200, inPktsLate: null }, undefined, undefined, "negotiating");
    await writeStoredSamples(t.db, rows);
    const summary = await runRollup(t.db, new Date(hour10 + HOUR + 60_000), keep);
    expect(summary.hourlyRollups["macsec-stats"]).toBe(1);
    const row = await hourly(hour10);
    // (10 + 20 + … + 110 + 200) / 12 = (660 + 200) / 12
    expect(row.avg.inPktsOk).toBeCloseTo(860 / 12, 9);
    expect(row.min.inPktsOk).toBe(5);
    expect(row.max.inPktsOk).toBe(200);
    expect([row.avg.inPktsLate, row.min.inPktsLate, row.max.inPktsLate]).toEqual([null, null, null]);
    expect(row.status).toBe("negotiating");
    expect(row.series).toBe("macsec1");
  });

  it("waits for every 5-minute bucket of the hour, resumes after its newest hour, and is idempotent", async () => {
    await writeStoredSamples(t.db, [...hourOfRows(hour10), ...hourOfRows(hour10 + HOUR, 1000)]);
    // 11:40 with no lateness: 5-minute buckets end by 11:40, so only the 10:00 hour is complete.
    const first = await runRollup(t.db, new Date(hour10 + HOUR + 40 * 60_000), keep);
    expect(first.hourlyRollups["macsec-stats"]).toBe(1);
    // With a 30-minute lateness at 12:20, 5-minute buckets end by 11:50: the 11:00 hour still waits.
    expect((await runRollup(t.db, new Date(hour10 + 2 * HOUR + 20 * 60_000), { ...keep, latenessMs: 1_800_000 })).hourlyRollups["macsec-stats"]).toBe(0);
    const second = await runRollup(t.db, new Date(hour10 + 2 * HOUR + 5 * 60_000), keep);
    expect(second.hourlyRollups["macsec-stats"]).toBe(1);
    expect((await hourly(hour10 + HOUR)).avg.inPktsOk).toBe(1065);
    expect((await runRollup(t.db, new Date(hour10 + 3 * HOUR), keep)).hourlyRollups["macsec-stats"]).toBe(0);
    expect(await countSamples(t.db, { resolution: HOURLY_SEC })).toBe(2);
  });

  it("rolls raw samples up through both levels and skips hours without rows", async () => {
    const sample = (ts: number, cpuLoad: number): SampleRow => ({
      deviceId: A,
      metric: "cpu-load",
      resolution: RAW_RESOLUTION,
      ts: new Date(ts),
      values: { cpuLoad },
    });
    // One sample a minute from 10:00 to 10:59 (0..59 %), then nothing until 14:00..14:59 (constant 7 %).
    const data = [
      ...Array.from({ length: 60 }, (_, m) => sample(hour10 + m * 60_000, m)),
      ...Array.from({ length: 60 }, (_, m) => sample(hour10 + 4 * HOUR + m * 60_000, 7)),
    ];
    await writeStoredSamples(t.db, data);
    const summary = await runRollup(t.db, new Date(hour10 + 5 * HOUR), keep);
    expect(summary.rollups["cpu-load"]).toBe(24);
    expect(summary.hourlyRollups["cpu-load"]).toBe(2);
    const rows = await storedSamples(t.db, { metric: "cpu-load", resolution: HOURLY_SEC });
    expect(rows.map((r) => [r.ts.getTime(), r.values, r.min, r.max])).toEqual([
      [hour10, { cpuLoad: 29.5 }, { cpuLoad: 0 }, { cpuLoad: 59 }],
      [hour10 + 4 * HOUR, { cpuLoad: 7 }, { cpuLoad: 7 }, { cpuLoad: 7 }],
    ]);
  });
});

describe("retention", () => {
  it("deletes each resolution past its own retention, in batches of deleteBatchSize rows", async () => {
    const now = Date.parse("2027-01-10T00:00:00Z");
    const rows = (resolution: number, agesMs: number[]): SampleRow[] =>
      agesMs.map((age) => ({ deviceId: A, metric: "cpu-load", resolution, ts: new Date(now - age), values: { cpuLoad: 1 } }));
    const range = (n: number, from: number, step: number) => Array.from({ length: n }, (_, i) => from + i * step);
    await writeStoredSamples(t.db, [
      // Raw kept 48 h: 10 rows aged 49..58 h go, 3 aged 1..3 h stay.
      ...rows(RAW_RESOLUTION, [...range(10, 49 * HOUR, HOUR), ...range(3, HOUR, HOUR)]),
      // 5-minute rollups kept 30 days: 9 rows aged 31..39 days go, 2 stay.
      ...rows(FIVE_MINUTE_SEC, [...range(9, 31 * 24 * HOUR, 24 * HOUR), ...range(2, 24 * HOUR, 24 * HOUR)]),
      // 1-hour rollups kept 365 days: 5 rows aged 366..370 days go, 4 stay.
      ...rows(HOURLY_SEC, [...range(5, 366 * 24 * HOUR, 24 * HOUR), ...range(4, 40 * 24 * HOUR, 24 * HOUR)]),
      // 1-day rollups kept as long as the 1-hour ones: 2 rows aged 366..367 days go.
      ...rows(DAILY_SEC, range(2, 366 * 24 * HOUR, 24 * HOUR)),
    ]);
    const summary = await runRollup(t.db, new Date(now), { ...keep, latenessMs: 600_000, deleteBatchSize: 4 });
    expect(summary.deleted).toEqual({ raw: 10, fiveMinute: 9, hourly: 5, daily: 2 });
    // ceil(10 / 4) + ceil(9 / 4) + ceil(5 / 4) + ceil(2 / 4) statements.
    expect(summary.deleteBatches).toBe(3 + 3 + 2 + 1);
    const left = await Promise.all(
      [RAW_RESOLUTION, FIVE_MINUTE_SEC, HOURLY_SEC, DAILY_SEC].map((resolution) => countSamples(t.db, { metric: "cpu-load", resolution })),
    );
    expect(left.every((n) => n > 0)).toBe(true);
    // What stays: 3 raw, 2 + the 5-minute rows rolled up from the 3 raw ones, 4 + the hours rolled up from kept 5-minute rows, the days rolled up from kept hours.
    expect(at(left, 0)).toBe(3);
    expect(at(left, 1)).toBeGreaterThanOrEqual(2);
    expect(await countSamples(t.db, { resolution: RAW_RESOLUTION, before: new Date(now - 48 * HOUR) })).toBe(0);
    expect(await countSamples(t.db, { resolution: FIVE_MINUTE_SEC, before: new Date(now - 30 * 24 * HOUR) })).toBe(0);
    expect(await countSamples(t.db, { resolution: HOURLY_SEC, before: new Date(now - 365 * 24 * HOUR) })).toBe(0);
    expect(await countSamples(t.db, { resolution: HOURLY_SEC })).toBeGreaterThanOrEqual(4);
    expect(await countSamples(t.db, { resolution: DAILY_SEC, before: new Date(now - 365 * 24 * HOUR) })).toBe(0);
  });
});
