import "server-only";
import { cache } from "react";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import { knownSupport } from "../routeros/version";
import type { MetricId } from "../metrics/descriptors";
import { getSeries } from "../metrics/query";
import type { RangeKey } from "../metrics/ranges";
import type {
  DeviceHeaderDto,
  DeviceOverviewDto,
  MacServerSessionDto,
  MacServerStateDto,
  MacsecTableDto,
  MacvlanDto,
  MetricSeries,
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
 * what the poller stored. Naming: reads of stored router rows are `readStored<Menu>` (never the
 * `list<Menu>`/`get<Menu>` of the router readers in lib/routeros/menus).
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
export async function readStoredMacServerSettings(id: string): Promise<MacServerStateDto | null> {
  await requirePermission("devices.read");
  return selectMacServerState(db, id);
}

async function deviceExists(id: string): Promise<boolean> {
  return (await selectDeviceVersion(db, id)) !== undefined;
}

/** Current `/tool/mac-server/sessions` rows. */
export async function readStoredMacServerSessions(id: string): Promise<MacServerSessionDto[] | null> {
  await requirePermission("devices.read");
  if (!(await deviceExists(id))) return null;
  return selectMacServerSessions(db, id);
}

/** Current `/interface/macvlan` rows. */
export async function readStoredMacvlans(id: string): Promise<MacvlanDto[] | null> {
  await requirePermission("devices.read");
  if (!(await deviceExists(id))) return null;
  return selectMacvlans(db, id);
}

/** Current `/interface/macsec` rows (no CAK) and whether the router's version prints MACsec statistics (7.21+). */
export async function readStoredMacsecs(id: string): Promise<MacsecTableDto | null> {
  await requirePermission("devices.read");
  const version = await selectDeviceVersion(db, id);
  if (version === undefined) return null;
  return { rows: await selectMacsecs(db, id), statsSupported: knownSupport(version, "macsecStats") };
}

/**
 * Metric `metric` (lib/metrics/descriptors.ts) of the device over `range`, every series or only
 * `seriesKey` (an interface name); field units as in the descriptor.
 */
export async function getDeviceSeries<M extends MetricId>(id: string, metric: M, range: RangeKey, seriesKey?: string): Promise<MetricSeries<M> | null> {
  await requirePermission("devices.read");
  if (!(await deviceExists(id))) return null;
  return getSeries(db, id, metric, range, new Date(), seriesKey);
}
