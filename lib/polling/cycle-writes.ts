import "server-only";
import type { Tx } from "../db-transaction";
import { METRIC_IDS, zeroPerMetric, type MetricId } from "../metrics/descriptors";
import { insertSamples, type MetricSampleInput } from "../metrics/sample-store";
import { snapshotKey, type CounterSnapshotEntry } from "../metrics/store";
import { deleteForDevices, insertRows, selectForDevices, updateDevices, type DeviceColumns, type SqlValue } from "./batch-sql";
import type { RouterReading } from "./read-cycle";
import { macvlanRatesOf, storedMacvlanRates, writeMacvlanRates, type MacvlanRates } from "./rates-sql";
import { metricSamples } from "./samples";

/** A finished cycle waiting for its write: what the router answered, or how it failed. */
export type CycleOutcome = {
  device: { id: string; name: string };
  /** Cycle start (UTC) and its performance.now() (for the duration). */
  startedAt: Date;
  t0: number;
  /** Extra Device columns by resulting status (the poller releases its lease and sets nextPollAt here). */
  deviceData?: (status: "up" | "down" | "unauthorized") => DeviceColumns;
  /** Longest interval (s) between a counter snapshot and this read that still gives a rate. */
  maxSampleIntervalSec: number;
} & ({ kind: "up"; reading: RouterReading } | { kind: "failed"; status: "down" | "unauthorized"; error: string; failure: string });

/** What the write did for one outcome: samples per metric, or `lost` (lease lost or device deleted: nothing written). */
export type CycleWriteResult =
  { lost: true } | { lost: false; status: "up" | "down" | "unauthorized"; error: string | null; ms: number; samples: Record<MetricId, number> };

function parseSnapshotValues(json: string): Record<string, bigint> {
  const parsed: unknown = JSON.parse(json);
  const values: Record<string, bigint> = {};
  if (typeof parsed !== "object" || parsed === null) return values;
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === "string" && /^\d+$/.test(value)) values[key] = BigInt(value);
  }
  return values;
}

function serialiseSnapshotValues(values: Record<string, bigint>): string {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v.toString();
  return JSON.stringify(out);
}

/** Stored counter snapshots of `deviceIds`, per device keyed by snapshotKey(kind, name) (values as in lib/metrics/store.ts). */
async function snapshotsOf(tx: Tx, deviceIds: string[]): Promise<Map<string, Map<string, CounterSnapshotEntry>>> {
  const out = new Map<string, Map<string, CounterSnapshotEntry>>();
  if (deviceIds.length === 0) return out;
  const rows = await selectForDevices<{ deviceId: string; kind: string; name: string; ts: Date; values: string }>(
    tx,
    "CounterSnapshot",
    ["deviceId", "kind", "name", "ts", "values"],
    deviceIds,
  );
  for (const r of rows) {
    let map = out.get(r.deviceId);
    if (!map) out.set(r.deviceId, (map = new Map()));
    map.set(snapshotKey(r.kind, r.name), { kind: r.kind, name: r.name, ts: r.ts, values: parseSnapshotValues(r.values) });
  }
  return out;
}

const sessionKey = (deviceId: string, src: string, iface: string) => `${deviceId}\u0000${src}\u0000${iface}`;

/** When each stored session of `deviceIds` was first seen, keyed by device, src-address and interface. */
async function sessionsFirstSeen(tx: Tx, deviceIds: string[]): Promise<Map<string, Date>> {
  if (deviceIds.length === 0) return new Map();
  const rows = await selectForDevices<{ deviceId: string; srcAddress: string; interface: string; firstSeenAt: Date }>(
    tx,
    "MacServerSession",
    ["deviceId", "srcAddress", "interface", "firstSeenAt"],
    deviceIds,
  );
  return new Map(rows.map((r) => [sessionKey(r.deviceId, r.srcAddress, r.interface), r.firstSeenAt]));
}

function uniqueBy<T>(rows: T[], key: (row: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const row of rows) seen.set(key(row), row);
  return [...seen.values()];
}

/** The Device columns of a cycle's result. Slow facts and MAC server settings only when this cycle read them. */
function deviceColumns(o: CycleOutcome, now: Date, ms: number, error: string | null): DeviceColumns {
  const status = o.kind === "up" ? "up" : o.status;
  const base: DeviceColumns = { status, lastError: error, lastPollAt: now, lastPollMs: ms };
  if (o.kind === "failed") return { ...base, ...o.deviceData?.(status) };
  const r = o.reading;
  return { ...r.resource, ...r.identity, ...r.macServer, ...base, lastOkAt: now, ...o.deviceData?.(status) };
}

/**
 * Writes a batch of finished cycles inside the caller's transaction (one `writeTransaction` per batch:
 * lib/polling/poller.ts). Per outcome, first the Device row (status, facts, lastPollAt/lastOkAt/lastError/
 * lastPollMs, and `deviceData`), guarded by `leaseOwner` when given: an outcome whose update matches no row
 * (lease lost, device deleted) is `lost` and nothing else of it is written. Then, for the routers that
 * answered, with one statement per table for the whole batch: samples per metric descriptor (gauges as
 * read; counter rates against the stored CounterSnapshot, read for the batch at once), the current-state
 * rows the cycle read (MAC server sessions keep their `firstSeenAt`; MACVLAN rows only on full reads or
 * when `running`/`disabled` changed, keeping their latest rates; MACsec rows), each MACVLAN's latest rates
 * (lib/polling/rates-sql.ts), and the counter snapshots of the kinds read.
 * A failed cycle writes its status and error only (facts and current state stay as last seen).
 * @returns one result per outcome, in order
 * @throws database errors (the caller's transaction then rolls back every outcome of the batch)
 */
