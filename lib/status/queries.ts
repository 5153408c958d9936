import "server-only";
import type { Db } from "../db-client";
import { getEnv } from "../env";
import { Prisma } from "../generated/prisma/client";
import { groupStatusAlerts, siteFiringAlertsQuery } from "../alerts/views";
import { clampPage } from "../pagination";
import { currentMacvlans, deviceProblems, FLEET_TRAFFIC_WINDOW_SEC, MACSEC_SECURED_STATUS, macvlanRatesNow } from "./definitions";
import { problemWhere, queryFleetTotals } from "./fleet-queries";
import type { FleetStatus, InsecureMacsecLink, StatusDevice, StatusSite, StatusSiteSummary } from "./types";

export { FLEET_TRAFFIC_WINDOW_SEC } from "./definitions";

/**
 * The status page (queryFleetStatus) and the public share page (toPublicStatus): a page of sites with their devices,
 * read with a fixed number of queries whatever the fleet size, selecting only the columns shown. One definition of a
 * problem and of traffic now (./definitions.ts), shared with the overview's aggregates (./fleet-queries.ts).
 * Authorization is the caller's job (lib/status/server.ts).
 */

/**
 * Sites per page of the fleet status (/status?page=N): the page stays small whatever the fleet size. Each site lists up
 * to STATUS_SITE_DEVICES_SHOWN devices, and a page's server time follows its rows (about 0.2 ms of web-server CPU per
 * row and 0.03 ms per device read at 1,000 devices, bench/load.ts), so 5 sites (50 rows) rather than 10.
 */
export const STATUS_SITES_PER_PAGE = 5;

/**
 * Devices listed per site on the fleet status (problems first); the rest are counted (`devicesNotShown`) and
 * reachable through the devices list filtered by site. A single site (share links) lists all its devices.
 */
export const STATUS_SITE_DEVICES_SHOWN = 10;

/**
 * Firing alerts listed per site: on the fleet status (STATUS_SITES_PER_PAGE sites) and for one site (share links); the
 * rest are counted (`alertsNotShown`) and listed on /alerts.
 */
export const STATUS_SITE_ALERTS_SHOWN = { fleet: 10, site: 50 } as const;

/** What to read: one site (share links) or a page of sites; only devices with a problem. */
export interface FleetStatusQuery {
  siteId?: string;
  onlyProblems?: boolean;
  /** Page of sites (1-based, clamped) when no `siteId` is given; STATUS_SITES_PER_PAGE sites per page. */
  page?: number;
  /** Poll interval (seconds) of devices without their own `pollIntervalSec`; default POLL_INTERVAL_SEC. */
  pollIntervalSec?: number;
  /**
   * The fleet's totals when the caller already has them (lib/status/server.ts reuses one read for a few seconds);
   * read with fleetTotals otherwise. Ignored with `siteId` (the site's own summary is the total).
   */
  fleetTotals?: StatusSiteSummary;
}

type TrafficRow = { deviceId: string; macvlans: bigint | number; sampled: bigint | number; rxBitsPerSecond: number | null; txBitsPerSecond: number | null };

/**
 * MACVLAN interfaces and their traffic now, per device of `siteIds` (currentMacvlans, macvlanRatesNow): `sampled` counts
 * the interfaces with recent rates, rxBitsPerSecond/txBitsPerSecond sum them (bits/s). One aggregate query over the
 * sites' MACVLAN rows.
 */
