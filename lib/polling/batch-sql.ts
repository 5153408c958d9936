import "server-only";
import { chunks } from "../chunks";
import type { Tx } from "../db-transaction";
import { dbProvider } from "../db-dialect";
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
  CounterSnapshot: ["deviceId", "kind", "name", "ts", "values"],
  MacServerSession: ["deviceId", "srcAddress", "interface", "uptimeSec", "firstSeenAt", "lastSeenAt"],
  MacvlanInterface: ["deviceId", "name", "parent", "macAddress", "mode", "mtu", "running", "disabled", "comment", "updatedAt"],
  MacsecInterface: ["deviceId", "name", "parent", "ckn", "profile", "status", "mtu", "running", "disabled", "comment", "updatedAt"],
} as const;

export type PollTable = keyof typeof POLL_TABLES;

function ident(name: string): Prisma.Sql {
  return Prisma.raw(`"${name}"`);
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

/**
 * Reads `columns` of the rows of `table` whose `deviceId` is in `deviceIds`, one SELECT per 500 ids. Raw rather than
 * `findMany`, which costs about three times the CPU per row returned (bench/poller.ts profile). DateTime columns come
 * back as Date on both databases (the adapters type them from the column).
 */
export async function selectForDevices<T>(
  tx: Tx,
  table: PollTable,
  columns: readonly (typeof POLL_TABLES)[PollTable][number][],
  deviceIds: string[],
): Promise<T[]> {
  const list = Prisma.join(columns.map(ident));
  const out: T[] = [];
  for (const part of chunks(deviceIds, IDS_PER_LIST)) {
    out.push(...(await tx.$queryRaw<T[]>`SELECT ${list} FROM ${ident(table)} WHERE "deviceId" IN (${Prisma.join(part)})`));
  }
  return out;
}

/** Device columns the poller writes (a subset of the Device model; values as bound) with their PostgreSQL types. */
const DEVICE_COLUMN_TYPES = {
  identity: "text",
  boardName: "text",
  model: "text",
  serialNumber: "text",
  architecture: "text",
  version: "text",
  uptimeSec: "integer",
  cpuLoad: "integer",
  freeMemory: "bigint",
  totalMemory: "bigint",
  status: '"DeviceStatus"',
  lastPollAt: "timestamp(3)",
  lastOkAt: "timestamp(3)",
  lastError: "text",
  lastPollMs: "integer",
  macTelnetAllowedList: "text",
  macWinboxAllowedList: "text",
  macPingEnabled: "boolean",
  pollLeaseOwner: "text",
  pollLeaseUntil: "timestamp(3)",
  nextPollAt: "timestamp(3)",
  updatedAt: "timestamp(3)",
} as const;

/** Device columns the poller writes, by name (values as bound). */
export type DeviceColumns = Partial<Record<Exclude<keyof typeof DEVICE_COLUMN_TYPES, "updatedAt">, SqlValue>>;

/** Rows per multi-row Device UPDATE: 2 parameters per row and column, 23 columns × 2 × 100 rows stays under every limit. */
const DEVICES_PER_UPDATE = 100;

/**
 * Writes the Device columns of many devices with one `UPDATE "Device" SET "c" = CASE "id" WHEN ? THEN ? ... END, ...
 * WHERE "id" IN (...) AND "pollLeaseOwner" = ? RETURNING "id"` per group of devices that set the same columns (at
 * most 100 per statement), with `updatedAt` set as Prisma's `@updatedAt` would. A CASE branch's value has no type on
 * PostgreSQL (it would be text), so there each value is cast to its column's type; SQLite takes values as bound.
 * RETURNING needs SQLite 3.35 (better-sqlite3 bundles 3.49).
 * @param leaseOwner when given, only rows whose lease this owner holds are updated
 * @returns the ids updated: a device missing from it is gone or leased by someone else
 */
export async function updateDevices(tx: Tx, rows: { id: string; data: DeviceColumns }[], leaseOwner: string | undefined, now: Date): Promise<Set<string>> {
  const postgres = dbProvider(tx) === "postgresql";
  const groups = new Map<string, { columns: (keyof typeof DEVICE_COLUMN_TYPES)[]; rows: { id: string; values: SqlValue[] }[] }>();
  for (const row of rows) {
    const data: Partial<Record<keyof typeof DEVICE_COLUMN_TYPES, SqlValue>> = { ...row.data, updatedAt: now };
    const columns = (Object.keys(DEVICE_COLUMN_TYPES) as (keyof typeof DEVICE_COLUMN_TYPES)[]).filter((c) => data[c] !== undefined);
    const key = columns.join(",");
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { columns, rows: [] }));
    group.rows.push({ id: row.id, values: columns.map((c) => data[c] ?? null) });
  }
  const value = (v: SqlValue, column: keyof typeof DEVICE_COLUMN_TYPES) =>
    postgres ? Prisma.sql`CAST(${v} AS ${Prisma.raw(DEVICE_COLUMN_TYPES[column])})` : Prisma.sql`${v}`;
  const lease = leaseOwner === undefined ? Prisma.empty : Prisma.sql` AND "pollLeaseOwner" = ${leaseOwner}`;
  const updated = new Set<string>();
  for (const { columns, rows: groupRows } of groups.values()) {
    for (const part of chunks(groupRows, DEVICES_PER_UPDATE)) {
      const sets = columns.map(
        (column, c) =>
          Prisma.sql`${ident(column)} = CASE "id" ${Prisma.join(
            part.map((r) => Prisma.sql`WHEN ${r.id} THEN ${value(r.values[c] ?? null, column)}`),
            " ",
          )} END`,
      );
      const ids = Prisma.join(part.map((r) => r.id));
      const returned = await tx.$queryRaw<{ id: string }[]>`UPDATE "Device" SET ${Prisma.join(sets)} WHERE "id" IN (${ids})${lease} RETURNING "id"`;
      for (const r of returned) updated.add(r.id);
    }
  }
  return updated;
}
