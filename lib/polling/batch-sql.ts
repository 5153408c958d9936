import "server-only";
import type { Tx } from "../db-transaction";
import { Prisma } from "../generated/prisma/client";

/**
 * Multi-row statements for the poller's batched writes (lib/polling/cycle-writes.ts), in SQL that runs on
 * SQLite and PostgreSQL alike: quoted identifiers, bound parameters (Prisma places `?` or `$n` per
 * dialect), no dialect functions. They exist because Prisma's `createMany`/`updateMany` cost about 0.25 ms
 * of CPU per row and 1 ms per statement on this stack (measured: bench/poller.ts profile), which alone
 * exceeds the poller's budget at 833 routers/s. Identifiers come from the constants below, never from input.
 */

/** Rows per INSERT: 8 columns × 400 rows stays far under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const ROWS_PER_INSERT = 400;
/** Ids per `IN (...)` list. */
const IDS_PER_LIST = 500;

/** A column value as bound: text, number, bigint (BigInt columns), boolean, Date (UTC) or null. */
export type SqlValue = string | number | bigint | boolean | Date | null;

/** Tables and columns the poller writes with these statements (schema: prisma/schema.prisma). */
export const POLL_TABLES = {
  MetricSample: ["deviceId", "metric", "series", "ts", "values", "status"],
  CounterSnapshot: ["deviceId", "kind", "name", "ts", "values"],
  MacServerSession: ["deviceId", "srcAddress", "interface", "uptimeSec", "firstSeenAt", "lastSeenAt"],
  MacvlanInterface: ["deviceId", "name", "parent", "macAddress", "mode", "mtu", "running", "disabled", "comment", "updatedAt"],
  MacsecInterface: ["deviceId", "name", "parent", "ckn", "profile", "status", "mtu", "running", "disabled", "comment", "updatedAt"],
} as const;

export type PollTable = keyof typeof POLL_TABLES;

function ident(name: string): Prisma.Sql {
  return Prisma.raw(`"${name}"`);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Inserts `rows` (values in the order of POLL_TABLES[table]) with one multi-row INSERT per 400 rows.
 * @returns rows inserted
 * @throws the database error (e.g. a foreign key when a device was deleted)
 */
export async function insertRows(tx: Tx, table: PollTable, rows: SqlValue[][]): Promise<number> {
  const columns = Prisma.join(POLL_TABLES[table].map(ident));
  let count = 0;
  for (const part of chunks(rows, ROWS_PER_INSERT)) {
    const values = Prisma.join(part.map((row) => Prisma.sql`(${Prisma.join(row)})`));
    count += await tx.$executeRaw`INSERT INTO ${ident(table)} (${columns}) VALUES ${values}`;
  }
  return count;
}

/**
 * Deletes the rows of `table` whose `deviceId` is in `deviceIds`, optionally only those whose `kind` is
 * in `kinds` (CounterSnapshot).
 */
export async function deleteForDevices(tx: Tx, table: PollTable, deviceIds: string[], kinds?: string[]): Promise<void> {
  const kindFilter = kinds ? Prisma.sql` AND "kind" IN (${Prisma.join(kinds)})` : Prisma.empty;
  for (const part of chunks(deviceIds, IDS_PER_LIST)) {
    await tx.$executeRaw`DELETE FROM ${ident(table)} WHERE "deviceId" IN (${Prisma.join(part)})${kindFilter}`;
  }
}

/** Device columns the poller writes (a subset of the Device model; values as bound). */
export type DeviceColumns = Partial<
  Record<
    | "identity"
    | "boardName"
    | "model"
    | "serialNumber"
    | "architecture"
    | "version"
    | "uptimeSec"
    | "cpuLoad"
    | "freeMemory"
    | "totalMemory"
    | "status"
    | "lastPollAt"
    | "lastOkAt"
    | "lastError"
    | "lastPollMs"
    | "macTelnetAllowedList"
    | "macWinboxAllowedList"
    | "macPingEnabled"
    | "pollLeaseOwner"
    | "pollLeaseUntil"
    | "nextPollAt",
    SqlValue
  >
>;

/**
 * `UPDATE "Device" SET ... WHERE "id" = ?` (and `"pollLeaseOwner" = ?` when `leaseOwner` is given), with
 * `updatedAt` set as Prisma's `@updatedAt` would.
 * @returns rows updated: 0 when the device is gone or its lease is held by someone else
 */
export async function updateDevice(tx: Tx, id: string, leaseOwner: string | undefined, data: DeviceColumns, now: Date): Promise<number> {
  const sets = Object.entries({ ...data, updatedAt: now })
    .filter(([, value]) => value !== undefined)
    .map(([column, value]) => Prisma.sql`${ident(column)} = ${value}`);
  const lease = leaseOwner === undefined ? Prisma.empty : Prisma.sql` AND "pollLeaseOwner" = ${leaseOwner}`;
  return tx.$executeRaw`UPDATE "Device" SET ${Prisma.join(sets)} WHERE "id" = ${id}${lease}`;
}