function macvlanTrafficQuery(db: Db, now: Date, siteIds: string[]) {
  const recent = macvlanRatesNow(now);
  return db.$queryRaw<TrafficRow[]>`
    SELECT m."deviceId" AS "deviceId", COUNT(*) AS "macvlans", COUNT(CASE WHEN ${recent} THEN 1 END) AS "sampled",
      SUM(CASE WHEN ${recent} THEN m."rxBitsPerSecond" END) AS "rxBitsPerSecond", SUM(CASE WHEN ${recent} THEN m."txBitsPerSecond" END) AS "txBitsPerSecond"
    ${currentMacvlans(Prisma.sql`AND d."siteId" IN (${Prisma.join(siteIds)})`)}
    GROUP BY m."deviceId"`;
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
 * The sites of one page of the status (by name; with `onlyProblems` only sites with a problem device or a firing alert
 * of an enabled device), or the one site.
 */
async function sitesToRead(
  db: Db,
  query: FleetStatusQuery,
  now: Date,
  intervalSec: number,
): Promise<{ sites: { id: string; name: string }[]; page: number; pageCount: number }> {
  const select = { id: true, name: true } as const;
  if (query.siteId !== undefined) return { sites: await db.site.findMany({ where: { id: query.siteId }, select }), page: 1, pageCount: 1 };
  const where: Prisma.SiteWhereInput = query.onlyProblems
    ? { OR: [{ devices: { some: await problemWhere(db, now, intervalSec) } }, { devices: { some: { enabled: true, alerts: { some: { state: "firing" } } } } }] }
    : {};
  const { page, pageCount } = clampPage(query.page, await db.site.count({ where }), STATUS_SITES_PER_PAGE);
  const sites = await db.site.findMany({ where, select, orderBy: { name: "asc" }, skip: (page - 1) * STATUS_SITES_PER_PAGE, take: STATUS_SITES_PER_PAGE });
  return { sites, page, pageCount };
}

/**
 * Reads the fleet's current state, a page of sites at a time (or one site's): per site and enabled device its state,
 * its problems (deviceProblems), MACsec links secured or not, MAC-server session count, MACVLAN traffic now (bits/s)
 * and last poll; per site a summary over all its devices and its firing alerts (text, no ids: siteFiringAlertsQuery, at
 * most STATUS_SITE_ALERTS_SHOWN, the rest counted). Sites are sorted by name, STATUS_SITES_PER_PAGE per page
 * (sites without devices are listed, unless `onlyProblems`, which lists only sites with a problem device or a firing
 * alert, and only their problem devices); devices
 * problems first (byProblem), at most STATUS_SITE_DEVICES_SHOWN per site unless one site is read (`devicesNotShown`
 * counts the rest). `totals` cover the whole fleet (queryFleetTotals, or `query.fleetTotals`), or the one site. Ids,
 * problem kinds and the poller's last error are included (the public page strips them: toPublicStatus). The page's
 * reads run in one read transaction, so the poller's writes cannot tear a device from its links and samples.
 * @param now the reference time of "traffic now" and of overdue polls (tests pass a fixed one)
 */
export async function queryFleetStatus(db: Db, query: FleetStatusQuery = {}, now: Date = new Date()): Promise<FleetStatus> {
  const intervalSec = query.pollIntervalSec ?? getEnv().POLL_INTERVAL_SEC;
  const { sites, page, pageCount } = await sitesToRead(db, query, now, intervalSec);
  const bySite = new Map<string, StatusSite>(
    sites.map((s) => [s.id, { id: s.id, name: s.name, summary: emptySummary(), devices: [], alerts: [], alertsNotShown: 0 }]),
  );
  const siteIds = [...bySite.keys()];
  if (siteIds.length > 0) {
    const siteFilter = { siteId: { in: siteIds } };
    const [devices, macsecs, sessions, traffic, alerts] = await db.$transaction([
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
      macvlanTrafficQuery(db, now, siteIds),
      siteFiringAlertsQuery(db, siteIds, query.siteId === undefined ? STATUS_SITE_ALERTS_SHOWN.fleet : STATUS_SITE_ALERTS_SHOWN.site),
    ]);
    for (const [siteId, firing] of groupStatusAlerts(alerts)) {
      const site = bySite.get(siteId);
      if (!site) continue;
      site.alerts = firing.alerts;
      site.alertsNotShown = firing.total - firing.alerts.length;
    }

    const macsecByDevice = new Map<string, InsecureMacsecLink[]>();
    for (const m of macsecs) {
      const list = macsecByDevice.get(m.deviceId);
      if (list) list.push(m);
      else macsecByDevice.set(m.deviceId, [m]);
    }
    const sessionsByDevice = new Map(sessions.map((s) => [s.deviceId, typeof s._count === "object" ? (s._count._all ?? 0) : 0]));
    const trafficByDevice = new Map(traffic.map((t) => [t.deviceId, t]));

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
  }

  const siteTotals = emptySummary();
  const listed: StatusSite[] = [];
  for (const site of bySite.values()) {
    addSummary(siteTotals, site.summary);
    site.devices.sort(byProblem);
    if (query.onlyProblems) {
      site.devices = site.devices.filter((d) => d.problem);
      if (site.devices.length === 0 && site.alerts.length === 0) continue;
    }
    if (query.siteId === undefined && site.devices.length > STATUS_SITE_DEVICES_SHOWN) {
      site.devicesNotShown = site.devices.length - STATUS_SITE_DEVICES_SHOWN;
      site.devices = site.devices.slice(0, STATUS_SITE_DEVICES_SHOWN);
    }
    listed.push(site);
  }
  const totals = query.siteId !== undefined ? siteTotals : (query.fleetTotals ?? (await queryFleetTotals(db, { pollIntervalSec: intervalSec }, now)));
  return {
    generatedAt: now.toISOString(),
    trafficWindowSec: FLEET_TRAFFIC_WINDOW_SEC,
    onlyProblems: Boolean(query.onlyProblems),
    page,
    pageCount,
    sites: listed,
    totals,
  };
}

/**
 * The same status without anything the public share page must not show: no site or device ids
 * (nothing to link into the app), no problem kinds and no poller errors (they can name API hosts and
 * ports). Firing alerts are kept as text (device and rule names, severity, subject, since, acknowledged). The fields it
 * keeps are listed one by one, so a new field stays private until added here.
 */
export function toPublicStatus(status: FleetStatus): FleetStatus {
  return {
    ...status,
    sites: status.sites.map((site) => ({
      name: site.name,
      summary: site.summary,
      alerts: site.alerts.map((a) => ({
        device: a.device,
        rule: a.rule,
        severity: a.severity,
        subject: a.subject,
        since: a.since,
        acknowledged: a.acknowledged,
      })),
      alertsNotShown: site.alertsNotShown,
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
