import "server-only";
import type { Tx } from "../db-transaction";
import { Prisma } from "../generated/prisma/client";
import type { MetricId } from "./descriptors";
import type { StoredResolution } from "./resolutions";
import { ALL_VALUE_COLUMNS, MAX_SAMPLE_FIELDS, valueColumn } from "./sample-store";

/**
 * The set-based statements of lib/metrics/rollup.ts, in SQL that runs on SQLite and PostgreSQL alike (quoted
 * identifiers, bound parameters, window and aggregate functions of both). The database computes each bucket's
 * average, minimum and maximum of every value column and writes the rollup rows itself: no sample crosses into
 * JavaScript. Every metric is aggregated by the same statement: a field is a column position (lib/metrics/sample-store.ts),
 * and the columns a metric does not use are null in its rows, so their aggregates are null too.
 */

/** One aggregation: the rows of `source` in [from, to) (ms since epoch, UTC) of the devices `deviceIds`, into rows of `resolution` at `from`. */
export type BucketChunk = {
  source: StoredResolution;
  resolution: StoredResolution;
  from: number;
  to: number;
  deviceIds: readonly string[];
};

const fieldIndexes = Array.from({ length: MAX_SAMPLE_FIELDS }, (_, i) => i);
const TARGET_COLUMNS = Prisma.join(ALL_VALUE_COLUMNS.map((c) => valueColumn(c.prefix, c.i)));
const SOURCE_COLUMNS = Prisma.join(ALL_VALUE_COLUMNS.map((c) => Prisma.sql`s.${valueColumn(c.prefix, c.i)}`));
/** Per field: the average of `v`, the minimum of `lo` (else `v`: raw rows, and rollups written without a minimum), the maximum of `hi` (else `v`). */
const AGGREGATES = Prisma.join([
  ...fieldIndexes.map((i) => Prisma.sql`AVG(${valueColumn("v", i)})`),
  ...fieldIndexes.map((i) => Prisma.sql`MIN(COALESCE(${valueColumn("lo", i)}, ${valueColumn("v", i)}))`),
  ...fieldIndexes.map((i) => Prisma.sql`MAX(COALESCE(${valueColumn("hi", i)}, ${valueColumn("v", i)}))`),
]);

/**
 * Aggregates one {@link BucketChunk} in one `INSERT ... SELECT`: per series of the chunk's devices with rows, each
 * field's average over its non-null values (every source row weighs once, so an hour averages its 5-minute averages),
 * its minimum and maximum, and the `status` of the newest row. A field without a value in the bucket is null in all
 * three. Rows are read through the SampleSeries unique index (deviceId first) and the (seriesId, resolution, ts)
 * primary key.
 * @returns the `seriesId` of every row inserted
 */
export async function insertBucketRollups(tx: Tx, chunk: BucketChunk): Promise<number[]> {
  if (chunk.deviceIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ seriesId: number | bigint }[]>`
    INSERT INTO "MetricSample" ("seriesId", "resolution", "ts", "status", ${TARGET_COLUMNS})
    SELECT "seriesId", CAST(${chunk.resolution} AS INTEGER), CAST(${BigInt(chunk.from)} AS BIGINT), MAX(CASE WHEN "newest" = 1 THEN "status" END),
      ${AGGREGATES}
    FROM (
      SELECT s."seriesId", s."status", ${SOURCE_COLUMNS}, ROW_NUMBER() OVER (PARTITION BY s."seriesId" ORDER BY s."ts" DESC) AS "newest"
      FROM "SampleSeries" k CROSS JOIN "MetricSample" s
      WHERE s."seriesId" = k."id" AND k."deviceId" IN (${Prisma.join(chunk.deviceIds)}) AND s."resolution" = ${chunk.source}
        AND s."ts" >= ${BigInt(chunk.from)} AND s."ts" < ${BigInt(chunk.to)}
    ) AS "bucket"
    GROUP BY "seriesId"
    RETURNING "seriesId"`;
  return rows.map((r) => Number(r.seriesId));
}

/** The metric of each series of `deviceIds`, keyed by `SampleSeries.id`. */
export async function metricsOfSeries(tx: Tx, deviceIds: readonly string[]): Promise<Map<number, MetricId>> {
  if (deviceIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: number | bigint; metric: MetricId }[]>`
    SELECT "id", "metric" FROM "SampleSeries" WHERE "deviceId" IN (${Prisma.join(deviceIds)})`;
  return new Map(rows.map((r) => [Number(r.id), r.metric]));
}

/** The devices of `deviceIds` that already have a row of `resolution` in [from, to) (ms since epoch, UTC). */
export async function devicesRolledUp(tx: Tx, resolution: StoredResolution, from: number, to: number, deviceIds: readonly string[]): Promise<Set<string>> {
  if (deviceIds.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ deviceId: string }[]>`
    SELECT DISTINCT k."deviceId" FROM "SampleSeries" k CROSS JOIN "MetricSample" s
    WHERE s."seriesId" = k."id" AND k."deviceId" IN (${Prisma.join(deviceIds)}) AND s."resolution" = ${resolution} AND s."ts" >= ${BigInt(from)} AND s."ts" < ${BigInt(to)}`;
  return new Set(rows.map((r) => r.deviceId));
}

/**
 * Deletes up to `limit` rows of `resolution` older than `before` (ms since epoch, UTC), oldest first, in one statement
 * (keys read from the (resolution, ts) index in a subquery, then deleted by primary key): no key list is bound, so the
 * batch is not limited by the databases' bound-parameter limits.
 * @param metrics only the series of these metrics (a retention that differs per metric); undefined = every series
 * @returns rows deleted
 */
export async function deleteOldest(tx: Tx, resolution: StoredResolution, before: number, limit: number, metrics?: readonly MetricId[]): Promise<number> {
  const only = metrics ? Prisma.sql` AND "seriesId" IN (SELECT "id" FROM "SampleSeries" WHERE "metric" IN (${Prisma.join(metrics)}))` : Prisma.empty;
  return tx.$executeRaw`
    DELETE FROM "MetricSample" WHERE ("seriesId", "resolution", "ts") IN (
      SELECT "seriesId", "resolution", "ts" FROM "MetricSample" WHERE "resolution" = ${resolution} AND "ts" < ${BigInt(before)}${only}
      ORDER BY "ts" LIMIT ${limit}
    )`;
}
