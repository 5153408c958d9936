import "server-only";
import type { Db } from "../db-client";
import type { Device, DeviceStatus, Prisma } from "../generated/prisma/client";

/** Ids per `IN (...)` list: stays under SQLite's bound-parameter limit. */
const CHUNK = 500;

/** Devices whose lease is free (never leased, released, or expired) at `now`. */
function leaseFree(now: Date): Prisma.DeviceWhereInput {
  return { OR: [{ pollLeaseUntil: null }, { pollLeaseUntil: { lt: now } }] };
}

/** Devices due at `now` (never polled, or nextPollAt reached). */
function due(now: Date): Prisma.DeviceWhereInput {
  return { OR: [{ nextPollAt: null }, { nextPollAt: { lte: now } }] };
}

/** Options of {@link claimDevices}. */
export type ClaimOptions = {
  /** Lease holder, unique per poller process. */
  owner: string;
  /** Lease length in ms: another poller may take the device over after it. */
  leaseMs: number;
  /** At most this many devices. */
  limit: number;
  /** Ignore nextPollAt (poll every enabled device whose lease is free). */
  ignoreSchedule?: boolean;
  /** Only devices whose status is one of these (the poller claims healthy and failing routers separately). */
  statusIn?: DeviceStatus[];
  /** Device ids never to claim (already being polled by this process). */
  exclude?: string[];
  now?: Date;
};

/**
 * Claims enabled devices for polling with a lease in the Device row (pollLeaseOwner, pollLeaseUntil).
 * Candidates (oldest nextPollAt first) are claimed per chunk of ids with one conditional `updateMany
 * where id in (...) and enabled and (pollLeaseUntil is null or < now) and (nextPollAt is null or <=
 * now)`: the UPDATE is atomic (SQLite locks the file; PostgreSQL re-checks each row's WHERE after a
 * row lock), so a row another poller claimed first is left alone and two pollers never poll the same
 * router at once. The rows this call won are read back by owner and this claim's lease end.
 * @returns the claimed devices (full rows, read after the claim)
 */
export async function claimDevices(db: Db, opts: ClaimOptions): Promise<Device[]> {
  const now = opts.now ?? new Date();
  if (opts.limit <= 0) return [];
  const conditions: Prisma.DeviceWhereInput[] = [leaseFree(now)];
  if (!opts.ignoreSchedule) conditions.push(due(now));
  const where: Prisma.DeviceWhereInput = { enabled: true, AND: conditions, ...(opts.statusIn ? { status: { in: opts.statusIn } } : {}) };
  // Exclusions are filtered here, not in SQL: a long NOT IN list would exceed the bound-parameter limit.
  const exclude = new Set(opts.exclude ?? []);
  const candidates = (
    await db.device.findMany({
      where,
      select: { id: true },
      orderBy: [{ nextPollAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
      take: Math.min(Number.MAX_SAFE_INTEGER, opts.limit + exclude.size),
    })
  )
    .filter((c) => !exclude.has(c.id))
    .slice(0, opts.limit);
  const until = new Date(now.getTime() + opts.leaseMs);
  const devices: Device[] = [];
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const chunk = candidates.slice(i, i + CHUNK).map((c) => c.id);
    const { count } = await db.device.updateMany({ where: { id: { in: chunk }, ...where }, data: { pollLeaseOwner: opts.owner, pollLeaseUntil: until } });
    if (count > 0) devices.push(...(await db.device.findMany({ where: { id: { in: chunk }, pollLeaseOwner: opts.owner, pollLeaseUntil: until } })));
  }
  return devices;
}

/**
 * Columns that release a lease and schedule the next poll; written with the cycle's result.
 * @param nextPollAt UTC time of the next poll
 */
export function leaseRelease(nextPollAt: Date): { pollLeaseOwner: null; pollLeaseUntil: null; nextPollAt: Date } {
  return { pollLeaseOwner: null, pollLeaseUntil: null, nextPollAt };
}

/**
 * Extends every lease `owner` holds to `now + ttlMs` (the poller's heartbeat, every third of the lease). A
 * lease another poller took over after it expired is not this owner's any more and stays untouched.
 * @returns leases renewed
 */
export async function renewLeases(db: Db, owner: string, ttlMs: number, now: Date = new Date()): Promise<number> {
  const { count } = await db.device.updateMany({ where: { pollLeaseOwner: owner }, data: { pollLeaseUntil: new Date(now.getTime() + ttlMs) } });
  return count;
}

/** Releases every lease this owner holds (graceful stop), leaving nextPollAt as is. */
export async function releaseAllLeases(db: Db, owner: string): Promise<number> {
  const { count } = await db.device.updateMany({ where: { pollLeaseOwner: owner }, data: { pollLeaseOwner: null, pollLeaseUntil: null } });
  return count;
}

/**
 * When to poll a device next (UTC): `interval × (1 ± jitter)` after the cycle started, so a fleet
 * added at once spreads out. A router that is down is backed off: the interval grows with the time
 * since its last success (half of it), up to `maxBackoffSec`, so dead routers take few poll slots.
 * A router that was never up is backed off from when it was added (`createdAt`).
 * @param intervalSec the device's pollIntervalSec or POLL_INTERVAL_SEC
 * @param opts.jitter fraction, e.g. 0.1 for ±10 %
 * @param opts.lastOkAt last successful poll (UTC), null when never up
 * @param opts.createdAt when the device was added (UTC): the start of the back-off when never up
 */
export function nextPollTime(
  startedAt: Date,
  intervalSec: number,
  opts: { jitter: number; down: boolean; lastOkAt: Date | null; createdAt: Date; maxBackoffSec: number; random?: () => number },
): Date {
  const random = opts.random ?? Math.random;
  let seconds = intervalSec;
  if (opts.down) {
    const failingSince = opts.lastOkAt ?? opts.createdAt;
    const sinceOk = Math.max(0, (startedAt.getTime() - failingSince.getTime()) / 1000);
    seconds = Math.min(Math.max(intervalSec, sinceOk / 2), Math.max(intervalSec, opts.maxBackoffSec));
  }
  const factor = 1 + (random() * 2 - 1) * opts.jitter;
  return new Date(startedAt.getTime() + seconds * factor * 1000);
}
