import "server-only";
import { cache } from "react";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import { knownSupport } from "../routeros/version";
import { getMacsecSeries, getSessionSeries, getTrafficSeries, type RangeKey } from "../metrics/query";
import type {
  DeviceHeaderDto,
  DeviceOverviewDto,
  MacServerSessionDto,
  MacServerStateDto,
  MacsecSeries,
  MacsecTableDto,
  MacvlanDto,
  SessionSeries,
  TrafficSeries,
} from "./device-dto";
import {
  selectDeviceHeader,
  selectDeviceOverview,
  selectDeviceVersion,
  selectMacServerSessions,
  selectMacServerState,
  selectMacsecs,
  selectMacvlans,
} from "./device-detail-queries";

/**
 * Data access for the device page (/devices/[id]) and its route handlers. Server-only. Every function
 * checks `devices.read` itself and returns a DTO (lib/data/device-dto.ts), or null when the device does
 * not exist (pages call notFound(), route handlers answer 404). Nothing here talks to a router: it reads
 * what the poller stored.
 * @throws UnauthenticatedError when signed out, ForbiddenError without `devices.read` (lib/auth/session.ts)
 */

/** Header of the device page. Cached per request (the layout and the pages share it). */
export const getDeviceHeader = cache(async (id: string): Promise<DeviceHeaderDto | null> => {
  await requirePermission("devices.read");
  return selectDeviceHeader(db, id);
});

/** Facts (`/system/identity`, `/system/resource`, `/system/routerboard`), poll health and counts. Cached per request. */
export const getDeviceOverview = cache(async (id: string): Promise<DeviceOverviewDto | null> => {
  await requirePermission("devices.read");
  return selectDeviceOverview(db, id);
});

/** `/tool/mac-server`, `/tool/mac-server/mac-winbox` and `/tool/mac-server/ping` settings. */
export async function getMacServerState(id: string): Promise<MacServerStateDto | null> {
  await requirePermission("devices.read");
  return selectMacServerState(db, id);
}

async function deviceExists(id: string): Promise<boolean> {
  return (await selectDeviceVersion(db, id)) !== undefined;
}

/** Current `/tool/mac-server/sessions` rows. */
export async function listMacServerSessions(id: string): Promise<MacServerSessionDto[] | null> {
  await requirePermission("devices.read");
  if (!(await deviceExists(id))) return null;
  return selectMacServerSessions(db, id);
}

/** Current `/interface/macvlan` rows. */
export async function listMacvlans(id: string): Promise<MacvlanDto[] | null> {
  await requirePermission("devices.read");
  if (!(await deviceExists(id))) return null;
  return selectMacvlans(db, id);
}

/** Current `/interface/macsec` rows (no CAK) and whether the router's version prints MACsec statistics (7.21+). */
export async function listMacsec(id: string): Promise<MacsecTableDto | null> {
  await requirePermission("devices.read");
  const version = await selectDeviceVersion(db, id);
  if (version === undefined) return null;
  return { rows: await selectMacsecs(db, id), statsSupported: knownSupport(version, "macsecStats") };
}

/** MAC server session count over `range` (points: `t` ms UTC, `count` sessions). */
export async function getDeviceSessionSeries(id: string, range: RangeKey): Promise<SessionSeries | null> {
  await requirePermission("devices.read");
  if (!(await deviceExists(id))) return null;
  return getSessionSeries(db, id, range);
}

/** Which interfaces a traffic series covers: the current MACVLANs, the current MACsec links, or every sampled one. */
export type TrafficKind = "macvlan" | "macsec" | "all";

/**
 * Traffic over `range` per interface in bits/s and packets/s. `kind` keeps the series of interfaces
 * currently in `/interface/macvlan` or `/interface/macsec` (the samples table holds both kinds).
 */
export async function getDeviceTrafficSeries(id: string, range: RangeKey, kind: TrafficKind = "all"): Promise<TrafficSeries | null> {
  await requirePermission("devices.read");
  if (!(await deviceExists(id))) return null;
  const series = await getTrafficSeries(db, id, range);
  if (kind === "all") return series;
  const rows = kind === "macvlan" ? await selectMacvlans(db, id) : await selectMacsecs(db, id);
  const names = new Set(rows.map((r) => r.name));
  return { ...series, series: series.series.filter((s) => names.has(s.interface)) };
}

/** MACsec status and IEEE 802.1AE counter rates (packets/s) over `range`, per interface. */
export async function getDeviceMacsecSeries(id: string, range: RangeKey): Promise<MacsecSeries | null> {
  await requirePermission("devices.read");
  if (!(await deviceExists(id))) return null;
  return getMacsecSeries(db, id, range);
}
