import "server-only";
import type { Db } from "../db-client";
import { jsonNumber } from "../db-dialect";
import { getEnv } from "../env";
import { Prisma } from "../generated/prisma/client";
import type { DeviceProblemKind, FleetProblem, FleetStatus, FleetSummary, InsecureMacsecLink, StatusDevice, StatusSite, StatusSiteSummary } from "./types";

/**
 * The fleet's current state, read once for every view: the overview's counters and problem list
 * (toFleetSummary, toFleetProblems), the status page (queryFleetStatus) and the public share page
 * (toPublicStatus). One definition of a problem (deviceProblems, DeviceProblemKind in ./types), read
 * with a fixed number of queries whatever the fleet size (five, in one read transaction so the
 * poller's writes cannot tear them apart), selecting only the columns shown. Authorization is the
 * caller's job (lib/status/server.ts).
 */

/**
 * A traffic sample older than this (seconds) is no longer "now": a few poll intervals, so one missed
 * poll does not empty the column (the overview's top talkers use the same window).
 */
export const FLEET_TRAFFIC_WINDOW_SEC = 300;

/** The MACsec `status` of a link whose traffic is encrypted (docs/routeros.md, /interface/macsec). */
const MACSEC_SECURED_STATUS = "open-encrypted";

/**
 * An up device whose last successful poll is older than this many poll intervals is `poll-overdue`
 * (the poller's rates also treat a gap longer than 3 intervals as a gap), and never sooner than
 * POLL_OVERDUE_MIN_SEC, so short intervals on a busy host do not flap.
 */
const POLL_OVERDUE_INTERVALS = 3;
const POLL_OVERDUE_MIN_SEC = 60;

/** What to read: one site (share links) or all; only devices with a problem. */
export interface FleetStatusQuery {
  siteId?: string;
  onlyProblems?: boolean;
  /** Poll interval (seconds) of devices without their own `pollIntervalSec`; default POLL_INTERVAL_SEC. */
  pollIntervalSec?: number;
}

type TrafficRow = { deviceId: string; macvlans: bigint | number; sampled: bigint | number; rxBitsPerSecond: number | null; txBitsPerSecond: number | null };

/**
 * MACVLAN interfaces and their traffic now, per device: for each current `/interface/macvlan` row (not
 * disabled) of an enabled device, its latest raw `macvlan-traffic` MetricSample at or before `now` (one
 * seek on the MetricSample(deviceId, metric, resolution, ts) index per interface, so the cost follows the
 * number of MACVLANs, not of samples), kept when it is not older than `since`; `sampled` counts the
 * interfaces that have one, rxBitsPerSecond/txBitsPerSecond sum them. One aggregate query in SQLite instead of loading
 * every sample of the window. Samples of MACsec interfaces never match a MACVLAN row.
 * Prisma stores DateTime as ISO 8601 text in SQLite; the bound Date parameters compare as the same text.
 */
function macvlanTrafficQuery(db: Db, since: Date, now: Date, siteId: string | undefined) {
  const site = siteId === undefined ? Prisma.empty : Prisma.sql`AND d."siteId" = ${siteId}`;
  return db.$queryRaw<TrafficRow[]>`
    SELECT m."deviceId" AS "deviceId", COUNT(*) AS "macvlans", COUNT(s."id") AS "sampled",
      SUM(${jsonNumber(db, Prisma.sql`s."values"`, "rxBitsPerSecond")}) AS "rxBitsPerSecond", SUM(${jsonNumber(db, Prisma.sql`s."values"`, "txBitsPerSecond")}) AS "txBitsPerSecond"
    FROM "MacvlanInterface" m
    JOIN "Device" d ON d."id" = m."deviceId"
    LEFT JOIN "MetricSample" s ON s."id" = (
      SELECT x."id" FROM "MetricSample" x
      WHERE x."deviceId" = m."deviceId" AND x."metric" = 'macvlan-traffic' AND x."series" = m."name" AND x."resolution" = 0 AND x."ts" <= ${now}
      ORDER BY x."ts" DESC LIMIT 1
    ) AND s."ts" >= ${since}
    WHERE d."enabled" AND NOT m."disabled" ${site}
    GROUP BY m."deviceId"`;
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
  const overdueSec = Math.max(POLL_OVERDUE_INTERVALS * (d.pollIntervalSec ?? defaultIntervalSec), POLL_OVERDUE_MIN_SEC);
  if (!d.lastOkAt || now.getTime() - d.lastOkAt.getTime() > overdueSec * 1000) problems.push("poll-overdue");
  if (insecureLinks > 0) problems.push("macsec-not-secured");
  return problems;
}

