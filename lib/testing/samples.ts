import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { fieldNames, isMetricId, type MetricId } from "../metrics/descriptors";
import { rowFields, seriesIds, seriesKeyOf } from "../metrics/sample-store";

/**
 * Tests' view of stored metric samples (lib/metrics/sample-store.ts): rows decoded to the descriptor's field names,
 * filters by device, metric, series, resolution and time, and rows of any resolution written as the rollup writes them.
 */

/** Which samples: every given condition must hold (times UTC). */
export type SampleFilter = {
  deviceId?: string;
  deviceName?: string;
  metric?: MetricId;
  series?: string;
  resolution?: number;
  /** Only resolutions above this one (the rollups: `{ resolutionAbove: 0 }`). */
  resolutionAbove?: number;
  ts?: Date;
  before?: Date;
};

/**
 * A stored sample decoded: `values` = each field of its metric (the sample, or a rollup's average), `min` / `max` the
 * rollup's minimum and maximum per field (every field null on raw rows).
 */
export type StoredSample = {
  deviceId: string;
  metric: MetricId;
  series: string;
  resolution: number;
  ts: Date;
  status: string | null;
  values: Record<string, number | null>;
  min: Record<string, number | null>;
  max: Record<string, number | null>;
};

function where(f: SampleFilter): Prisma.MetricSampleWhereInput {
  const ts: Prisma.BigIntFilter = {};
  if (f.ts) ts.equals = BigInt(f.ts.getTime());
  if (f.before) ts.lt = BigInt(f.before.getTime());
  const resolution: Prisma.IntFilter = {};
  if (f.resolution !== undefined) resolution.equals = f.resolution;
  if (f.resolutionAbove !== undefined) resolution.gt = f.resolutionAbove;
  return {
    ts,
    resolution,
    sampleSeries: {
      deviceId: f.deviceId,
      metric: f.metric,
      series: f.series,
      ...(f.deviceName === undefined ? {} : { device: { name: f.deviceName } }),
    },
  };
}

/** The samples matching `filter`, oldest first (then by series). */
export async function storedSamples(db: Db, filter: SampleFilter = {}): Promise<StoredSample[]> {
  const rows = await db.metricSample.findMany({ where: where(filter), include: { sampleSeries: true }, orderBy: [{ ts: "asc" }, { seriesId: "asc" }] });
  return rows.map((row) => {
    const { deviceId, metric, series } = row.sampleSeries;
    if (!isMetricId(metric)) throw new Error(`unknown metric ${metric}`);
    const fields = fieldNames(metric);
    const columns = row as unknown as Record<string, unknown>;
    return {
      deviceId,
      metric,
      series,
      resolution: row.resolution,
      ts: new Date(Number(row.ts)),
      status: row.status,
      values: rowFields(columns, "v", fields),
      min: rowFields(columns, "lo", fields),
      max: rowFields(columns, "hi", fields),
    };
  });
}

/** How many samples match `filter`. */
export function countSamples(db: Db, filter: SampleFilter = {}): Promise<number> {
  return db.metricSample.count({ where: where(filter) });
}

/** Deletes the samples matching `filter`; returns how many. */
export async function deleteSamples(db: Db, filter: SampleFilter = {}): Promise<number> {
  return (await db.metricSample.deleteMany({ where: where(filter) })).count;
}

/** A row to write with {@link writeStoredSamples}: any resolution; `min` / `max` optional (rollups). */
export type SampleRow = {
  deviceId: string;
  metric: MetricId;
  series?: string;
  resolution: number;
  ts: Date;
  status?: string | null;
  values: Record<string, number | null>;
  min?: Record<string, number | null>;
  max?: Record<string, number | null>;
};

/** Writes `rows` as stored rows (their series created when missing), in one transaction. */
export async function writeStoredSamples(db: Db, rows: readonly SampleRow[]): Promise<void> {
  await db.$transaction(async (tx) => {
    const ids = await seriesIds(
      tx,
      rows.map((r) => ({ deviceId: r.deviceId, metric: r.metric, series: r.series ?? "" })),
    );
    const data = rows.map((r) => {
      const seriesId = ids.get(seriesKeyOf({ deviceId: r.deviceId, metric: r.metric, series: r.series ?? "" }));
      if (seriesId === undefined) throw new Error("series not created");
      const out: Record<string, unknown> = { seriesId, resolution: r.resolution, ts: BigInt(r.ts.getTime()), status: r.status ?? null };
      fieldNames(r.metric).forEach((field, i) => {
        out[`v${i}`] = r.values[field] ?? null;
        if (r.min) out[`lo${i}`] = r.min[field] ?? null;
        if (r.max) out[`hi${i}`] = r.max[field] ?? null;
      });
      return out as Prisma.MetricSampleCreateManyInput;
    });
    await tx.metricSample.createMany({ data });
  });
}
