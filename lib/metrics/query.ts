import type { Db } from "../db-client";
import { averageBuckets } from "./buckets";
import { ROLLUP_RESOLUTION_SEC } from "./rollup";
import { macsecRatesOf, type MacsecRates } from "./store";

/** Chart ranges offered by the UI, in seconds. */
export const RANGES = { "15m": 900, "1h": 3600, "6h": 21600, "24h": 86400, "7d": 604800 } as const;
export type RangeKey = keyof typeof RANGES;

/** Ranges up to this length read raw samples; longer ones read 5-minute rollups (plus raw after the last rollup). */
const RAW_MAX_RANGE_SEC = RANGES["6h"];
/** Upper bound of points per series. */
export const MAX_POINTS = 300;
const NICE_STEPS_SEC = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];

/**
 * Bucket width (seconds) used to downsample `range`: the smallest "nice" step giving at most
 * {@link MAX_POINTS} buckets, and at least 300 s when rollups are read.
 */
export function resolutionFor(range: RangeKey): number {
  const seconds = RANGES[range];
  const minimum = seconds > RAW_MAX_RANGE_SEC ? ROLLUP_RESOLUTION_SEC : 1;
  const wanted = Math.max(minimum, Math.ceil(seconds / MAX_POINTS));
  return NICE_STEPS_SEC.find((s) => s >= wanted) ?? wanted;
}

type Window = { from: Date; to: Date; resolutionSec: number; useRollups: boolean };

function windowFor(range: RangeKey, now: Date): Window {
  const seconds = RANGES[range];
  return {
    from: new Date(now.getTime() - seconds * 1000),
    to: now,
    resolutionSec: resolutionFor(range),
    useRollups: seconds > RAW_MAX_RANGE_SEC,
  };
}

type Timed = { ts: Date };

/**
 * Reads the rows of a window: raw rows for short ranges; for long ones, rollups plus the raw rows
 * after the newest rollup bucket (the current 5 minutes, or everything when no rollup exists yet).
 */
async function readWindow<R extends Timed>(
  window: Window,
  read: (where: { resolution: number; ts: { gte: Date; lte: Date } }) => Promise<R[]>,
): Promise<R[]> {
  if (!window.useRollups) return read({ resolution: 0, ts: { gte: window.from, lte: window.to } });
  const rollups = await read({ resolution: ROLLUP_RESOLUTION_SEC, ts: { gte: window.from, lte: window.to } });
  const newest = rollups.reduce((max, r) => Math.max(max, r.ts.getTime()), Number.NEGATIVE_INFINITY);
  const rawFrom = Number.isFinite(newest) ? new Date(newest + ROLLUP_RESOLUTION_SEC * 1000) : window.from;
  const raw = await read({ resolution: 0, ts: { gte: rawFrom, lte: window.to } });
  return [...rollups, ...raw];
}

/** {@link averageBuckets} per chart bucket of `resolutionSec`: points `{ t, ...averages, status }` sorted by time. */
function downsample<R extends Timed, N extends string, V extends number | null>(
  rows: R[],
  resolutionSec: number,
  numbers: (r: R) => Record<N, V>,
  status: (r: R) => string | null = () => null,
): (Record<N, V> & { t: number; status: string | null })[] {
  return averageBuckets(rows, resolutionSec * 1000, numbers, status).map((b) => ({ ...b.averages, t: b.t, status: b.last }));
}

