import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import type { FleetStatus, StatusDevice, StatusSite, StatusSiteSummary } from "./types";

/**
 * The data of the status pages, read with a fixed number of queries whatever the fleet size (five,
 * in one read transaction so the poller's writes cannot tear them apart), selecting only the columns
 * shown. Authorization is the caller's job (lib/status/server.ts).
 */

/**
 * A traffic sample older than this (seconds) is no longer "now": a few poll intervals, so one missed
 * poll does not empty the column (the same 5 minutes as the overview's top talkers).
 */
export const STATUS_TRAFFIC_WINDOW_SEC = 300;

/** The MACsec `status` of a link whose traffic is encrypted (docs/routeros.md, /interface/macsec). */
const MACSEC_SECURED_STATUS = "open-encrypted";

/** What to read: one site (share links) or all; only devices with a problem. */
export interface FleetStatusQuery {
  siteId?: string;
  onlyProblems?: boolean;
}

type TrafficRow = { deviceId: string; macvlans: bigint | number; sampled: bigint | number; rxBps: number | null; txBps: number | null };

/**
 * MACVLAN interfaces and their traffic now, per device: for each current `/interface/macvlan` row (not
 * disabled) of an enabled device, its latest raw `macvlan-traffic` MetricSample at or before `now` (one
 * seek on the MetricSample(deviceId, metric, resolution, ts) index per interface, so the cost follows the
 * number of MACVLANs, not of samples), kept when it is not older than `since`; `sampled` counts the
 * interfaces that have one, rxBps/txBps sum them. One aggregate query in
 * SQLite instead of loading every sample of the window (the overview's top-talkers query loads them
 * all, which suits 10 rows, not a fleet). Samples of MACsec interfaces never match a MACVLAN row.
 * Prisma stores DateTime as ISO 8601 text in SQLite; the bound Date parameters compare as the same text.
 */
function macvlanTrafficQuery(db: Db, since: Date, now: Date, siteId: string | undefined) {
  const site = siteId === undefined ? Prisma.empty : Prisma.sql`AND d.siteId = ${siteId}`;
  return db.$queryRaw<TrafficRow[]>`
    SELECT m.deviceId AS deviceId, COUNT(*) AS macvlans, COUNT(s.id) AS sampled,
      SUM(CAST(json_extract(s."values", '$.rxBitsPerSecond') AS REAL)) AS rxBps, SUM(CAST(json_extract(s."values", '$.txBitsPerSecond') AS REAL)) AS txBps
    FROM MacvlanInterface m
    JOIN Device d ON d.id = m.deviceId
    LEFT JOIN MetricSample s ON s.id = (
      SELECT x.id FROM MetricSample x
      WHERE x.deviceId = m.deviceId AND x.metric = 'macvlan-traffic' AND x.series = m.name AND x.resolution = 0 AND x.ts <= ${now}
      ORDER BY x.ts DESC LIMIT 1
    ) AND s.ts >= ${since}
    WHERE d.enabled = 1 AND m.disabled = 0 ${site}
    GROUP BY m.deviceId`;
}

/** Problems first: down, unauthorized, unknown, then up devices with insecure MACsec; then by name. */
function problemRank(d: StatusDevice): number {
  if (d.status === "down") return 0;
  if (d.status === "unauthorized") return 1;
  if (d.status === "unknown") return 2;
  return d.problem ? 3 : 4;
}

function emptySummary(): StatusSiteSummary {
  return { devicesUp: 0, devicesTotal: 0, devicesDisabled: 0, macsecTotal: 0, macsecInsecure: 0, sessions: 0, rxBps: 0, txBps: 0, problems: 0 };
}

function addDevice(summary: StatusSiteSummary, d: StatusDevice): void {
  summary.devicesTotal++;
  if (d.status === "up") summary.devicesUp++;
  summary.macsecTotal += d.macsec.total;
  summary.macsecInsecure += d.macsec.total - d.macsec.secured;
  summary.sessions += d.sessions ?? 0;
  summary.rxBps += d.traffic?.rxBps ?? 0;
  summary.txBps += d.traffic?.txBps ?? 0;
  if (d.problem) summary.problems++;
}

function addSummary(into: StatusSiteSummary, s: StatusSiteSummary): void {
  for (const key of Object.keys(into) as (keyof StatusSiteSummary)[]) into[key] += s[key];
}

/**
 * Reads the fleet status (or one site's): per site and enabled device its state, MACsec links secured
 * or not, MAC-server session count, MACVLAN traffic now (bits/s) and last poll; per site a summary.
 * Sites are sorted by name (sites without devices are listed, unless `onlyProblems`); devices problems
 * first. Ids and the poller's last error are included (the public page strips them: toPublicStatus).
 * @param now the reference time of "traffic now" (tests pass a fixed one)
 */
export async function queryFleetStatus(db: Db, query: FleetStatusQuery = {}, now: Date = new Date()): Promise<FleetStatus> {
  const siteFilter = query.siteId === undefined ? {} : { siteId: query.siteId };
  const since = new Date(now.getTime() - STATUS_TRAFFIC_WINDOW_SEC * 1000);
  const [sites, devices, macsecs, sessions, traffic] = await db.$transaction([
    db.site.findMany({ where: query.siteId === undefined ? {} : { id: query.siteId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.device.findMany({
      where: siteFilter,
      select: { id: true, name: true, siteId: true, enabled: true, status: true, lastPollAt: true, lastOkAt: true, lastError: true },
    }),
    db.macsecInterface.findMany({
      where: { disabled: false, device: { enabled: true, ...siteFilter } },
      select: { deviceId: true, name: true, status: true },
      orderBy: { name: "asc" },
    }),
    db.macServerSession.groupBy({ by: ["deviceId"], where: { device: { enabled: true, ...siteFilter } }, _count: { _all: true }, orderBy: { deviceId: "asc" } }),
    macvlanTrafficQuery(db, since, now, query.siteId),
  ]);

  const macsecByDevice = new Map<string, { name: string; status: string | null }[]>();
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
      traffic: up && t && Number(t.sampled) > 0 ? { rxBps: t.rxBps ?? 0, txBps: t.txBps ?? 0, interfaces: Number(t.sampled) } : null,
      problem: !up || insecure.length > 0,
    };
    addDevice(site.summary, device);
    site.devices.push(device);
  }

  const totals = emptySummary();
  const listed: StatusSite[] = [];
  for (const site of bySite.values()) {
    addSummary(totals, site.summary);
    site.devices.sort((a, b) => problemRank(a) - problemRank(b) || a.name.localeCompare(b.name));
    if (query.onlyProblems) {
      site.devices = site.devices.filter((d) => d.problem);
      if (site.devices.length === 0) continue;
    }
    listed.push(site);
  }
  return { generatedAt: now.toISOString(), trafficWindowSec: STATUS_TRAFFIC_WINDOW_SEC, onlyProblems: Boolean(query.onlyProblems), sites: listed, totals };
}

/**
 * The same status without anything the public share page must not show: no site or device ids
 * (nothing to link into the app) and no poller errors (they can name API hosts and ports).
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
