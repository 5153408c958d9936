import "server-only";
import type { Tx } from "../db-transaction";
import { Prisma } from "../generated/prisma/client";
import type { MetricId } from "../metrics/descriptors";
import type { MetricSampleInput } from "../metrics/sample-store";

/**
 * Each MACVLAN interface's latest rates, kept in its current-state row (MacvlanInterface `rxBitsPerSecond`,
 * `txBitsPerSecond`, `totalBitsPerSecond`, `ratesAt`) by the poll cycle that computed them, so that "traffic now"
 * (lib/status/definitions.ts) reads one row per interface instead of seeking the newest MetricSample of each. The
 * rates are those of the cycle's `macvlan-traffic` samples: `/interface` (type=macvlan) `rx-byte` / `tx-byte` deltas
 * against the stored counter snapshot, × 8 (lib/metrics/descriptors.ts). A cycle without a rate for an interface
 * (first snapshot, counter reset, reboot, gap, device down) leaves its previous rates and `ratesAt` as they were:
 * readers count only rates whose `ratesAt` is recent, of devices that are up.
 */

/** The metric whose samples carry a MACVLAN's rates (its series is the interface `name`). */
const RATES_METRIC: MetricId = "macvlan-traffic";

/** Rows per UPDATE: 5 bound parameters each, far under SQLite's 32,766 and PostgreSQL's 65,535. */
const ROWS_PER_UPDATE = 500;

/**
 * The first row of the UPDATE's VALUES list: typed NULLs, so that PostgreSQL gives the columns of the list these types
 * (a bound parameter has none; alone it would be text, which a DOUBLE PRECISION or TIMESTAMP column refuses). NULL keys
 * never equal a row's, so it updates nothing; on SQLite the casts of NULL are NULL.
 */
const TYPED_NULL_ROW = Prisma.sql`(CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS TIMESTAMP(3)))`;

/** One MACVLAN's rates (bits/s) from the counter read at `ratesAt` (UTC). */
export type MacvlanRates = { deviceId: string; name: string; rxBitsPerSecond: number; txBitsPerSecond: number; ratesAt: Date };

/**
 * The MACVLAN rates among one cycle's samples of `metric` (lib/polling/samples.ts): one per `macvlan-traffic` sample
 * whose rx and tx rates are both known (that metric skips a sample with an unknown rate); none for any other metric.
 */
export function macvlanRatesOf(metric: MetricId, samples: MetricSampleInput[]): MacvlanRates[] {
  if (metric !== RATES_METRIC) return [];
  const rates: MacvlanRates[] = [];
  for (const s of samples) {
    const rx = s.values.rxBitsPerSecond;
    const tx = s.values.txBitsPerSecond;
    if (typeof rx === "number" && typeof tx === "number")
      rates.push({ deviceId: s.deviceId, name: s.series, rxBitsPerSecond: rx, txBitsPerSecond: tx, ratesAt: s.ts });
  }
  return rates;
}

/**
 * The rates stored on the MACVLAN rows of `deviceIds` (rows that have some), read before the cycle replaces those rows
 * (a full read deletes and re-inserts the `/interface/macvlan` definitions) so that writeMacvlanRates can put them back.
 */
export async function storedMacvlanRates(tx: Tx, deviceIds: string[]): Promise<MacvlanRates[]> {
  if (deviceIds.length === 0) return [];
  const rows = await tx.macvlanInterface.findMany({
    where: { deviceId: { in: deviceIds }, ratesAt: { not: null } },
    select: { deviceId: true, name: true, rxBitsPerSecond: true, txBitsPerSecond: true, ratesAt: true },
  });
  const rates: MacvlanRates[] = [];
  for (const r of rows) {
    if (r.rxBitsPerSecond !== null && r.txBitsPerSecond !== null && r.ratesAt !== null)
      rates.push({ deviceId: r.deviceId, name: r.name, rxBitsPerSecond: r.rxBitsPerSecond, txBitsPerSecond: r.txBitsPerSecond, ratesAt: r.ratesAt });
  }
  return rates;
}

/**
 * Sets each MACVLAN row's rates to the newest of `rates` for its (deviceId, name) (rx, tx, their sum
 * `totalBitsPerSecond`, and `ratesAt`), with one `UPDATE ... FROM (VALUES ...)` per 500 interfaces (SQLite 3.33+ and
 * PostgreSQL; better-sqlite3 bundles a newer SQLite). `updatedAt` stays the time the definition was written. Rates of
 * an interface without a row (not read yet, or removed from the router) update nothing.
 * @returns rows updated
 * @throws the database error (the caller's transaction then rolls back)
 */
export async function writeMacvlanRates(tx: Tx, rates: MacvlanRates[]): Promise<number> {
  const newest = new Map<string, MacvlanRates>();
  for (const r of rates) {
    const key = `${r.deviceId}\u0000${r.name}`;
    const seen = newest.get(key);
    if (!seen || seen.ratesAt.getTime() <= r.ratesAt.getTime()) newest.set(key, r);
  }
  const rows = [...newest.values()].map((r) => Prisma.sql`(${r.deviceId}, ${r.name}, ${r.rxBitsPerSecond}, ${r.txBitsPerSecond}, ${r.ratesAt})`);
  let count = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_UPDATE) {
    const values = Prisma.join([TYPED_NULL_ROW, ...rows.slice(i, i + ROWS_PER_UPDATE)]);
    count += await tx.$executeRaw`
      UPDATE "MacvlanInterface"
      SET "rxBitsPerSecond" = v.column3, "txBitsPerSecond" = v.column4, "totalBitsPerSecond" = v.column3 + v.column4, "ratesAt" = v.column5
      FROM (VALUES ${values}) AS v
      WHERE "MacvlanInterface"."deviceId" = v.column1 AND "MacvlanInterface"."name" = v.column2`;
  }
  return count;
}
