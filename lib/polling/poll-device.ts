import "server-only";
import type { Db } from "../db-client";
import { getEnv } from "../env";
import type { Device, Prisma } from "../generated/prisma/client";
import { METRIC_IDS, SAMPLED_INTERFACE_TYPES, zeroPerMetric, type CycleReadings, type MetricId, type SampledInterfaceType } from "../metrics/descriptors";
import {
  counterSnapshotWrites,
  deviceStateWrites,
  getCounterSnapshots,
  getSessionFirstSeen,
  sampleWrites,
  type CounterSnapshotEntry,
  type DeviceState,
  type MetricSampleInput,
} from "../metrics/store";
import type { RouterOsClient } from "../routeros";
import { describeRouterOsError, RouterOsApiError, RouterOsPermissionError, RouterOsUnauthorizedError } from "../routeros";
import { collectFacts, type DeviceFacts } from "./collectors/facts";
import { collectInterfaceCounters } from "./collectors/interface-counters";
import { collectMacServer, type MacServerFacts } from "./collectors/mac-server";
import { collectMacsec } from "./collectors/macsec";
import { collectMacvlans } from "./collectors/macvlan";
import { metricSamples } from "./samples";

/** Outcome of one device's poll cycle. */
export type DevicePollResult = {
  deviceId: string;
  name: string;
  status: "up" | "down" | "unauthorized";
  /** Readable error: the failure (down/unauthorized), or the sections that failed while the router was up. */
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
  /** Wall time of the cycle in ms (router reads + DB write). */
  ms: number;
  /** Samples written per metric (lib/metrics/descriptors.ts); 0 for every metric of a failed cycle. */
  samples: Record<MetricId, number>;
  /** Time of the cycle's single DB transaction in ms (queue wait excluded). */
  dbWriteMs: number;
};

/** Options of {@link pollDevice}. */
export type PollDeviceOptions = {
  /**
   * Runs a DB operation. The poller passes a one-at-a-time queue (SQLite has one writer, and the
   * better-sqlite3 adapter shares one connection between transactions and other queries).
   * Default: run directly.
   */
  runDb?: <T>(op: () => Promise<T>) => Promise<T>;
  /** Extra Device columns written with the result, by status (the poller releases its lease and sets nextPollAt here). */
  deviceData?: (status: DevicePollResult["status"]) => Prisma.DeviceUpdateManyMutationInput;
  /** Extra condition on the Device update (the poller only writes while it holds the lease). */
  deviceWhere?: Prisma.DeviceWhereInput;
  /** Throws when the cycle must stop (deadline passed); called between router requests. */
  checkpoint?: () => void;
  /**
   * Longest interval (seconds) between a counter snapshot and this read that still gives a rate;
   * longer gaps write no rate (a gap in the chart). Default 3 × POLL_INTERVAL_SEC; the poller passes
   * 3 × the device's interval.
   */
  maxSampleIntervalSec?: number;
};

/**
 * The Device update of a cycle matched no row: the poller lost its lease (it expired and another
 * poller claimed the device) or the device was deleted. Thrown inside the cycle's transaction, so
 * none of its samples, state rows or snapshots are written.
 */
export class PollLeaseLostError extends Error {
  constructor(deviceId: string) {
    super(`Device ${deviceId}: lease lost or device deleted; cycle discarded`);
    this.name = "PollLeaseLostError";
  }
}

/** Sections whose failure (RouterOS answering an API error, e.g. 400/406 on one menu) does not fail the cycle. */
type Section = "mac-server" | "macvlan" | "macsec" | "interface";

function failureStatus(err: unknown): "down" | "unauthorized" {
  return err instanceof RouterOsUnauthorizedError || err instanceof RouterOsPermissionError ? "unauthorized" : "down";
}

/**
 * Records a failed cycle on the Device (status, lastError, lastPollAt, lastPollMs; facts and
 * current-state rows are kept as last seen). RouterOsUnauthorizedError and RouterOsPermissionError
 * (the user's group lacks `read`: the message names the policy) → `unauthorized`, anything else →
 * `down`; the text is describeRouterOsError's message.
 * @param opts.startedAt / opts.t0 when the cycle began (Date, and performance.now() for the duration)
 */
