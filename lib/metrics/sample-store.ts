import "server-only";
import { chunks } from "../chunks";
import type { Tx } from "../db-transaction";
import { Prisma } from "../generated/prisma/client";
import type { FieldStats } from "./buckets";
import { fieldNames, METRIC_IDS, type MetricId } from "./descriptors";
import type { StoredResolution } from "./resolutions";

/**
 * How metric samples are stored (prisma/schema.prisma `SampleSeries`, `MetricSample`), in SQL that runs on SQLite and
 * PostgreSQL alike (quoted identifiers, bound parameters, `ON CONFLICT DO NOTHING` of both):
 * - one `SampleSeries` row per (device, metric, series key), so a sample row carries a small integer instead of the
 *   device id, metric id and interface name;
 * - a sample is (seriesId, resolution, ts) with `ts` in milliseconds since the epoch (UTC), and one typed column per
 *   field: `v<i>` holds the descriptor's field number i (its position in `fields`, lib/metrics/descriptors.ts), `lo<i>`
 *   and `hi<i>` a rollup's minimum and maximum of it. A field's position is therefore its storage: new fields go at the
 *   end of a descriptor, and no metric has more than {@link MAX_SAMPLE_FIELDS}.
 * Measured with bench/charts.ts: a raw row with its indexes takes about a third of the bytes of the JSON text layout it
 * replaced (docs/performance.md).
 */

/** Fields a metric may have: the columns v0…v8, lo0…lo8 and hi0…hi8 of MetricSample. */
export const MAX_SAMPLE_FIELDS = 9;

for (const metric of METRIC_IDS) {
  if (fieldNames(metric).length > MAX_SAMPLE_FIELDS) throw new Error(`metric ${metric} has more than ${MAX_SAMPLE_FIELDS} fields (MetricSample columns)`);
}

/** Column prefix of a field's stored value: `v` the sample or a rollup's average, `lo` the minimum, `hi` the maximum. */
export type ValueColumn = "v" | "lo" | "hi";

/** SQL identifier of column `prefix` + `i` (`"v0"` … `"hi8"`). */
export function valueColumn(prefix: ValueColumn, i: number): Prisma.Sql {
  if (!Number.isInteger(i) || i < 0 || i >= MAX_SAMPLE_FIELDS) throw new Error(`no MetricSample column ${prefix}${i}`);
  return Prisma.raw(`"${prefix}${i}"`);
}

/** Every value column in storage order: v0…v8, lo0…lo8, hi0…hi8. */
export const ALL_VALUE_COLUMNS: readonly { prefix: ValueColumn; i: number }[] = (["v", "lo", "hi"] as const).flatMap((prefix) =>
  Array.from({ length: MAX_SAMPLE_FIELDS }, (_, i) => ({ prefix, i })),
);

/**
 * One raw sample of a metric (lib/metrics/descriptors.ts) for one series of a device at `ts` (UTC): `values` holds each
 * field of the descriptor in its unit (bits/s, packets/s, %, bytes, count); null is unknown (a gap, never 0). `status`
 * is the MACsec `status` for `macsec-stats`, null otherwise.
 */
export type MetricSampleInput = {
  deviceId: string;
  metric: MetricId;
  /** `""` for a per-device metric, the interface `name` for a per-interface one. */
  series: string;
  ts: Date;
  values: Record<string, number | null>;
  status: string | null;
};

/** A series of a metric of a device. */
export type SeriesKey = { deviceId: string; metric: MetricId; series: string };

/** Map key of a {@link SeriesKey}. */
export function seriesKeyOf(key: SeriesKey): string {
  return `${key.deviceId}\u0000${key.metric}\u0000${key.series}`;
}

/** Rows per multi-row INSERT: at most 13 bound values a row, far under SQLite's 32,766 and PostgreSQL's 65,535. */
const ROWS_PER_INSERT = 400;
/** Device ids per `IN (...)` list. */
const IDS_PER_LIST = 500;

/**
 * The `SampleSeries.id` of every key: read for the keys' devices, then the missing rows created
 * (`INSERT … ON CONFLICT DO NOTHING`, so two writers creating the same series at once both succeed) and read again.
 * In the poller's steady state every series exists and this is one SELECT per 500 devices.
 * @returns ids keyed by {@link seriesKeyOf}
 * @throws the database error (e.g. a foreign key when a device was deleted meanwhile)
 */
export async function seriesIds(tx: Tx, keys: readonly SeriesKey[]): Promise<Map<string, number>> {
  const wanted = new Map(keys.map((k) => [seriesKeyOf(k), k]));
  const ids = await readSeriesIds(tx, wanted);
  const missing = [...wanted.entries()].filter(([key]) => !ids.has(key)).map(([, k]) => k);
  if (missing.length === 0) return ids;
  for (const part of chunks(missing, ROWS_PER_INSERT)) {
    const rows = Prisma.join(part.map((k) => Prisma.sql`(${k.deviceId}, ${k.metric}, ${k.series})`));
    await tx.$executeRaw`INSERT INTO "SampleSeries" ("deviceId", "metric", "series") VALUES ${rows} ON CONFLICT DO NOTHING`;
  }
  return readSeriesIds(tx, wanted);
}

