import "server-only";
import type { Db } from "../db-client";
import { jsonNumber } from "../db-dialect";
import { Prisma } from "../generated/prisma/client";
import type { DeviceProblemKind, StatusDevice } from "./types";

/**
 * The definitions every view of the fleet's state shares (the overview, /status, /share/<token>, /api/fleet/*): what a
 * problem is (deviceProblems, DeviceProblemKind in ./types) and what "traffic now" is (latestMacvlanSamples). The
 * reads are in ./queries.ts (status page) and ./fleet-queries.ts (overview aggregates).
 */

/**
 * A traffic sample older than this (seconds) is no longer "now": a few poll intervals, so one missed
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
 * The one place that reads a number out of a MetricSample's JSON `values` (alias `s`), as SQL for `db`'s database
 * (lib/db-dialect.ts jsonNumber: SQLite `json_extract`, PostgreSQL `->>`).
 */
export function sampleValue(db: Db, field: "rxBitsPerSecond" | "txBitsPerSecond"): Prisma.Sql {
  return jsonNumber(db, Prisma.sql`s."values"`, field);
}

/**
 * FROM/WHERE of "MACVLAN interfaces and their traffic now": each current `/interface/macvlan` row (alias `m`, not
 * disabled) of an enabled device (`d`), LEFT JOINed to its latest raw `macvlan-traffic` MetricSample (`s`) at or before
 * `now` (one seek on the MetricSample(deviceId, metric, resolution, ts) index per interface, so the cost follows the
 * number of MACVLANs, not of samples), kept when it is not older than `since`. Samples of MACsec interfaces never
 * match a MACVLAN row. `scope` adds conditions on `d`. Prisma stores DateTime as ISO 8601 text in SQLite; the bound
 * Date parameters compare as the same text.
 */
export function latestMacvlanSamples(since: Date, now: Date, scope: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    FROM "MacvlanInterface" m
    JOIN "Device" d ON d."id" = m."deviceId"
    LEFT JOIN "MetricSample" s ON s."id" = (
      SELECT x."id" FROM "MetricSample" x
      WHERE x."deviceId" = m."deviceId" AND x."metric" = 'macvlan-traffic' AND x."series" = m."name" AND x."resolution" = 0 AND x."ts" <= ${now}
      ORDER BY x."ts" DESC LIMIT 1
    ) AND s."ts" >= ${since}
    WHERE d."enabled" AND NOT m."disabled" ${scope}`;
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