export async function recordPollFailure(
  db: Db,
  device: Pick<Device, "id" | "name">,
  err: unknown,
  opts: Pick<PollDeviceOptions, "runDb" | "deviceData" | "deviceWhere"> & { startedAt: Date; t0: number },
): Promise<DevicePollResult> {
  const runDb = opts.runDb ?? (<T>(op: () => Promise<T>) => op());
  const status = failureStatus(err);
  const error = describeRouterOsError(err).message;
  const finishedAt = new Date();
  const ms = Math.round(performance.now() - opts.t0);
  let dbWriteMs = 0;
  await runDb(async () => {
    const dbStart = performance.now();
    await db.device.updateMany({
      where: { id: device.id, ...opts.deviceWhere },
      data: { status, lastError: error, lastPollAt: finishedAt, lastPollMs: ms, ...opts.deviceData?.(status) },
    });
    dbWriteMs = performance.now() - dbStart;
  });
  const samples = zeroPerMetric();
  return { deviceId: device.id, name: device.name, status, error, startedAt: opts.startedAt, finishedAt, ms, samples, dbWriteMs };
}

/**
 * The readings of one cycle as the metric descriptors see them (lib/metrics/descriptors.ts
 * CycleReadings): a section that failed stays undefined; `/interface` counters of a type count only
 * when that type's menu was read too. `/system/resource` values and the session count are stamped
 * with the cycle start (read first); counters with the time their read arrived.
 */
function cycleReadings(
  startedAt: Date,
  facts: DeviceFacts,
  sessions: DeviceState["sessions"],
  menuRead: Record<SampledInterfaceType, boolean>,
  counters: Awaited<ReturnType<typeof collectInterfaceCounters>> | undefined,
  macsec: Awaited<ReturnType<typeof collectMacsec>> | undefined,
): CycleReadings {
  const interfaceCounters: CycleReadings["interfaceCounters"] = {};
  for (const type of SAMPLED_INTERFACE_TYPES) {
    if (menuRead[type] && counters) interfaceCounters[type] = { readAt: counters.readAt, rows: counters.byType[type] };
  }
  const stats = new Map((macsec?.stats ?? []).map((s) => [s.name, s.counters]));
  const defined = (values: Partial<Record<string, bigint>>): Record<string, bigint> =>
    Object.fromEntries(Object.entries(values).filter((e): e is [string, bigint] => e[1] !== undefined));
  return {
    resource: { readAt: startedAt, cpuLoad: facts.cpuLoad, freeMemory: Number(facts.freeMemory), totalMemory: Number(facts.totalMemory) },
    macServerSessions: sessions && { readAt: startedAt, count: sessions.length },
    interfaceCounters,
    macsecStats: macsec && {
      readAt: macsec.readAt,
      rows: macsec.rows.map((row) => {
        const counters = stats.get(row.name);
        return { name: row.name, status: row.status, counters: counters && defined(counters) };
      }),
    },
  };
}

/**
 * Polls one router once and writes everything in one transaction.
 *
 * Reads, sequentially (one request in flight per router), each with a `.proplist`: facts
 * (`/system/identity`, `/system/resource`, `/system/routerboard`), `/tool/mac-server` settings and
 * `/tool/mac-server/sessions`, `/interface/macvlan` (7.12+), `/interface/macsec` + `print stats`
 * (7.21+), and one `/interface` counters read for both types (`.query` `type=macvlan` or
 * `type=macsec`; MACsec only when it has interfaces). Then writes: one sample set per metric
 * descriptor (lib/metrics/descriptors.ts: gauges as read; counter rates from deltas against the stored
 * CounterSnapshot), current-state rows, snapshots, and the Device
 * (facts, MAC server settings, status, lastPollAt, lastOkAt, lastError, lastPollMs).
 *
 * Status: a failed facts read, or any transport failure, ends the cycle: RouterOsUnauthorizedError or
 * a RouterOsPermissionError on facts → `unauthorized`; timeout, unreachable, TLS, bad response, API
 * error on facts → `down`, with the error text in lastError. An API error on a later section leaves
 * that section's rows untouched, the device `up`, and the section's error in lastError (a failed
 * `/interface` counters read: no traffic samples, counter snapshots kept).
 * @throws only DB errors (router errors become the result's status).
 */
