import "server-only";
import type { Db } from "../db-client";
import { DeviceStatus, Prisma } from "../generated/prisma/client";
import { currentMacvlans, MACSEC_SECURED_STATUS, macvlanRatesNow, overdueSec } from "./definitions";
import type { FleetSummary, StatusDeviceState, StatusSiteSummary, TopTalker } from "./types";

/**
 * The overview's counters as aggregates in the database, so their cost does not grow with a copy of every device in
 * the web server: counts per state, one count of the devices with a problem, MACsec links grouped by status, one count
 * of sessions. The problem definition is the status page's (deviceProblems in ./definitions.ts), written as a Prisma
 * filter (problemWhere) and as SQL; the results equal the sums of a whole-fleet queryFleetStatus (tested). The
 * overview's problems list is the firing alerts (lib/alerts/views.ts).
 */

/** Options shared by the overview's reads. */
export interface FleetReadOptions {
  /** Poll interval (seconds) of devices without their own `pollIntervalSec`. */
  pollIntervalSec: number;
}

/**
 * The distinct `pollIntervalSec` of the enabled devices that are up, ascending (null: the default interval): a handful of
 * values, read from the Device (status, enabled, pollIntervalSec, lastOkAt) index.
 */
async function upPollIntervals(db: Db): Promise<(number | null)[]> {
  const groups = await db.device.groupBy({ by: ["pollIntervalSec"], where: { enabled: true, status: "up" }, orderBy: { pollIntervalSec: "asc" } });
  return groups.map((g) => g.pollIntervalSec);
}

/** The time before which a device polled every `intervalSec` (null: the default) is overdue at `now` (overdueSec). */
function overdueBefore(now: Date, intervalSec: number | null, defaultIntervalSec: number): Date {
  return new Date(now.getTime() - overdueSec(intervalSec, defaultIntervalSec) * 1000);
}

/**
 * The Prisma filter of an enabled device with a problem at `now` (deviceProblems): not up; or up and its last
 * successful poll older than max(3 × its interval, 60 s) (one branch per distinct `pollIntervalSec`, read first:
 * a handful of values); or up with a MACsec link (not disabled) whose status is not `open-encrypted`.
 */
export async function problemWhere(db: Db, now: Date, defaultIntervalSec: number): Promise<Prisma.DeviceWhereInput> {
  const intervals = await upPollIntervals(db);
  return {
    enabled: true,
    OR: [
      { status: { not: "up" } },
      { lastOkAt: null },
      ...intervals.map((sec) => ({ pollIntervalSec: sec, lastOkAt: { lt: overdueBefore(now, sec, defaultIntervalSec) } })),
      { macsecs: { some: { disabled: false, OR: [{ status: null }, { status: { not: MACSEC_SECURED_STATUS } }] } } },
    ],
  };
}

/**
 * SQL condition "the device `d` is poll-overdue at `now` if it is up" (deviceProblems): never polled successfully, or
 * its last successful poll older than max(3 × its interval, 60 s), one branch per interval of `intervals`
 * (upPollIntervals; none when no device is up, e.g. before the first poll). Never NULL, so `NOT` of it is the device
 * polled in time.
 */
function overdueSql(intervals: (number | null)[], now: Date, defaultIntervalSec: number): Prisma.Sql {
  const branches = intervals.map((sec) =>
    sec === null
      ? Prisma.sql`(d."pollIntervalSec" IS NULL AND d."lastOkAt" < ${overdueBefore(now, null, defaultIntervalSec)})`
      : Prisma.sql`(d."pollIntervalSec" IS NOT NULL AND d."pollIntervalSec" = ${sec} AND d."lastOkAt" < ${overdueBefore(now, sec, defaultIntervalSec)})`,
  );
  return branches.length === 0
    ? Prisma.sql`(d."lastOkAt" IS NULL)`
    : Prisma.sql`(d."lastOkAt" IS NULL${Prisma.join(
        branches.map((b) => Prisma.sql` OR ${b}`),
        "",
      )})`;
}

/** SQL: the MACsec link `m` is not disabled and its status is not `open-encrypted` (a problem on a device that is up). */
const insecureMacsecSql = Prisma.sql`NOT m."disabled" AND (m."status" IS NULL OR m."status" <> ${MACSEC_SECURED_STATUS})`;

/**
 * The device states other than `up` as SQL literals (from the schema's DeviceStatus enum, so a new state is included):
 * listed with IN rather than `<> 'up'`, so that SQLite seeks them in the Device state index.
 */
