import "server-only";
import type { Prisma } from "../generated/prisma/client";

/**
 * The current-state store: current-state replacement and counter snapshots (samples: lib/metrics/sample-store.ts).
 *
 * Every writer here, `*Writes(db, ...)`, returns the Prisma operations (not yet run) so a caller can
 * put several of them in one `db.$transaction([...])` (the poller writes one transaction per device
 * cycle).
 */

/** A client the `*Writes` builders accept: the Prisma client or the `tx` of an interactive transaction. */
export type DbOrTx = Prisma.TransactionClient;

/** A write not yet sent: element of `db.$transaction([...])`, or awaited inside an interactive transaction. */
export type PendingWrite = Prisma.PrismaPromise<unknown>;

/** A current `/interface/macvlan` row (natural key: name). */
export type MacvlanStateRow = {
  name: string;
  parent: string;
  macAddress: string | null;
  mode: string;
  mtu: number | null;
  running: boolean;
  disabled: boolean;
  comment: string | null;
};

/** A current `/interface/macsec` row (natural key: name). Never carries the CAK. */
export type MacsecStateRow = {
  name: string;
  parent: string;
  ckn: string | null;
  profile: string | null;
  status: string | null;
  mtu: number | null;
  running: boolean;
  disabled: boolean;
  comment: string | null;
};

/** A current `/tool/mac-server/sessions` row (natural key: src-address + interface; `.id` is not stable). */
export type SessionStateRow = { srcAddress: string; interface: string; uptimeSec: number };

/**
 * Current state read from one router. A section left undefined is not touched (its read failed);
 * an empty array clears it (e.g. MACVLAN on RouterOS before 7.12).
 */
export type DeviceState = {
  macvlans?: MacvlanStateRow[];
  macsecs?: MacsecStateRow[];
  sessions?: SessionStateRow[];
};

function uniqueBy<T>(rows: T[], key: (row: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const row of rows) seen.set(key(row), row);
  return [...seen.values()];
}

/** Key of a session for {@link deviceStateWrites}' `firstSeen` map. */
function sessionKey(srcAddress: string, iface: string): string {
  return `${srcAddress}\u0000${iface}`;
}

/** When each current session of a device was first seen, keyed by {@link sessionKey}. */
export async function getSessionFirstSeen(db: DbOrTx, deviceId: string): Promise<Map<string, Date>> {
  const rows = await db.macServerSession.findMany({
    where: { deviceId },
    select: { srcAddress: true, interface: true, firstSeenAt: true },
  });
  return new Map(rows.map((r) => [sessionKey(r.srcAddress, r.interface), r.firstSeenAt]));
}

/**
 * Operations replacing a device's current-state rows (delete + createMany per section).
 * Rows with the same natural key are collapsed (last wins).
 * @param firstSeen from {@link getSessionFirstSeen}: sessions already known keep their `firstSeenAt`.
 * @param now UTC time of the poll: `lastSeenAt` of every session, `firstSeenAt` of new ones.
 */
export function deviceStateWrites(db: DbOrTx, deviceId: string, state: DeviceState, now: Date, firstSeen: Map<string, Date> = new Map()): PendingWrite[] {
  const writes: PendingWrite[] = [];
  if (state.macvlans) {
    const rows = uniqueBy(state.macvlans, (r) => r.name);
    writes.push(db.macvlanInterface.deleteMany({ where: { deviceId } }));
    if (rows.length > 0) writes.push(db.macvlanInterface.createMany({ data: rows.map((r) => ({ ...r, deviceId })) }));
  }
  if (state.macsecs) {
    const rows = uniqueBy(state.macsecs, (r) => r.name);
    writes.push(db.macsecInterface.deleteMany({ where: { deviceId } }));
    if (rows.length > 0) writes.push(db.macsecInterface.createMany({ data: rows.map((r) => ({ ...r, deviceId })) }));
  }
  if (state.sessions) {
    const rows = uniqueBy(state.sessions, (r) => sessionKey(r.srcAddress, r.interface));
    writes.push(db.macServerSession.deleteMany({ where: { deviceId } }));
    if (rows.length > 0) {
      const data = rows.map((r) => ({
        ...r,
        deviceId,
        firstSeenAt: firstSeen.get(sessionKey(r.srcAddress, r.interface)) ?? now,
        lastSeenAt: now,
      }));
      writes.push(db.macServerSession.createMany({ data }));
    }
  }
  return writes;
}

/**
 * Last raw counters of one object, e.g. kind `interface` name `macvlan1` with `rx-byte`, or kind
 * `macsec-stats` name `macsec1` with `InPktsOK`. Values are raw counter values (bytes, packets).
 */
export type CounterSnapshotEntry = { kind: string; name: string; ts: Date; values: Record<string, bigint> };

/** Map key of a snapshot: `${kind}/${name}`. */
export function snapshotKey(kind: string, name: string): string {
  return `${kind}/${name}`;
}

function parseValues(json: string): Record<string, bigint> {
  const parsed: unknown = JSON.parse(json);
  const values: Record<string, bigint> = {};
  if (typeof parsed !== "object" || parsed === null) return values;
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === "string" && /^\d+$/.test(value)) values[key] = BigInt(value);
  }
  return values;
}

function serialiseValues(values: Record<string, bigint>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.toString()])));
}

/**
 * Reads a device's counter snapshots, keyed by {@link snapshotKey}.
 * Stored values are a JSON object of decimal strings (counters can exceed 2^53); entries that are not
 * decimal strings are dropped.
 */
export async function getCounterSnapshots(db: DbOrTx, deviceId: string): Promise<Map<string, CounterSnapshotEntry>> {
  const rows = await db.counterSnapshot.findMany({ where: { deviceId } });
  return new Map(rows.map((r) => [snapshotKey(r.kind, r.name), { kind: r.kind, name: r.name, ts: r.ts, values: parseValues(r.values) }]));
}

/**
 * Operations replacing the snapshots of the given kinds for a device: rows of those kinds not in
 * `entries` are deleted (interface removed), the others are written. Kinds not listed are untouched.
 */
export function counterSnapshotWrites(db: DbOrTx, deviceId: string, kinds: string[], entries: CounterSnapshotEntry[]): PendingWrite[] {
  if (kinds.length === 0) return [];
  const rows = uniqueBy(entries, (e) => snapshotKey(e.kind, e.name)).filter((e) => kinds.includes(e.kind));
  const writes: PendingWrite[] = [db.counterSnapshot.deleteMany({ where: { deviceId, kind: { in: kinds } } })];
  if (rows.length > 0) {
    writes.push(
      db.counterSnapshot.createMany({
        data: rows.map((e) => ({ deviceId, kind: e.kind, name: e.name, ts: e.ts, values: serialiseValues(e.values) })),
      }),
    );
  }
  return writes;
}