export async function pollDevice(db: Db, device: Pick<Device, "id" | "name">, client: RouterOsClient, opts: PollDeviceOptions = {}): Promise<DevicePollResult> {
  const runDb = opts.runDb ?? (<T>(op: () => Promise<T>) => op());
  const checkpoint = opts.checkpoint ?? (() => undefined);
  const startedAt = new Date();
  const t0 = performance.now();
  const sectionErrors: string[] = [];

  async function section<T>(name: Section, read: () => Promise<T>): Promise<T | undefined> {
    checkpoint();
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof RouterOsApiError) || err instanceof RouterOsUnauthorizedError) throw err;
      sectionErrors.push(`${name}: ${err.message}`);
      return undefined;
    }
  }

  let facts: DeviceFacts;
  let macServer: { settings: MacServerFacts; sessions: DeviceState["sessions"] } | undefined;
  let macvlans: Awaited<ReturnType<typeof collectMacvlans>> | undefined;
  let macsec: Awaited<ReturnType<typeof collectMacsec>> | undefined;
  let counters: Awaited<ReturnType<typeof collectInterfaceCounters>> | undefined;
  try {
    const read = await collectFacts(client);
    facts = read.facts;
    macServer = await section("mac-server", () => collectMacServer(client));
    macvlans = await section("macvlan", () => collectMacvlans(client, read.version));
    macsec = await section("macsec", () => collectMacsec(client, read.version));
    const types: SampledInterfaceType[] = [];
    if (macvlans && macvlans.length > 0) types.push("macvlan");
    if (macsec && macsec.rows.length > 0) types.push("macsec");
    counters = await section("interface", () => collectInterfaceCounters(client, types));
    checkpoint();
  } catch (err) {
    return recordPollFailure(db, device, err, { ...opts, startedAt, t0 });
  }

  const interval = { uptimeSec: facts.uptimeSec, maxIntervalSec: opts.maxSampleIntervalSec ?? 3 * getEnv().POLL_INTERVAL_SEC };
  const readings = cycleReadings(startedAt, facts, macServer?.sessions, { macvlan: macvlans !== undefined, macsec: macsec !== undefined }, counters, macsec);
  const samples: MetricSampleInput[] = [];
  const sampleCounts = zeroPerMetric();
  const state: DeviceState = { macvlans, macsecs: macsec?.rows, sessions: macServer?.sessions };
  const error = sectionErrors.length > 0 ? sectionErrors.join("; ") : null;

  let dbWriteMs = 0;
  // One interactive transaction, inside runDb: with the better-sqlite3 adapter a transaction holds
  // the client's single connection, so no other query of this process may run meanwhile (the
  // poller's runDb queue guarantees it). The lease-guarded Device update runs first; when it matches
  // no row the transaction throws and nothing of the cycle is written.
  const finishedAt = await runDb(() =>
    db.$transaction(async (tx) => {
      const done = new Date();
      const ms = Math.round(performance.now() - t0);
      const dbStart = performance.now();
      const { count } = await tx.device.updateMany({
        where: { id: device.id, ...opts.deviceWhere },
        data: {
          ...facts,
          ...macServer?.settings,
          status: "up",
          lastError: error,
          lastPollAt: done,
          lastOkAt: done,
          lastPollMs: ms,
          ...opts.deviceData?.("up"),
        },
      });
      if (count === 0) throw new PollLeaseLostError(device.id);
      const previous = await getCounterSnapshots(tx, device.id);
      const snapshots: CounterSnapshotEntry[] = [];
      const snapshotKinds: string[] = [];
      for (const metric of METRIC_IDS) {
        const out = metricSamples(device.id, metric, readings, previous, interval);
        if (!out) continue;
        samples.push(...out.samples);
        sampleCounts[metric] = out.samples.length;
        snapshots.push(...out.snapshots);
        if (out.snapshotKind) snapshotKinds.push(out.snapshotKind);
      }
      const firstSeen = state.sessions ? await getSessionFirstSeen(tx, device.id) : new Map<string, Date>();
      const writes = [
        ...sampleWrites(tx, samples),
        ...deviceStateWrites(tx, device.id, state, startedAt, firstSeen),
        ...counterSnapshotWrites(tx, device.id, snapshotKinds, snapshots),
      ];
      for (const write of writes) await write;
      dbWriteMs = performance.now() - dbStart;
      return done;
    }),
  );
  return {
    deviceId: device.id,
    name: device.name,
    status: "up",
    error,
    startedAt,
    finishedAt,
    ms: Math.round(performance.now() - t0),
    samples: sampleCounts,
    dbWriteMs,
  };
}