export async function writeCycles(tx: Tx, outcomes: CycleOutcome[], leaseOwner: string | undefined): Promise<CycleWriteResult[]> {
  const now = new Date();
  const results: CycleWriteResult[] = [];
  const up: { o: CycleOutcome & { kind: "up" }; i: number }[] = [];
  const written = outcomes.map((o) => {
    const ms = Math.round(performance.now() - o.t0);
    const error = o.kind === "failed" ? o.error : o.reading.sectionErrors.length > 0 ? o.reading.sectionErrors.join("; ") : null;
    return { ms, error, data: deviceColumns(o, now, ms, error) };
  });
  const updated = await updateDevices(
    tx,
    outcomes.map((o, i) => ({ id: o.device.id, data: written[i]?.data ?? {} })),
    leaseOwner,
    now,
  );
  for (const [i, o] of outcomes.entries()) {
    const { ms, error } = written[i] ?? { ms: 0, error: null };
    if (!updated.has(o.device.id)) {
      results.push({ lost: true });
      continue;
    }
    results.push({ lost: false, status: o.kind === "up" ? "up" : o.status, error, ms, samples: zeroPerMetric() });
    if (o.kind === "up") up.push({ o, i });
  }
  if (up.length === 0) return results;

  const ids = up.map(({ o }) => o.device.id);
  const previous = await snapshotsOf(tx, ids);
  const firstSeen = await sessionsFirstSeen(
    tx,
    up.filter(({ o }) => o.reading.sessions).map(({ o }) => o.device.id),
  );
  const samples: MetricSampleInput[] = [];
  const snapshotRows: SqlValue[][] = [];
  const snapshotDeletes = new Map<string, string[]>();
  const sessions: { ids: string[]; rows: SqlValue[][] } = { ids: [], rows: [] };
  const macvlans: { ids: string[]; rows: SqlValue[][] } = { ids: [], rows: [] };
  const macsecs: { ids: string[]; rows: SqlValue[][] } = { ids: [], rows: [] };
  const macvlanRates: MacvlanRates[] = [];
  for (const { o, i } of up) {
    const id = o.device.id;
    const r = o.reading;
    const result = results[i];
    const interval = { uptimeSec: r.resource.uptimeSec, maxIntervalSec: o.maxSampleIntervalSec };
    const kinds: string[] = [];
    const snapshots: CounterSnapshotEntry[] = [];
    for (const metric of METRIC_IDS) {
      const out = metricSamples(id, metric, r.readings, previous.get(id) ?? new Map(), interval);
      if (!out) continue;
      samples.push(...out.samples);
      macvlanRates.push(...macvlanRatesOf(metric, out.samples));
      if (result && !result.lost) result.samples[metric] = out.samples.length;
      snapshots.push(...out.snapshots);
      if (out.snapshotKind) kinds.push(out.snapshotKind);
    }
    if (kinds.length > 0) {
      const group = kinds.join("\u0000");
      snapshotDeletes.set(group, [...(snapshotDeletes.get(group) ?? []), id]);
      for (const e of uniqueBy(snapshots, (s) => snapshotKey(s.kind, s.name))) snapshotRows.push([id, e.kind, e.name, e.ts, serialiseSnapshotValues(e.values)]);
    }
    if (r.sessions) {
      sessions.ids.push(id);
      for (const s of uniqueBy(r.sessions, (x) => `${x.srcAddress}\u0000${x.interface}`)) {
        const seen = firstSeen.get(sessionKey(id, s.srcAddress, s.interface)) ?? r.startedAt;
        sessions.rows.push([id, s.srcAddress, s.interface, s.uptimeSec, seen, r.startedAt]);
      }
    }
    if (r.macvlans) {
      macvlans.ids.push(id);
      for (const m of uniqueBy(r.macvlans, (x) => x.name))
        macvlans.rows.push([id, m.name, m.parent, m.macAddress, m.mode, m.mtu, m.running, m.disabled, m.comment, now]);
    }
    if (r.macsec) {
      macsecs.ids.push(id);
      for (const m of uniqueBy(r.macsec.rows, (x) => x.name))
        macsecs.rows.push([id, m.name, m.parent, m.ckn, m.profile, m.status, m.mtu, m.running, m.disabled, m.comment, now]);
    }
  }
  await insertSamples(tx, samples);
  for (const [group, deviceIds] of snapshotDeletes) await deleteForDevices(tx, "CounterSnapshot", deviceIds, group.split("\u0000"));
  await insertRows(tx, "CounterSnapshot", snapshotRows);
  await deleteForDevices(tx, "MacServerSession", sessions.ids);
  await insertRows(tx, "MacServerSession", sessions.rows);
  const keptRates = await storedMacvlanRates(tx, macvlans.ids);
  await deleteForDevices(tx, "MacvlanInterface", macvlans.ids);
  await insertRows(tx, "MacvlanInterface", macvlans.rows);
  await writeMacvlanRates(tx, [...keptRates, ...macvlanRates]);
  await deleteForDevices(tx, "MacsecInterface", macsecs.ids);
  await insertRows(tx, "MacsecInterface", macsecs.rows);
  return results;
}