const NOT_UP_STATUSES = Prisma.raw(
  Object.values(DeviceStatus)
    .filter((s) => s !== DeviceStatus.up)
    .map((s) => `'${s}'`)
    .join(", "),
);

/**
 * SQL: the device `d` is disabled or not up: the few devices whose links and sessions the counters set apart, written
 * as two ranges of the Device state index (not up; up and disabled).
 */
const notUpSql = Prisma.sql`(d."status" IN (${NOT_UP_STATUSES}) OR (d."status" = 'up' AND d."enabled" = false))`;

/** SQL: the device `d` is enabled and up. */
const upDeviceSql = Prisma.sql`d."status" = 'up' AND d."enabled" = true`;

/** A row of the devices by state (`enabled` is 0/1 on SQLite, a boolean on PostgreSQL; counts may be bigint). */
type StateRow = { enabled: boolean | number; status: StatusDeviceState; devices: number | bigint; overdue: number | bigint };

/**
 * The counts of queryFleetSummary, one row per part (bigint on PostgreSQL): `macsec` a = MACsec links not disabled;
 * `macsecOfNotUp` a = those of enabled devices not up, b = those of disabled devices; `insecure` a = links not secured
 * of devices up, b = devices up, polled in time, with such a link; `sessions` a = all MAC-server sessions;
 * `sessionsOfNotUp` a = those of devices disabled or not up.
 */
type CountRow = { part: "macsec" | "macsecOfNotUp" | "insecure" | "sessions" | "sessionsOfNotUp"; a: number | bigint; b: number | bigint };

/**
 * The overview's counters (FleetSummary: enabled devices by state, disabled ones, devices with a problem, MACsec
 * links secured / not secured / on devices not up, MAC-server sessions on devices that are up), read with three
 * queries whatever the fleet size: the poll intervals of the devices that are up (upPollIntervals), then in one read
 * transaction the devices by state with their overdue count (the Device state index alone), and one statement of
 * counts (CountRow). That statement does not join every link or session to its device: it counts all the MACsec links
 * and sessions (a scan of one table each) and subtracts those of the few devices disabled or not up (seeked in the
 * Device state index, then their rows by key); only the links not secured (few) are joined to their device.
 */
export async function queryFleetSummary(db: Db, opts: FleetReadOptions, now: Date = new Date()): Promise<FleetSummary> {
  const overdue = overdueSql(await upPollIntervals(db), now, opts.pollIntervalSec);
  const [states, counts] = await db.$transaction([
    db.$queryRaw<StateRow[]>`
      SELECT d."enabled" AS "enabled", d."status" AS "status", COUNT(*) AS "devices", COUNT(CASE WHEN ${upDeviceSql} AND ${overdue} THEN 1 END) AS "overdue"
      FROM "Device" d GROUP BY d."enabled", d."status"`,
    db.$queryRaw<CountRow[]>`
      SELECT 'macsec' AS "part", COUNT(*) AS "a", 0 AS "b" FROM "MacsecInterface" m WHERE NOT m."disabled"
      UNION ALL
      SELECT 'macsecOfNotUp', COUNT(CASE WHEN d."enabled" THEN 1 END), COUNT(CASE WHEN NOT d."enabled" THEN 1 END)
      FROM "Device" d CROSS JOIN "MacsecInterface" m WHERE m."deviceId" = d."id" AND ${notUpSql} AND NOT m."disabled"
      UNION ALL
      SELECT 'insecure', COUNT(*), COUNT(DISTINCT CASE WHEN NOT ${overdue} THEN d."id" END)
      FROM "MacsecInterface" m CROSS JOIN "Device" d WHERE d."id" = m."deviceId" AND ${insecureMacsecSql} AND ${upDeviceSql}
      UNION ALL
      SELECT 'sessions', COUNT(*), 0 FROM "MacServerSession"
      UNION ALL
      SELECT 'sessionsOfNotUp', COUNT(*), 0 FROM "Device" d CROSS JOIN "MacServerSession" s WHERE s."deviceId" = d."id" AND ${notUpSql}`,
  ]);
  const count = (part: CountRow["part"], column: "a" | "b" = "a") => Number(counts.find((r) => r.part === part)?.[column] ?? 0);
  const devices = { total: 0, disabled: 0, problems: count("insecure", "b"), up: 0, down: 0, unauthorized: 0, unknown: 0 };
  for (const row of states) {
    const n = Number(row.devices);
    if (!row.enabled) devices.disabled += n;
    else {
      devices[row.status] += n;
      devices.total += n;
      devices.problems += row.status === "up" ? Number(row.overdue) : n;
    }
  }
  const total = count("macsec") - count("macsecOfNotUp", "b");
  const unknown = count("macsecOfNotUp");
  const notSecured = count("insecure");
  return {
    generatedAt: now.toISOString(),
    devices,
    macsec: { total, secured: total - unknown - notSecured, notSecured, unknown },
    sessions: { total: count("sessions") - count("sessionsOfNotUp") },
  };
}

