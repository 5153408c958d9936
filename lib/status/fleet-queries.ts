import "server-only";
import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import { currentMacvlans, deviceProblems, MACSEC_SECURED_STATUS, macvlanRatesNow, overdueSec } from "./definitions";
import type { FleetProblem, FleetSummary, InsecureMacsecLink, StatusSiteSummary, TopTalker } from "./types";

/**
 * The overview's reads (counters and devices with problems) as aggregates in the database, so their cost does not
 * grow with a copy of every device in the web server: counts per state, one count of the devices with a problem,
 * MACsec links grouped by status, one count of sessions, and the first problem devices through an indexed filter.
 * The problem definition is the status page's (deviceProblems in ./definitions.ts), written as a Prisma filter
 * (problemWhere); the results equal toFleetSummary / toFleetProblems of a whole-fleet queryFleetStatus (tested).
 */

/** Options shared by the overview's reads. */
export interface FleetReadOptions {
  /** Poll interval (seconds) of devices without their own `pollIntervalSec`. */
  pollIntervalSec: number;
}

/**
 * The Prisma filter of an enabled device with a problem at `now` (deviceProblems): not up; or up and its last
 * successful poll older than max(3 × its interval, 60 s) (one branch per distinct `pollIntervalSec`, read first:
 * a handful of values); or up with a MACsec link (not disabled) whose status is not `open-encrypted`.
 */
export async function problemWhere(db: Db, now: Date, defaultIntervalSec: number): Promise<Prisma.DeviceWhereInput> {
  const intervals = await db.device.groupBy({ by: ["pollIntervalSec"], where: { enabled: true, status: "up" }, orderBy: { pollIntervalSec: "asc" } });
  const before = (intervalSec: number) => new Date(now.getTime() - overdueSec(intervalSec, defaultIntervalSec) * 1000);
  return {
    enabled: true,
    OR: [
      { status: { not: "up" } },
      { lastOkAt: null },
      ...intervals.map((g) => ({ pollIntervalSec: g.pollIntervalSec, lastOkAt: { lt: before(g.pollIntervalSec ?? defaultIntervalSec) } })),
      { macsecs: { some: { disabled: false, OR: [{ status: null }, { status: { not: MACSEC_SECURED_STATUS } }] } } },
    ],
  };
}

/**
 * The overview's counters (FleetSummary: enabled devices by state, disabled ones, devices with a problem, MACsec
 * links secured / not secured / on devices not up, MAC-server sessions on devices that are up), read with six
 * aggregate queries in one read transaction whatever the fleet size.
 */
export async function queryFleetSummary(db: Db, opts: FleetReadOptions, now: Date = new Date()): Promise<FleetSummary> {
  const where = await problemWhere(db, now, opts.pollIntervalSec);
  const upDevice = { enabled: true, status: "up" } as const;
  const [byState, problems, macsecUp, macsecNotUp, sessions] = await db.$transaction([
    db.device.groupBy({ by: ["enabled", "status"], _count: { _all: true }, orderBy: [{ enabled: "asc" }, { status: "asc" }] }),
    db.device.count({ where }),
    db.macsecInterface.groupBy({ by: ["status"], where: { disabled: false, device: upDevice }, _count: { _all: true }, orderBy: { status: "asc" } }),
    db.macsecInterface.count({ where: { disabled: false, device: { enabled: true, status: { not: "up" } } } }),
    db.macServerSession.count({ where: { device: upDevice } }),
  ]);
  const count = (c: { _all?: number } | true | undefined) => (typeof c === "object" ? (c._all ?? 0) : 0);
  const devices = { total: 0, disabled: 0, problems, up: 0, down: 0, unauthorized: 0, unknown: 0 };
  for (const g of byState) {
    if (!g.enabled) devices.disabled += count(g._count);
    else {
      devices[g.status] += count(g._count);
      devices.total += count(g._count);
    }
  }
  let secured = 0;
  let notSecured = 0;
  for (const g of macsecUp) {
    if (g.status === MACSEC_SECURED_STATUS) secured += count(g._count);
    else notSecured += count(g._count);
  }
  return {
    generatedAt: now.toISOString(),
    devices,
    macsec: { total: secured + notSecured + macsecNotUp, secured, notSecured, unknown: macsecNotUp },
    sessions: { total: sessions },
  };
}

/**
 * The overview's "Devices with problems": at most `limit` enabled devices with a problem, longest without a
 * successful poll first (never first), then by name, each with its problem kinds, its MACsec links not secured
 * (every link of a device that is not up) and the poller's last error. The database picks the first `limit` in that
 * order (indexed filter, ORDER BY lastOkAt, name), so names that differ only in letter case may tie-break
 * differently from the status page's locale order.
 */
export async function queryFleetProblems(db: Db, limit: number, opts: FleetReadOptions, now: Date = new Date()): Promise<FleetProblem[]> {
  const rows = await db.device.findMany({
    where: await problemWhere(db, now, opts.pollIntervalSec),
    orderBy: [{ lastOkAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    take: Math.max(0, limit),
    select: {
      id: true,
      name: true,
      status: true,
      pollIntervalSec: true,
      lastPollAt: true,
      lastOkAt: true,
      lastError: true,
      site: { select: { name: true } },
      macsecs: { where: { disabled: false }, select: { name: true, status: true }, orderBy: { name: "asc" } },
    },
  });
  return rows.map((d) => {
    const up = d.status === "up";
    const insecure: InsecureMacsecLink[] = d.macsecs.filter((l) => !up || l.status !== MACSEC_SECURED_STATUS);
    return {
      id: d.id,
      name: d.name,
      site: d.site.name,
      status: d.status,
      problems: deviceProblems(d, insecure.length, now, opts.pollIntervalSec),
      insecureMacsec: insecure,
      lastError: d.lastError,
      lastPollAt: d.lastPollAt?.toISOString() ?? null,
      lastOkAt: d.lastOkAt?.toISOString() ?? null,
    };
  });
}

/**
 * The fleet's MACVLAN traffic now (bits/s): the sum of the latest rates, read within the window, of every MACVLAN of
 * the enabled devices that are up (currentMacvlans, macvlanRatesNow): one pass over the MACVLAN rows, no MetricSample.
 */
export async function queryFleetTraffic(db: Db, now: Date = new Date()): Promise<{ rxBitsPerSecond: number; txBitsPerSecond: number }> {
  const [traffic] = await db.$queryRaw<{ rx: number | null; tx: number | null }[]>`
    SELECT SUM(m."rxBitsPerSecond") AS "rx", SUM(m."txBitsPerSecond") AS "tx"
    ${currentMacvlans(Prisma.sql`AND d."status" = 'up' AND ${macvlanRatesNow(now)}`)}`;
  return { rxBitsPerSecond: traffic?.rx ?? 0, txBitsPerSecond: traffic?.tx ?? 0 };
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
