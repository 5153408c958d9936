import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "../db-client";
import type { Tx } from "../db-transaction";
import { at } from "../testing/at";
import { countSamples, deleteSamples, storedSamples, writeStoredSamples } from "../testing/samples";
import { createTestDb, type TestDb } from "../testing/test-db";
import { fieldNames, METRIC_IDS } from "./descriptors";
import { FIVE_MINUTE_SEC, RAW_RESOLUTION, type StoredResolution } from "./resolutions";
import {
  insertSamples,
  MAX_SAMPLE_FIELDS,
  readSeriesRows,
  rowFields,
  rowStats,
  seriesIds,
  seriesKeyOf,
  valueColumn,
  type MetricSampleInput,
  type SeriesKey,
} from "./sample-store";

let t: TestDb;
const A = "dev-a";
const B = "dev-b";
const ts = new Date("2026-11-21T10:00:00Z");
const later = (s: number) => new Date(ts.getTime() + s * 1000);

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s", name: "S" } });
  for (const id of [A, B]) {
    await t.db.device.create({ data: { id, name: id, siteId: "s", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
  }
});
beforeEach(async () => {
  await deleteSamples(t.db);
  await t.db.sampleSeries.deleteMany();
});
afterAll(async () => {
  await t.cleanup();
});

/** Inserts raw samples in one transaction, as a poll cycle does; returns the rows inserted. */
const insert = (samples: MetricSampleInput[]) => t.db.$transaction((tx) => insertSamples(tx, samples));

const cpu = (deviceId: string, at: Date, cpuLoad: number): MetricSampleInput => ({
  deviceId,
  metric: "cpu-load",
  series: "",
  ts: at,
  values: { cpuLoad },
  status: null,
});

describe("insertSamples", () => {
  it("inserts every metric's samples as raw rows, one series per device, metric and interface", async () => {
    const traffic = (series: string, rx: number): MetricSampleInput => ({
      deviceId: A,
      metric: "macvlan-traffic",
      series,
      ts,
      status: null,
      values: { rxBitsPerSecond: rx, txBitsPerSecond: 16000, rxPacketsPerSecond: 10, txPacketsPerSecond: 20 },
    });
    const inserted = await insert([
      { deviceId: A, metric: "mac-server-sessions", series: "", ts, values: { sessions: 3 }, status: null },
      traffic("macvlan1", 8000),
      traffic("macvlan2", 1),
      { deviceId: A, metric: "macsec-stats", series: "macsec1", ts, values: { inPktsOk: 3, inPktsLate: null }, status: "open-encrypted" },
    ]);
    expect(inserted).toBe(4);
    expect(await t.db.sampleSeries.count()).toBe(4);
    expect(await countSamples(t.db, { deviceId: A, metric: "mac-server-sessions", resolution: RAW_RESOLUTION })).toBe(1);
    expect(await countSamples(t.db, { deviceId: A, metric: "macvlan-traffic", resolution: RAW_RESOLUTION })).toBe(2);
    const macsec = at(await storedSamples(t.db, { metric: "macsec-stats" }), 0);
    expect(macsec).toMatchObject({ deviceId: A, series: "macsec1", resolution: RAW_RESOLUTION, status: "open-encrypted" });
    expect(macsec.ts.toISOString()).toBe(ts.toISOString());
    expect(macsec.values).toEqual({
      outPktsProtected: null,
      outPktsEncrypted: null,
      inPktsOk: 3,
      inPktsInvalid: null,
      inPktsNotValid: null,
      inPktsLate: null,
      inPktsNoTag: null,
      inPktsBadTag: null,
      inPktsUnknownSci: null,
    });
    const macvlan2 = at(await storedSamples(t.db, { series: "macvlan2" }), 0);
    expect(macvlan2.values).toEqual({ rxBitsPerSecond: 1, txBitsPerSecond: 16000, rxPacketsPerSecond: 10, txPacketsPerSecond: 20 });
  });

  it("inserts nothing for an empty list", async () => {
    expect(await insert([])).toBe(0);
    expect(await countSamples(t.db)).toBe(0);
    expect(await t.db.sampleSeries.count()).toBe(0);
  });

  it("skips a sample whose series already has a raw row at its ts, in the same call or a later one", async () => {
    // A rollup row at the same ts is another resolution: it does not collide with the raw sample.
    await writeStoredSamples(t.db, [{ deviceId: A, metric: "cpu-load", resolution: FIVE_MINUTE_SEC, ts, values: { cpuLoad: 50 } }]);
    expect(await insert([cpu(A, ts, 1), cpu(A, ts, 2), cpu(A, later(5), 3), cpu(B, ts, 4)])).toBe(3);
    expect(await insert([cpu(A, ts, 9), cpu(A, later(10), 5)])).toBe(1);
    const raw = await storedSamples(t.db, { deviceId: A, resolution: RAW_RESOLUTION });
    expect(raw.map((r) => [r.ts.getTime() - ts.getTime(), r.values.cpuLoad])).toEqual([
      [0, 1],
      [5000, 3],
      [10_000, 5],
    ]);
    expect(await countSamples(t.db, { deviceId: A, resolution: FIVE_MINUTE_SEC })).toBe(1);
    expect(await t.db.sampleSeries.count()).toBe(2);
  });

  it("stores a value that is not a finite number, or a field left out, as null (unknown), and 0 as 0", async () => {
    const memory = (s: number, values: Record<string, number | null>): MetricSampleInput => ({
      deviceId: A,
      metric: "memory",
      series: "",
      ts: later(s),
      values,
      status: null,
    });
    await insert([
      memory(0, { usedMemory: Number.NaN, totalMemory: 0 }),
      memory(1, { usedMemory: Number.POSITIVE_INFINITY, totalMemory: Number.NEGATIVE_INFINITY }),
      memory(2, { usedMemory: 1024 }),
    ]);
    // The columns themselves (PostgreSQL's double precision could hold NaN and ±Infinity), not a decoding of them.
    const rows = await t.db.metricSample.findMany({ orderBy: { ts: "asc" }, select: { v0: true, v1: true } });
    expect(rows).toEqual([
      { v0: null, v1: 0 },
      { v0: null, v1: null },
      { v0: 1024, v1: null },
    ]);
  });

  it("stores field number i of every metric in column v<i>, read back by readSeriesRows and rowFields", async () => {
    const expected = METRIC_IDS.map((metric, m) => ({
      metric,
      values: Object.fromEntries(fieldNames(metric).map((field, i) => [field, (m + 1) * 100 + i + 0.5])),
    }));
    await insert(expected.map(({ metric, values }) => ({ deviceId: A, metric, series: "s1", ts, values, status: null })));
    const rows = await t.db.metricSample.findMany({ include: { sampleSeries: true } });
    expect(rows).toHaveLength(METRIC_IDS.length);
    for (const { metric, values } of expected) {
      const row = rows.find((r) => r.sampleSeries.metric === metric) as unknown as Record<string, unknown>;
      const fields = fieldNames(metric);
      const columns = Array.from({ length: MAX_SAMPLE_FIELDS }, (_, i) => row[`v${i}`]);
      expect(columns).toEqual(Array.from({ length: MAX_SAMPLE_FIELDS }, (_, i) => (i < fields.length ? values[at(fields, i)] : null)));
      const read = await readSeriesRows(t.db, { deviceId: A, metric, resolution: RAW_RESOLUTION, from: ts.getTime(), to: ts.getTime(), withRange: false });
      expect(rowFields(at(read, 0), "v", fields)).toEqual(values);
    }
  });

  it("creates a series once when two writers insert it at the same time", async () => {
    // PostgreSQL: a second client, whose INSERT waits on the first one's uncommitted series rows; SQLite: one
    // connection per process, so the second writer's transaction runs once the first commits.
    const other = t.provider === "postgresql" ? createDb(t.url) : t.db;
    const keys: SeriesKey[] = ["macsec1", "macsec2", "macsec3"].map((series) => ({ deviceId: A, metric: "macsec-stats", series }));
    const samples = (s: number) => keys.map((k): MetricSampleInput => ({ ...k, ts: later(s), values: { inPktsOk: s }, status: "open-encrypted" }));
    let firstInserted: () => void = () => undefined;
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    try {
      const first = t.db.$transaction(async (tx: Tx) => {
        const n = await insertSamples(tx, samples(1));
        firstInserted();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return n;
      });
      await inserted;
      const second = other.$transaction((tx: Tx) => insertSamples(tx, samples(2)));
      expect(await Promise.all([first, second])).toEqual([3, 3]);
    } finally {
      if (other !== t.db) await other.$disconnect();
    }
    expect(await t.db.sampleSeries.count()).toBe(3);
    const ids = await t.db.$transaction((tx) => seriesIds(tx, keys));
    for (const key of keys) {
      const rows = await storedSamples(t.db, { series: key.series });
      expect(rows.map((r) => r.values.inPktsOk)).toEqual([1, 2]);
      expect(ids.get(seriesKeyOf(key))).toBeTypeOf("number");
    }
  });
});

describe("seriesIds", () => {
  it("gives each asked key its id, the same on every call, and only the asked keys", async () => {
    const k1: SeriesKey = { deviceId: A, metric: "macvlan-traffic", series: "macvlan1" };
    const k2: SeriesKey = { deviceId: A, metric: "macsec-traffic", series: "macvlan1" };
    const k3: SeriesKey = { deviceId: B, metric: "macvlan-traffic", series: "macvlan1" };
    const first = await t.db.$transaction((tx) => seriesIds(tx, [k1, k2, k1]));
    expect([...first.keys()].sort()).toEqual([seriesKeyOf(k1), seriesKeyOf(k2)].sort());
    expect(first.get(seriesKeyOf(k1))).not.toBe(first.get(seriesKeyOf(k2)));
    const second = await t.db.$transaction((tx) => seriesIds(tx, [k3, k1]));
    expect(second.get(seriesKeyOf(k1))).toBe(first.get(seriesKeyOf(k1)));
    expect(second.has(seriesKeyOf(k2))).toBe(false);
    expect(await t.db.sampleSeries.count()).toBe(3);
  });
});

describe("readSeriesRows", () => {
  beforeEach(async () => {
    const traffic = (series: string, rx: number) => ({
      deviceId: A,
      metric: "macvlan-traffic" as const,
      series,
      resolution: FIVE_MINUTE_SEC,
      ts,
      values: { rxBitsPerSecond: rx, txBitsPerSecond: null },
      min: { rxBitsPerSecond: rx - 1, txBitsPerSecond: null },
      max: { rxBitsPerSecond: rx + 1, txBitsPerSecond: null },
    });
    await writeStoredSamples(t.db, [
      ...[0, 10, 20, 30].map((s) => ({ deviceId: A, metric: "cpu-load" as const, resolution: RAW_RESOLUTION, ts: later(s), values: { cpuLoad: s } })),
      { deviceId: B, metric: "cpu-load", resolution: RAW_RESOLUTION, ts: later(10), values: { cpuLoad: 99 } },
      { deviceId: A, metric: "cpu-load", resolution: FIVE_MINUTE_SEC, ts: later(10), values: { cpuLoad: 77 } },
      traffic("macvlan1", 100),
      traffic("macvlan2", 200),
    ]);
  });

  it("reads one device's rows of a metric and resolution with ts in [from, to], oldest first, ts in ms", async () => {
    const rows = await readSeriesRows(t.db, {
      deviceId: A,
      metric: "cpu-load",
      resolution: RAW_RESOLUTION,
      from: later(10).getTime(),
      to: later(20).getTime(),
      withRange: false,
    });
    expect(rows.map((r) => [r.series, r.ts, r.resolution, rowFields(r, "v", ["cpuLoad"]).cpuLoad])).toEqual([
      ["", later(10).getTime(), RAW_RESOLUTION, 10],
      ["", later(20).getTime(), RAW_RESOLUTION, 20],
    ]);
    expect(at(rows, 0)).not.toHaveProperty("lo0");
  });

  it("reads every series of the metric, or the one asked, with min and max when withRange", async () => {
    const where = {
      deviceId: A,
      metric: "macvlan-traffic" as const,
      resolution: FIVE_MINUTE_SEC as StoredResolution,
      from: ts.getTime(),
      to: ts.getTime(),
      withRange: true,
    };
    expect((await readSeriesRows(t.db, where)).map((r) => r.series).sort()).toEqual(["macvlan1", "macvlan2"]);
    const one = await readSeriesRows(t.db, { ...where, seriesKey: "macvlan2" });
    expect(one).toHaveLength(1);
    expect(rowStats(at(one, 0), ["rxBitsPerSecond", "txBitsPerSecond"], true)).toEqual({
      avg: { rxBitsPerSecond: 200, txBitsPerSecond: null },
      min: { rxBitsPerSecond: 199, txBitsPerSecond: null },
      max: { rxBitsPerSecond: 201, txBitsPerSecond: null },
    });
    expect(await readSeriesRows(t.db, { ...where, seriesKey: "macvlan3" })).toEqual([]);
  });
});

describe("rowFields", () => {
  it("reads only the asked fields of the columns of a prefix, and anything but a finite number as null", () => {
    const row = { v0: 1.5, v1: null, v2: "7", v3: 2n, v4: Number.NaN, v6: 6, lo0: -1 };
    expect(rowFields(row, "v", ["a", "b", "c", "d", "e", "f"])).toEqual({ a: 1.5, b: null, c: null, d: 2, e: null, f: null });
    expect(rowFields(row, "lo", ["a", "b"])).toEqual({ a: -1, b: null });
  });

  it("names columns v0…v8, lo0…lo8, hi0…hi8 only", () => {
    expect(valueColumn("hi", MAX_SAMPLE_FIELDS - 1).sql).toBe('"hi8"');
    expect(() => valueColumn("v", MAX_SAMPLE_FIELDS)).toThrow("no MetricSample column v9");
    expect(() => valueColumn("lo", -1)).toThrow();
  });
});