/** The ids of the `wanted` series that exist, read per 500 of their devices. */
async function readSeriesIds(tx: Tx, wanted: Map<string, SeriesKey>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const deviceIds = [...new Set([...wanted.values()].map((k) => k.deviceId))];
  for (const part of chunks(deviceIds, IDS_PER_LIST)) {
    const rows = await tx.$queryRaw<{ id: number | bigint; deviceId: string; metric: MetricId; series: string }[]>`
      SELECT "id", "deviceId", "metric", "series" FROM "SampleSeries" WHERE "deviceId" IN (${Prisma.join(part)})`;
    for (const row of rows) {
      const key = seriesKeyOf(row);
      if (wanted.has(key)) ids.set(key, Number(row.id));
    }
  }
  return ids;
}

/**
 * Inserts raw samples (resolution 0): the series ids ({@link seriesIds}), then one multi-row INSERT per metric and 400
 * rows with the metric's value columns. A sample whose series already has a raw row at the same `ts` is skipped
 * (`ON CONFLICT DO NOTHING`: the same reading written twice).
 * @returns rows inserted
 * @throws the database error (e.g. a foreign key when a device was deleted meanwhile)
 */
export async function insertSamples(tx: Tx, samples: readonly MetricSampleInput[]): Promise<number> {
  if (samples.length === 0) return 0;
  const ids = await seriesIds(tx, samples);
  const byMetric = new Map<MetricId, MetricSampleInput[]>();
  for (const s of samples) byMetric.set(s.metric, [...(byMetric.get(s.metric) ?? []), s]);
  let count = 0;
  for (const [metric, list] of byMetric) {
    const fields = fieldNames(metric);
    const columns = Prisma.join(fields.map((_, i) => valueColumn("v", i)));
    for (const part of chunks(list, ROWS_PER_INSERT)) {
      const rows = part.map((s) => {
        const id = ids.get(seriesKeyOf(s));
        if (id === undefined) throw new Error(`no SampleSeries row for ${s.deviceId} ${s.metric} ${JSON.stringify(s.series)}`);
        const values = fields.map((f) => finiteOrNull(s.values[f]));
        return Prisma.sql`(${id}, 0, ${BigInt(s.ts.getTime())}, ${s.status}, ${Prisma.join(values)})`;
      });
      count += await tx.$executeRaw`
        INSERT INTO "MetricSample" ("seriesId", "resolution", "ts", "status", ${columns}) VALUES ${Prisma.join(rows)} ON CONFLICT DO NOTHING`;
    }
  }
  return count;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** A stored row as read by {@link readSeriesRows}: its series key, `ts` (ms since epoch, UTC), resolution, status and value columns. */
export type StoredSampleRow = { series: string; ts: number; resolution: StoredResolution; status: string | null } & Record<string, unknown>;

/**
 * The field values of a stored row's columns `prefix`0… in the order of `fields` (a column that is null or not a
 * finite number reads as null).
 */
export function rowFields<F extends string>(row: Record<string, unknown>, prefix: ValueColumn, fields: readonly F[]): Record<F, number | null> {
  const values = {} as Record<F, number | null>;
  fields.forEach((field, i) => {
    const value = row[`${prefix}${i}`];
    values[field] = finiteOrNull(typeof value === "bigint" ? Number(value) : value);
  });
  return values;
}

/**
 * The {@link FieldStats} of a stored row: `v<i>` (the sample, or a rollup's average) and, when `withRange` (rollup
 * rows), `lo<i>` / `hi<i>`.
 */
export function rowStats<F extends string>(row: Record<string, unknown>, fields: readonly F[], withRange: boolean): FieldStats<F> {
  return {
    avg: rowFields(row, "v", fields),
    min: withRange ? rowFields(row, "lo", fields) : null,
    max: withRange ? rowFields(row, "hi", fields) : null,
  };
}

/**
 * Rows of `metric` for one device at `resolution` with `ts` in [from, to] (ms since epoch, UTC), with the columns of
 * the metric's fields (`lo`/`hi` too when `withRange`), read through the SampleSeries unique index and the
 * (seriesId, resolution, ts) primary key.
 * @param seriesKey only this series; undefined = every series of the metric
 */
export async function readSeriesRows(
  db: Tx,
  where: { deviceId: string; metric: MetricId; seriesKey?: string; resolution: StoredResolution; from: number; to: number; withRange: boolean },
): Promise<StoredSampleRow[]> {
  const fields = fieldNames(where.metric);
  const prefixes: ValueColumn[] = where.withRange ? ["v", "lo", "hi"] : ["v"];
  const columns = Prisma.join(prefixes.flatMap((p) => fields.map((_, i) => Prisma.sql`s.${valueColumn(p, i)}`)));
  const series = where.seriesKey === undefined ? Prisma.empty : Prisma.sql` AND k."series" = ${where.seriesKey}`;
  const rows = await db.$queryRaw<StoredSampleRow[]>`
    SELECT k."series", s."ts", s."status", ${columns}
    FROM "SampleSeries" k CROSS JOIN "MetricSample" s
    WHERE s."seriesId" = k."id" AND k."deviceId" = ${where.deviceId} AND k."metric" = ${where.metric}${series}
      AND s."resolution" = ${where.resolution} AND s."ts" >= ${BigInt(where.from)} AND s."ts" <= ${BigInt(where.to)}
    ORDER BY s."ts"`;
  return rows.map((r) => ({ ...r, ts: Number(r.ts), resolution: where.resolution }));
}
