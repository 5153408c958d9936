import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { DeviceProblemKind, StatusDevice } from "./types";

/**
 * The definitions every view of the fleet's state shares (the overview, /status, /share/<token>, /api/fleet/*): what a
 * problem is (deviceProblems, DeviceProblemKind in ./types) and what "traffic now" is (macvlanRatesNow, currentMacvlans). The
 * reads are in ./queries.ts (status page) and ./fleet-queries.ts (overview aggregates).
 */

/**
 * Rates read longer ago than this (seconds) are no longer "now": a few poll intervals, so one missed
 * poll does not empty the column (the overview's top talkers use the same window).
 */
export const FLEET_TRAFFIC_WINDOW_SEC = 300;

/** The MACsec `status` of a link whose traffic is encrypted (docs/routeros.md, /interface/macsec). */
export const MACSEC_SECURED_STATUS = "open-encrypted";

/**
 * An up device whose last successful poll is older than this many poll intervals is `poll-overdue`
 * (the poller's rates also treat a gap longer than 3 intervals as a gap), and never sooner than
 * POLL_OVERDUE_MIN_SEC, so short intervals on a busy host do not flap.
 */
const POLL_OVERDUE_INTERVALS = 3;
const POLL_OVERDUE_MIN_SEC = 60;

/**
 * SQL condition "the MACVLAN `m`'s latest rates are traffic now": read by the poller (`ratesAt`, UTC, the counter read
 * they come from: lib/polling/rates-sql.ts) at most FLEET_TRAFFIC_WINDOW_SEC before `now` and not after it. Prisma
 * stores DateTime as ISO 8601 text in SQLite; the bound Date parameters compare as the same text.
 */
export function macvlanRatesNow(now: Date): Prisma.Sql {
  const since = new Date(now.getTime() - FLEET_TRAFFIC_WINDOW_SEC * 1000);
  return Prisma.sql`m."ratesAt" >= ${since} AND m."ratesAt" <= ${now}`;
}

/**
 * FROM/WHERE of "MACVLAN interfaces and their traffic now": each current `/interface/macvlan` row (alias `m`, not
 * disabled) of an enabled device (`d`). An interface's traffic now is its latest rates (`m."rxBitsPerSecond"`,
 * `m."txBitsPerSecond"`, bits/s) where macvlanRatesNow holds; `scope` adds conditions (`AND ...`) on `d` and `m`. No
 * MetricSample is read. `macvlansFirst` joins with CROSS JOIN, which SQLite's planner takes as "read `m` first" (so an
 * ORDER BY on an index of `m` walks that index and stops at the LIMIT, rather than reading the devices by state and
 * sorting) and PostgreSQL as the same inner join.
 */
export function currentMacvlans(scope: Prisma.Sql, opts: { macvlansFirst?: boolean } = {}): Prisma.Sql {
  const join = opts.macvlansFirst ? Prisma.sql`CROSS JOIN` : Prisma.sql`,`;
  return Prisma.sql`
    FROM "MacvlanInterface" m ${join} "Device" d
    WHERE d."id" = m."deviceId" AND d."enabled" AND NOT m."disabled" ${scope}`;
}

type DeviceRow = { status: StatusDevice["status"]; lastOkAt: Date | null; pollIntervalSec: number | null };

/**
 * The problem definition of every view (see DeviceProblemKind): the device's state when it is not up,
 * else `poll-overdue` when its last successful poll is older than max(3 × its poll interval, 60 s)
 * before `now`, and `macsec-not-secured` when one of its links is not `open-encrypted`.
 * @param insecureLinks the device's MACsec links (not disabled) whose status is not `open-encrypted`
 * @param defaultIntervalSec poll interval (seconds) when the device has none of its own
 */
export function deviceProblems(d: DeviceRow, insecureLinks: number, now: Date, defaultIntervalSec: number): DeviceProblemKind[] {
  if (d.status !== "up") return [d.status];
  const problems: DeviceProblemKind[] = [];
  if (!d.lastOkAt || now.getTime() - d.lastOkAt.getTime() > overdueSec(d.pollIntervalSec, defaultIntervalSec) * 1000) problems.push("poll-overdue");
  if (insecureLinks > 0) problems.push("macsec-not-secured");
  return problems;
}

/**
 * How long (seconds) an up device may go without a successful poll before it is `poll-overdue`:
 * max(3 × its poll interval, 60 s); `intervalSec` null means the default interval.
 */
export function overdueSec(intervalSec: number | null, defaultIntervalSec: number): number {
  return Math.max(POLL_OVERDUE_INTERVALS * (intervalSec ?? defaultIntervalSec), POLL_OVERDUE_MIN_SEC);
}
