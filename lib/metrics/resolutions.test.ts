import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedSamples, writeStoredSamples, type SampleRow } from "../testing/samples";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getSeries } from "./query";
import { runRollup } from "./rollup";
import { RANGE_KEYS, RANGES } from "./ranges";
import { chartResolution, DAILY_SEC, FIVE_MINUTE_SEC, HOURLY_SEC, MAX_POINTS, RAW_RESOLUTION } from "./resolutions";

describe("chartResolution", () => {
  it("reads raw up to 6 h, 5-minute rollups up to 24 h and 1-hour rollups beyond, in nice buckets", () => {
    expect(Object.fromEntries(RANGE_KEYS.map((r) => [r, chartResolution(r)]))).toEqual({
      "15m": { source: RAW_RESOLUTION, bucketSec: 5 },
      "1h": { source: RAW_RESOLUTION, bucketSec: 10 },
      "6h": { source: RAW_RESOLUTION, bucketSec: 60 },
      "24h": { source: FIVE_MINUTE_SEC, bucketSec: 300 },
      "7d": { source: HOURLY_SEC, bucketSec: 3600 },
      "30d": { source: HOURLY_SEC, bucketSec: 7200 },
      "1y": { source: DAILY_SEC, bucketSec: 86400 },
    });
  });

  it("never gives more than MAX_POINTS buckets, nor buckets finer than the rows read", () => {
    expect(RANGE_KEYS.length).toBeGreaterThan(0);
    for (const range of RANGE_KEYS) {
      const { source, bucketSec } = chartResolution(range);
      expect(RANGES[range] / bucketSec).toBeLessThanOrEqual(MAX_POINTS);
      expect(bucketSec).toBeGreaterThanOrEqual(source);
    }
  });
});

describe("getSeries over a year of 1-hour rollups", () => {
  let t: TestDb;
  const now = new Date("2027-11-21T12:30:00Z");
  const HOUR = 3_600_000;

  beforeAll(async () => {
    t = await createTestDb();
    await t.db.site.create({ data: { id: "s", name: "S" } });
    await t.db.device.create({ data: { id: "d", name: "core", siteId: "s", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
    const start = Math.floor(now.getTime() / HOUR) * HOUR - 365 * 24 * HOUR;
    // 1-hour rollups for a year (cpuLoad = hour of day, min 0, max 100), then the 5-minute rows and raw samples of the last hour.
    const hourly = Array.from({ length: 365 * 24 }, (_, h): SampleRow => ({
      deviceId: "d",
      metric: "cpu-load",
      ts: new Date(start + h * HOUR),
      resolution: HOURLY_SEC,
      values: { cpuLoad: h % 24 },
      min: { cpuLoad: 0 },
      max: { cpuLoad: 100 },
    }));
    const recent = Array.from({ length: 6 }, (_, i): SampleRow => ({
      deviceId: "d",
      metric: "cpu-load",
      ts: new Date(now.getTime() - 30 * 60_000 + i * 300_000),
      resolution: FIVE_MINUTE_SEC,
      values: { cpuLoad: 50 },
      min: { cpuLoad: 40 },
      max: { cpuLoad: 60 },
    }));
    await writeStoredSamples(t.db, [...hourly, ...recent]);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("serves 7 d, 30 d and 1 y within MAX_POINTS points, with the min–max band, and the 5-minute rows after the newest hour", async () => {
    const counts: Record<string, number> = {};
    for (const range of ["7d", "30d", "1y"] as const) {
      const result = await getSeries(t.db, "d", "cpu-load", range, now);
      expect(result.sourceResolutionSec).toBe(chartResolution(range).source);
      expect(result.resolutionSec).toBe(chartResolution(range).bucketSec);
      const points = result.series[0]?.points ?? [];
      counts[range] = points.length;
      expect(points.length).toBeLessThanOrEqual(MAX_POINTS);
      // Every bucket of 1-hour rows carries their band (the newest may hold only the 5-minute rows of 40..60).
      expect(points.slice(0, -1).every((p) => p.min?.cpuLoad === 0 && p.max?.cpuLoad === 100)).toBe(true);
    }
    // Buckets aligned on UTC, from the bucket holding the range's start: 7 d reads the hour of its start (12:00,
    // before 12:30), the 167 whole hours after it and the current one; 30 d and 1 y have a partial bucket at each end.
    expect(counts).toEqual({ "7d": 169, "30d": 361, "1y": 366 });
    // 1 y: a whole day of hours 0..23 averages 11.5.
    const year = (await getSeries(t.db, "d", "cpu-load", "1y", now)).series[0]?.points ?? [];
    expect(year[100]?.cpuLoad).toBe(11.5);
    // 7 d: the newest point is the current hour, from the 5-minute rows written after the last hourly rollup.
    const week = (await getSeries(t.db, "d", "cpu-load", "7d", now)).series[0]?.points ?? [];
    expect(week.at(-1)).toMatchObject({ t: Date.parse("2027-11-21T12:00:00Z"), cpuLoad: 50, min: { cpuLoad: 40 }, max: { cpuLoad: 60 } });
  });

  it("reads 1 y from 1-day rollups once they exist: the same days, averages and band from 24 times fewer rows", async () => {
    const fromHours = (await getSeries(t.db, "d", "cpu-load", "1y", now)).series[0]?.points ?? [];
    const summary = await runRollup(t.db, now, { hourlyRetentionDays: 400 });
    expect(summary.dailyRollups["cpu-load"]).toBe(365);
    const days = await storedSamples(t.db, { resolution: DAILY_SEC });
    expect(days).toHaveLength(365);
    expect(days.every((d) => d.ts.getTime() % 86_400_000 === 0)).toBe(true);
    const fromDays = await getSeries(t.db, "d", "cpu-load", "1y", now);
    expect(fromDays.sourceResolutionSec).toBe(DAILY_SEC);
    const points = fromDays.series[0]?.points ?? [];
    expect(points.map((p) => p.t)).toEqual(fromHours.map((p) => p.t));
    // Whole days (not the partial first and last): hours 0..23 average 11.5, band 0..100, as read from the hours.
    for (const p of points.slice(1, -1)) expect(p).toMatchObject({ cpuLoad: 11.5, min: { cpuLoad: 0 }, max: { cpuLoad: 100 } });
  });
});