function groupByInterface<R extends { interface: string }>(rows: R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const list = groups.get(row.interface);
    if (list) list.push(row);
    else groups.set(row.interface, [row]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** MAC server session count over time for one device. */
export type SessionSeries = { resolutionSec: number; points: { t: number; count: number }[] };

/**
 * Number of `/tool/mac-server/sessions` over `range` ending at `now`, averaged per bucket.
 * Points: `t` = bucket start in ms since epoch (UTC), `count` = average sessions in the bucket.
 */
export async function getSessionSeries(db: Db, deviceId: string, range: RangeKey, now: Date = new Date()): Promise<SessionSeries> {
  const window = windowFor(range, now);
  const rows = await readWindow(window, (where) =>
    db.macServerSessionSample.findMany({ where: { deviceId, ...where }, select: { ts: true, count: true } }),
  );
  const points = downsample(rows, window.resolutionSec, (r) => ({ count: r.count })).map(({ t, count }) => ({ t, count }));
  return { resolutionSec: window.resolutionSec, points };
}

/** One traffic point: bits/s and packets/s averaged over the bucket starting at `t` (ms UTC). */
export type TrafficPoint = { t: number; rxBps: number; txBps: number; rxPps: number; txPps: number };
/** Traffic per interface (MACVLAN and MACsec) of one device. */
export type TrafficSeries = { resolutionSec: number; series: { interface: string; points: TrafficPoint[] }[] };

/** Traffic of every MACVLAN/MACsec interface of a device over `range` ending at `now` (bits/s, packets/s). */
export async function getTrafficSeries(db: Db, deviceId: string, range: RangeKey, now: Date = new Date()): Promise<TrafficSeries> {
  const window = windowFor(range, now);
  const rows = await readWindow(window, (where) =>
    db.interfaceTrafficSample.findMany({
      where: { deviceId, ...where },
      select: { interface: true, ts: true, rxBps: true, txBps: true, rxPps: true, txPps: true },
    }),
  );
  const series = [...groupByInterface(rows)].map(([iface, list]) => ({
    interface: iface,
    points: downsample(list, window.resolutionSec, (r) => ({ rxBps: r.rxBps, txBps: r.txBps, rxPps: r.rxPps, txPps: r.txPps })).map(
      ({ t, rxBps, txBps, rxPps, txPps }) => ({ t, rxBps, txBps, rxPps, txPps }),
    ),
  }));
  return { resolutionSec: window.resolutionSec, series };
}

/**
 * One MACsec point: last `status` in the bucket and IEEE 802.1AE counter rates in packets/s averaged
 * over the bucket's known values; a rate is null when no sample of the bucket could compute it (first
 * poll, counter reset, router before 7.21 without `print stats`): draw a gap, not 0.
 */
export type MacsecPoint = { t: number; status: string | null } & MacsecRates;
/** MACsec status and counter rates per interface of one device. */
export type MacsecSeries = { resolutionSec: number; series: { interface: string; points: MacsecPoint[] }[] };

/** MACsec status and counter rates (packets/s) of every `/interface/macsec` of a device over `range`. */
export async function getMacsecSeries(db: Db, deviceId: string, range: RangeKey, now: Date = new Date()): Promise<MacsecSeries> {
  const window = windowFor(range, now);
  const rows = await readWindow(window, (where) =>
    db.macsecSample.findMany({ where: { deviceId, ...where }, omit: { id: true, deviceId: true, resolution: true } }),
  );
  const series = [...groupByInterface(rows)].map(([iface, list]) => ({
    interface: iface,
    points: downsample(list, window.resolutionSec, macsecRatesOf, (r) => r.status),
  }));
  return { resolutionSec: window.resolutionSec, series };
}

/** An interface ranked by its latest traffic sample. */
export type TopTalker = { deviceId: string; deviceName: string; interface: string; rxBps: number; txBps: number };

/**
 * The busiest interfaces of the fleet: for each (device, interface), its latest raw traffic sample
 * within `windowSec` seconds before `now`; ranked by rx+tx bits/s, highest first.
 * @param opts.limit maximum rows returned
 * @param opts.windowSec how far back a sample still counts as current (seconds)
 */
export async function getFleetTopTalkers(
  db: Db,
  opts: { limit: number; windowSec: number },
  now: Date = new Date(),
): Promise<TopTalker[]> {
  const rows = await db.interfaceTrafficSample.findMany({
    where: { resolution: 0, ts: { gte: new Date(now.getTime() - opts.windowSec * 1000), lte: now } },
    orderBy: { ts: "desc" },
    select: { deviceId: true, interface: true, rxBps: true, txBps: true, device: { select: { name: true } } },
  });
  const latest = new Map<string, TopTalker>();
  for (const r of rows) {
    const key = `${r.deviceId}\u0000${r.interface}`;
    if (latest.has(key)) continue;
    latest.set(key, { deviceId: r.deviceId, deviceName: r.device.name, interface: r.interface, rxBps: r.rxBps, txBps: r.txBps });
  }
  return [...latest.values()].sort((a, b) => b.rxBps + b.txBps - (a.rxBps + a.txBps)).slice(0, Math.max(0, opts.limit));
}