/** Longest without a successful poll first (never first), then by name. */
function oldestOkFirst(a: { lastOkAt: string | null; name: string }, b: { lastOkAt: string | null; name: string }): number {
  if (a.lastOkAt !== b.lastOkAt) {
    if (a.lastOkAt === null) return -1;
    if (b.lastOkAt === null) return 1;
    return a.lastOkAt < b.lastOkAt ? -1 : 1;
  }
  return a.name.localeCompare(b.name);
}

/** Problems first (oldestOkFirst), then the devices without a problem by name. */
function byProblem(a: StatusDevice, b: StatusDevice): number {
  if (a.problem !== b.problem) return a.problem ? -1 : 1;
  return a.problem ? oldestOkFirst(a, b) : a.name.localeCompare(b.name);
}

function emptySummary(): StatusSiteSummary {
  return {
    devicesUp: 0,
    devicesTotal: 0,
    devicesDisabled: 0,
    macsecTotal: 0,
    macsecInsecure: 0,
    sessions: 0,
    rxBitsPerSecond: 0,
    txBitsPerSecond: 0,
    problems: 0,
  };
}

function addDevice(summary: StatusSiteSummary, d: StatusDevice): void {
  summary.devicesTotal++;
  if (d.status === "up") summary.devicesUp++;
  summary.macsecTotal += d.macsec.total;
  summary.macsecInsecure += d.macsec.total - d.macsec.secured;
  summary.sessions += d.sessions ?? 0;
  summary.rxBitsPerSecond += d.traffic?.rxBitsPerSecond ?? 0;
  summary.txBitsPerSecond += d.traffic?.txBitsPerSecond ?? 0;
  if (d.problem) summary.problems++;
}

function addSummary(into: StatusSiteSummary, s: StatusSiteSummary): void {
  for (const key of Object.keys(into) as (keyof StatusSiteSummary)[]) into[key] += s[key];
}

/**
 * Reads the fleet's current state (or one site's): per site and enabled device its state, its
 * problems (deviceProblems), MACsec links secured or not, MAC-server session count, MACVLAN traffic
 * now (bits/s) and last poll; per site a summary. Sites are sorted by name (sites without devices are
 * listed, unless `onlyProblems`); devices problems first (byProblem). Ids, problem kinds and the
 * poller's last error are included (the public page strips them: toPublicStatus).
 * @param now the reference time of "traffic now" and of overdue polls (tests pass a fixed one)
 */