/**
 * The fleet's MACVLAN traffic now (bits/s): the sum of the latest rates, read within the window, of every MACVLAN (not
 * disabled) of the enabled devices that are up (the rows currentMacvlans selects, macvlanRatesNow). One statement, no
 * MetricSample and no join of every MACVLAN to its device: the sum over all the MACVLANs with rates now (a scan of that
 * table), less the sum over those of the few devices disabled or not up (read by device). The difference equals the
 * direct sum but for floating-point rounding (far below 1 bit/s; never below 0).
 */
export async function queryFleetTraffic(db: Db, now: Date = new Date()): Promise<{ rxBitsPerSecond: number; txBitsPerSecond: number }> {
  const rows = await db.$queryRaw<{ part: string; rx: number | null; tx: number | null }[]>`
    SELECT 'all' AS "part", SUM(m."rxBitsPerSecond") AS "rx", SUM(m."txBitsPerSecond") AS "tx"
    FROM "MacvlanInterface" m WHERE NOT m."disabled" AND ${macvlanRatesNow(now)}
    UNION ALL
    SELECT 'notUp' AS "part", SUM(m."rxBitsPerSecond") AS "rx", SUM(m."txBitsPerSecond") AS "tx"
    FROM "Device" d CROSS JOIN "MacvlanInterface" m WHERE m."deviceId" = d."id" AND ${notUpSql} AND NOT m."disabled" AND ${macvlanRatesNow(now)}`;
  const all = rows.find((r) => r.part === "all");
  const notUp = rows.find((r) => r.part === "notUp");
  const less = (a: number | null | undefined, b: number | null | undefined) => (b ? Math.max(0, (a ?? 0) - b) : (a ?? 0));
  return { rxBitsPerSecond: less(all?.rx, notUp?.rx), txBitsPerSecond: less(all?.tx, notUp?.tx) };
}

/**
 * The fleet's totals as the status page's summary line shows them (StatusSiteSummary over every enabled device):
 * the overview's counters (queryFleetSummary) and the MACVLAN traffic now of the devices that are up
 * (queryFleetTraffic).
 */
export async function queryFleetTotals(db: Db, opts: FleetReadOptions, now: Date = new Date()): Promise<StatusSiteSummary> {
  const summary = await queryFleetSummary(db, opts, now);
  const traffic = await queryFleetTraffic(db, now);
  return {
    devicesUp: summary.devices.up,
    devicesTotal: summary.devices.total,
    devicesDisabled: summary.devices.disabled,
    macsecTotal: summary.macsec.total,
    macsecInsecure: summary.macsec.notSecured + summary.macsec.unknown,
    sessions: summary.sessions.total,
    rxBitsPerSecond: traffic.rxBitsPerSecond,
    txBitsPerSecond: traffic.txBitsPerSecond,
    problems: summary.devices.problems,
  };
}

/**
 * The overview's top MACVLAN talkers: at most `limit` MACVLAN interfaces (not disabled) of enabled devices that are
 * up, whose latest rates are traffic now (macvlanRatesNow), busiest first by rx + tx (bits/s). The database reads the
 * MacvlanInterface `totalBitsPerSecond` index from its highest value and stops after `limit` matches, so the cost does
 * not follow the number of MACVLANs of the fleet.
 */
export async function queryTopMacvlanTalkers(db: Db, limit: number, now: Date = new Date()): Promise<TopTalker[]> {
  return db.$queryRaw<TopTalker[]>`
    SELECT m."deviceId" AS "deviceId", d."name" AS "deviceName", m."name" AS "interface", m."rxBitsPerSecond" AS "rxBitsPerSecond",
      m."txBitsPerSecond" AS "txBitsPerSecond"
    ${currentMacvlans(Prisma.sql`AND d."status" = 'up' AND m."totalBitsPerSecond" IS NOT NULL AND ${macvlanRatesNow(now)}`, { macvlansFirst: true })}
    ORDER BY m."totalBitsPerSecond" DESC
    LIMIT ${Math.max(0, Math.floor(limit))}`;
}
