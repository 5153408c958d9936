import "server-only";
import { jsonDocument, jsonNumber } from "../db-dialect";
import type { Tx } from "../db-transaction";
import { Prisma } from "../generated/prisma/client";
import type { MetricId } from "./descriptors";
import type { StoredResolution } from "./resolutions";

/**
 * The set-based statements of lib/metrics/rollup.ts, in SQL that runs on SQLite and PostgreSQL alike (quoted
 * identifiers, bound parameters, window and aggregate functions of both; the JSON read through lib/db-dialect.ts
 * `jsonNumber`). The database computes each bucket's average, minimum and maximum and writes the rollup row itself:
 * no sample crosses into JavaScript (Prisma's findMany and createMany cost about 0.25 ms of CPU per row here,
 * measured with bench/charts.ts `rollupHour`).
 */

/** One aggregation: `metric`'s rows of `source` in [from, to) of the devices `deviceIds`, into rows of `resolution` at `from`. */
export type BucketChunk = {
  metric: MetricId;
  fields: readonly string[];
  source: StoredResolution;
  resolution: StoredResolution;
  from: Date;
  to: Date;
  deviceIds: readonly string[];
};

function memberName(field: string): string {
  if (!/^\w+$/.test(field)) throw new Error(`field ${JSON.stringify(field)} is not a plain member name`);
  return field;
}

/**
 * SQL text of the JSON object `{"<field>":<number or null>,...}` (compact, the descriptor's field order, as
 * JSON.stringify writes it) built by concatenation from one number expression per field (`numberOf(index)`): no JSON function, so the
 * text has the same layout on both databases. Numbers are the database's text of a double: PostgreSQL writes the
 * shortest exact form, SQLite 15 significant digits (`25000.0`, `71.6666666666667`), both valid JSON.
 */
function jsonObject(fields: readonly string[], numberOf: (i: number) => Prisma.Sql): Prisma.Sql {
  const members = fields.map((field, i) => {
    const key = Prisma.raw(`'${i === 0 ? "{" : ","}"${memberName(field)}":'`);
    return Prisma.sql`${key} || COALESCE(CAST(${numberOf(i)} AS TEXT), 'null')`;
  });
  return Prisma.sql`(${Prisma.join(members, " || ")} || '}')`;
}

const VALUES = Prisma.sql`"values"`;
const MIN_VALUES = Prisma.sql`"minValues"`;
const MAX_VALUES = Prisma.sql`"maxValues"`;

/** Column names of the subquery's per-field numbers: from `values`, `minValues` and `maxValues` (`v0`, `lo0`, `hi0`, ...). */
const column = (kind: "v" | "lo" | "hi", i: number) => Prisma.raw(`"${kind}${i}"`);

/**
 * Aggregates one {@link BucketChunk} in one `INSERT ... SELECT`: per (device, series) with rows, each field's average
 * over its non-null values (`values`; every source row weighs once, so an hour averages its 5-minute averages), its
 * minimum and maximum (a row's `minValues` / `maxValues`, else its value: raw samples, and rollups written before
 * min/max were stored) and the `status` of the newest row (highest `ts`, then highest `id`). A field without a value
 * in the bucket is null in all three. Each JSON column is parsed once per row (PostgreSQL: in the innermost subquery,
 * which its window function keeps from being merged into the outer ones) and each field read once (JSON parsing is
 * most of the cost); rows are read through the (deviceId, metric, resolution, ts) index.
 * @returns rows inserted
 */
export async function insertBucketRollups(tx: Tx, chunk: BucketChunk): Promise<number> {
  if (chunk.deviceIds.length === 0) return 0;
  const numbers = chunk.fields.map(
    (field, i) =>
      Prisma.sql`${jsonNumber(tx, VALUES, field)} AS ${column("v", i)}, ${jsonNumber(tx, MIN_VALUES, field)} AS ${column("lo", i)}, ${jsonNumber(tx, MAX_VALUES, field)} AS ${column("hi", i)}`,
  );
  const avg = jsonObject(chunk.fields, (i) => Prisma.sql`AVG(${column("v", i)})`);
  const min = jsonObject(chunk.fields, (i) => Prisma.sql`MIN(COALESCE(${column("lo", i)}, ${column("v", i)}))`);
  const max = jsonObject(chunk.fields, (i) => Prisma.sql`MAX(COALESCE(${column("hi", i)}, ${column("v", i)}))`);
  return tx.$executeRaw`
    INSERT INTO "MetricSample" ("deviceId", "metric", "series", "ts", "resolution", "values", "minValues", "maxValues", "status")
    SELECT "deviceId", ${chunk.metric}, "series", ${chunk.from}, ${chunk.resolution}, ${avg}, ${min}, ${max},
      MAX(CASE WHEN "newest" = 1 THEN "status" END)
    FROM (
      SELECT "deviceId", "series", "status", "newest", ${Prisma.join(numbers)}
      FROM (
        SELECT "deviceId", "series", "status", ${jsonDocument(tx, VALUES)} AS "values", ${jsonDocument(tx, MIN_VALUES)} AS "minValues",
          ${jsonDocument(tx, MAX_VALUES)} AS "maxValues",
          ROW_NUMBER() OVER (PARTITION BY "deviceId", "series" ORDER BY "ts" DESC, "id" DESC) AS "newest"
        FROM "MetricSample"
        WHERE "deviceId" IN (${Prisma.join(chunk.deviceIds)}) AND "metric" = ${chunk.metric} AND "resolution" = ${chunk.source}
          AND "ts" >= ${chunk.from} AND "ts" < ${chunk.to}
      ) AS "parsed"
    ) AS "bucket"
    GROUP BY "deviceId", "series"`;
}

/** The devices of `deviceIds` that already have a rollup row of `metric` and `resolution` in [from, to). */
export async function devicesRolledUp(
  tx: Tx,
  metric: MetricId,
  resolution: StoredResolution,
  from: Date,
  to: Date,
  deviceIds: readonly string[],
): Promise<Set<string>> {
  if (deviceIds.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ deviceId: string }[]>`
    SELECT DISTINCT "deviceId" FROM "MetricSample"
    WHERE "deviceId" IN (${Prisma.join(deviceIds)}) AND "metric" = ${metric} AND "resolution" = ${resolution} AND "ts" >= ${from} AND "ts" < ${to}`;
  return new Set(rows.map((r) => r.deviceId));
}

/**
 * Deletes up to `limit` of `metric`'s rows of `resolution` older than `before`, oldest first, in one statement (ids
 * read from the (metric, resolution, ts) index in a subquery, then deleted by primary key): no id list is bound, so the
 * batch is not limited by the databases' bound-parameter limits.
 * @returns rows deleted
 */
export async function deleteOldest(tx: Tx, metric: MetricId, resolution: StoredResolution, before: Date, limit: number): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM "MetricSample" WHERE "id" IN (
      SELECT "id" FROM "MetricSample" WHERE "metric" = ${metric} AND "resolution" = ${resolution} AND "ts" < ${before}
      ORDER BY "ts" LIMIT ${limit}
    )`;
}