export async function queryFleetStatus(db: Db, query: FleetStatusQuery = {}, now: Date = new Date()): Promise<FleetStatus> {
  const siteFilter = query.siteId === undefined ? {} : { siteId: query.siteId };
  const since = new Date(now.getTime() - FLEET_TRAFFIC_WINDOW_SEC * 1000);
  const intervalSec = query.pollIntervalSec ?? getEnv().POLL_INTERVAL_SEC;
  const [sites, devices, macsecs, sessions, traffic] = await db.$transaction([
    db.site.findMany({ where: query.siteId === undefined ? {} : { id: query.siteId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.device.findMany({
      where: siteFilter,
      select: { id: true, name: true, siteId: true, enabled: true, status: true, pollIntervalSec: true, lastPollAt: true, lastOkAt: true, lastError: true },
    }),
    db.macsecInterface.findMany({
      where: { disabled: false, device: { enabled: true, ...siteFilter } },
      select: { deviceId: true, name: true, status: true },
      orderBy: { name: "asc" },
    }),
    db.macServerSession.groupBy({
      by: ["deviceId"],
      where: { device: { enabled: true, ...siteFilter } },
      _count: { _all: true },
      orderBy: { deviceId: "asc" },
    }),
    macvlanTrafficQuery(db, since, now, query.siteId),
  ]);

  const macsecByDevice = new Map<string, InsecureMacsecLink[]>();
  for (const m of macsecs) {
    const list = macsecByDevice.get(m.deviceId);
    if (list) list.push(m);
    else macsecByDevice.set(m.deviceId, [m]);
  }
  const sessionsByDevice = new Map(sessions.map((s) => [s.deviceId, typeof s._count === "object" ? (s._count._all ?? 0) : 0]));
  const trafficByDevice = new Map(traffic.map((t) => [t.deviceId, t]));

  const bySite = new Map<string, StatusSite>(sites.map((s) => [s.id, { id: s.id, name: s.name, summary: emptySummary(), devices: [] }]));
  for (const d of devices) {
    const site = bySite.get(d.siteId);
    if (!site) continue;
    if (!d.enabled) {
      site.summary.devicesDisabled++;
      continue;
    }
    const up = d.status === "up";
    const links = macsecByDevice.get(d.id) ?? [];
    const secured = up ? links.filter((l) => l.status === MACSEC_SECURED_STATUS).length : 0;
    const insecure = links.filter((l) => !up || l.status !== MACSEC_SECURED_STATUS).map((l) => ({ name: l.name, status: l.status }));
    const problems = deviceProblems(d, insecure.length, now, intervalSec);
    const t = trafficByDevice.get(d.id);
    const device: StatusDevice = {
      id: d.id,
      name: d.name,
      status: d.status,
      lastPollAt: d.lastPollAt?.toISOString() ?? null,
      lastOkAt: d.lastOkAt?.toISOString() ?? null,
      lastError: d.lastError,
      macsec: { total: links.length, secured, insecure, stale: !up && links.length > 0 },
      sessions: up ? (sessionsByDevice.get(d.id) ?? 0) : null,
      macvlans: t ? Number(t.macvlans) : 0,
      traffic:
        up && t && Number(t.sampled) > 0
          ? { rxBitsPerSecond: t.rxBitsPerSecond ?? 0, txBitsPerSecond: t.txBitsPerSecond ?? 0, interfaces: Number(t.sampled) }
          : null,
      problems,
      problem: problems.length > 0,
    };
    addDevice(site.summary, device);
    site.devices.push(device);
  }

  const totals = emptySummary();
  const listed: StatusSite[] = [];
  for (const site of bySite.values()) {
    addSummary(totals, site.summary);
    site.devices.sort(byProblem);
    if (query.onlyProblems) {
      site.devices = site.devices.filter((d) => d.problem);
      if (site.devices.length === 0) continue;
    }
    listed.push(site);
  }
  return { generatedAt: now.toISOString(), trafficWindowSec: FLEET_TRAFFIC_WINDOW_SEC, onlyProblems: Boolean(query.onlyProblems), sites: listed, totals };
}

/**
 * The same status without anything the public share page must not show: no site or device ids
 * (nothing to link into the app), no problem kinds and no poller errors (they can name API hosts and
 * ports). The fields it keeps are listed one by one, so a new field stays private until added here.
 */
export function toPublicStatus(status: FleetStatus): FleetStatus {
  return {
    ...status,
    sites: status.sites.map((site) => ({
      name: site.name,
      summary: site.summary,
      devices: site.devices.map((d) => ({
        name: d.name,
        status: d.status,
        lastPollAt: d.lastPollAt,
        lastOkAt: d.lastOkAt,
        macsec: d.macsec,
        sessions: d.sessions,
        macvlans: d.macvlans,
        traffic: d.traffic,
        problem: d.problem,
      })),
    })),
  };
}

/**
 * The overview's counters from a whole-fleet status (read without `onlyProblems`, so every enabled
 * device is listed): devices by status and with a problem, MACsec links, MAC-server sessions.
 */
export function toFleetSummary(status: FleetStatus): FleetSummary {
  const devices = {
    total: status.totals.devicesTotal,
    disabled: status.totals.devicesDisabled,
    problems: status.totals.problems,
    up: 0,
    down: 0,
    unauthorized: 0,
    unknown: 0,
  };
  const macsec = { total: status.totals.macsecTotal, secured: 0, notSecured: 0, unknown: 0 };
  for (const d of status.sites.flatMap((s) => s.devices)) {
    devices[d.status]++;
    macsec.secured += d.macsec.secured;
    if (d.macsec.stale) macsec.unknown += d.macsec.total;
    else macsec.notSecured += d.macsec.insecure.length;
  }
  return { generatedAt: status.generatedAt, devices, macsec, sessions: { total: status.totals.sessions } };
}

/**
 * The overview's "Devices with problems" from a status (signed-in form: ids and problem kinds): every
 * device with a problem, fleet-wide in the status page's order (longest without a successful poll
 * first, never first), at most `limit`.
 */
export function toFleetProblems(status: FleetStatus, limit: number): FleetProblem[] {
  const rows: FleetProblem[] = [];
  for (const site of status.sites) {
    for (const d of site.devices) {
      if (!d.problem || d.id === undefined) continue;
      rows.push({
        id: d.id,
        name: d.name,
        site: site.name,
        status: d.status,
        problems: d.problems ?? [],
        insecureMacsec: d.macsec.insecure,
        lastError: d.lastError ?? null,
        lastPollAt: d.lastPollAt,
        lastOkAt: d.lastOkAt,
      });
    }
  }
  return rows.sort(oldestOkFirst).slice(0, limit);
}
