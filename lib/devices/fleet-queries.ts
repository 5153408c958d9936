import type { Db } from "../db-client";
import { getFleetTopTalkers } from "../metrics/query";

/**
 * The overview's top MACVLAN talkers (DTOs, no secrets); authorization is done by the lib/data/fleet.ts
 * wrapper. The fleet's state (counters, problems) is lib/status/queries.ts.
 */

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
