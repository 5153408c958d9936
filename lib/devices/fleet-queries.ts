import type { Db } from "../db-client";
import { getFleetTopTalkers } from "../metrics/query";
import type { DeviceStatusName } from "./queries";

/**
 * Fleet-wide read queries for the overview page (DTOs, no secrets). Only enabled devices count:
 * a disabled device is not polled, so its last state is not "now". Authorization is done by the
 * lib/data/fleet.ts wrappers.
 */

/** Counters of the overview: devices by status, MACsec links, MAC-server sessions. */
export interface FleetSummary {
  /** ISO 8601 UTC time the summary was read. */
  generatedAt: string;
  devices: { total: number; disabled: number } & Record<DeviceStatusName, number>;
  /**
   * `/interface/macsec` rows (not disabled) of enabled devices: `secured` = status open-encrypted on a
   * device that is up; `notSecured` = any other status on a device that is up; `unknown` = the device
   * is not up, so its last-read status is stale.
   */
  macsec: { total: number; secured: number; notSecured: number; unknown: number };
  /** `/tool/mac-server/sessions` rows on devices that are up (last poll). */
  sessions: { total: number };
}

/** Reads the overview's counters. */
export async function queryFleetSummary(db: Db, now: Date = new Date()): Promise<FleetSummary> {
  const [byStatus, disabled, macsecs, sessions] = await Promise.all([
    db.device.groupBy({ by: ["status"], where: { enabled: true }, _count: { _all: true } }),
    db.device.count({ where: { enabled: false } }),
    db.macsecInterface.findMany({
      where: { disabled: false, device: { enabled: true } },
      select: { status: true, device: { select: { status: true } } },
    }),
    db.macServerSession.count({ where: { device: { enabled: true, status: "up" } } }),
  ]);
  const devices = { total: 0, disabled, up: 0, down: 0, unauthorized: 0, unknown: 0 };
  for (const g of byStatus) {
    devices[g.status] = g._count._all;
    devices.total += g._count._all;
  }
  const macsec = { total: macsecs.length, secured: 0, notSecured: 0, unknown: 0 };
  for (const m of macsecs) {
    if (m.device.status !== "up") macsec.unknown++;
    else if (m.status === "open-encrypted") macsec.secured++;
    else macsec.notSecured++;
  }
  return { generatedAt: now.toISOString(), devices, macsec, sessions: { total: sessions } };
}

/** An enabled device that is down or refuses our credentials, with the poller's last error. */
export interface FleetProblem {
  id: string;
  name: string;
  site: string;
  status: "down" | "unauthorized";
  lastError: string | null;
  /** ISO 8601 UTC of the last poll attempt / last successful poll. */
  lastPollAt: string | null;
  lastOkAt: string | null;
}

/** Enabled devices that are down or unauthorized, longest-failing first (oldest lastOkAt). */
export async function queryFleetProblems(db: Db, limit = 50): Promise<FleetProblem[]> {
  const rows = await db.device.findMany({
    where: { enabled: true, status: { in: ["down", "unauthorized"] } },
    orderBy: [{ lastOkAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    take: limit,
    select: { id: true, name: true, status: true, lastError: true, lastPollAt: true, lastOkAt: true, site: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    site: r.site.name,
    status: r.status === "unauthorized" ? "unauthorized" : "down",
    lastError: r.lastError,
    lastPollAt: r.lastPollAt?.toISOString() ?? null,
    lastOkAt: r.lastOkAt?.toISOString() ?? null,
  }));
}

/** One busy MACVLAN interface: its latest rates in bits/s. */
export interface FleetTalker {
  deviceId: string;
  deviceName: string;
  interface: string;
  rxBps: number;
  txBps: number;
}

/**
 * The busiest `/interface/macvlan` interfaces of the fleet by rx+tx bits/s, from each interface's
 * latest traffic sample within `windowSec` (samples also exist for MACsec interfaces: those are left
 * out by matching the current MACVLAN rows).
 */
export async function queryTopMacvlanTalkers(db: Db, opts: { limit: number; windowSec: number }, now: Date = new Date()): Promise<FleetTalker[]> {
  const [talkers, macvlans] = await Promise.all([
    getFleetTopTalkers(db, { limit: Number.MAX_SAFE_INTEGER, windowSec: opts.windowSec }, now),
    db.macvlanInterface.findMany({ select: { deviceId: true, name: true } }),
  ]);
  const isMacvlan = new Set(macvlans.map((m) => `${m.deviceId}\u0000${m.name}`));
  return talkers.filter((t) => isMacvlan.has(`${t.deviceId}\u0000${t.interface}`)).slice(0, opts.limit);
}
