import "server-only";
import { cache } from "react";
import { auditActor, requirePermission } from "../auth/session";
import { db } from "../db";
import { testConnectionFromForm } from "./connection-check";
import { queryDeviceEditView, queryDeviceList, querySiteNames, type DeviceEditView, type DeviceListPage, type DeviceListQuery } from "./queries";
import * as networks from "./router-networks";
import type { AddRouterNetworkInput, RemoveRouterNetworkInput, RouterNetworksView } from "./router-networks";
import type { CreateDeviceInput, DeleteDeviceInput, TestConnectionInput, UpdateDeviceInput } from "./schema";
import * as inventory from "./service";
import type { ConnectionTestResult } from "./test-connection";
import { knownSupport } from "../routeros/version";
import { FAR_END_MISSING, selectMacsecFarEnds } from "../macsec/far-ends";
import type { MetricId } from "../metrics/descriptors";
import { getSeries } from "../metrics/query";
import type { RangeKey } from "../metrics/ranges";
import type { DeviceHeaderDto, DeviceOverviewDto, MacServerSessionDto, MacServerStateDto, MacsecTableDto, MacvlanDto, MetricSeries } from "./detail-dto";
import {
  selectDeviceHeader,
  selectDeviceOverview,
  selectDeviceVersion,
  selectMacServerSessions,
  selectMacServerState,
  selectMacsecs,
  selectMacvlans,
} from "./detail-queries";
import type { AddressingViewDto, FirewallViewDto, InterfaceListsViewDto, MacvlanParentsViewDto, RouterViewResult } from "./router-view-dto";
import { readAddressingView, readFirewallView, readInterfaceListsView, readMacvlanParentsView } from "./router-views";

/**
 * The device inventory's data layer (CODE_STYLE.md "Data layer"): what pages and server actions call.
 * Server-only, on the app's database (lib/db). Every function checks its permission first
 * (requirePermission: the signed-in user from the session); reads return DTOs without secrets
 * (lib/devices/queries.ts); writes run lib/devices/service.ts, lib/devices/connection-check.ts or
 * lib/devices/router-networks.ts as the signed-in user (their audit events carry the request's client
 * address and a fresh request id).
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/permissions.ts)
 */

/** A page of the devices list (DTO rows, no secrets). Permission: devices.read. */
export async function listDevices(query: DeviceListQuery): Promise<DeviceListPage> {
  await requirePermission("devices.read");
  return queryDeviceList(db, query);
}

/** Every site name, sorted. Permission: devices.read. Cached per request. */
export const listSiteNames = cache(async (): Promise<string[]> => {
  await requirePermission("devices.read");
  return querySiteNames(db);
});

/**
 * A device's settings for the admin edit form (never the password; the CA PEM is included since only
 * admins see it). Permission: devices.manage. Null when the device does not exist.
 */
export async function getDeviceForEdit(id: string): Promise<DeviceEditView | null> {
  await requirePermission("devices.manage");
  return queryDeviceEditView(db, id);
}

/** Adds a device (audited `device.create`). Permission: devices.manage. @throws DeviceServiceError (duplicate name, API URL not allowed) */
export async function createDevice(input: CreateDeviceInput): Promise<{ id: string; name: string }> {
  const user = await requirePermission("devices.manage");
  return inventory.createDevice(db, await auditActor(user), input);
}

/**
 * Saves a device's settings (audited `device.update`). Permission: devices.manage.
 * @throws DeviceServiceError (missing device, duplicate name, password needed again, API URL not allowed)
 */
export async function updateDevice(input: UpdateDeviceInput): Promise<{ id: string; name: string }> {
  const user = await requirePermission("devices.manage");
  return inventory.updateDevice(db, await auditActor(user), input);
}

/** Deletes a device (audited `device.delete`). Permission: devices.manage. @throws DeviceServiceError (missing device, wrong confirmation) */
export async function deleteDevice(input: DeleteDeviceInput): Promise<{ id: string; name: string }> {
  const user = await requirePermission("devices.manage");
  return inventory.deleteDevice(db, await auditActor(user), input);
}

/**
 * Tests a router connection with the form's values, saving nothing (audited `device.test_connection`):
 * identity, board, version and uptime, or the error kind and RouterOS detail. Permission: devices.testConnection.
 * @throws DeviceServiceError (blank password where the stored one may not be used)
 */
export async function testConnection(input: TestConnectionInput): Promise<ConnectionTestResult> {
  const user = await requirePermission("devices.testConnection");
  return testConnectionFromForm(db, await auditActor(user), input);
}

/** The router networks page's view (the admin list, whether the defaults apply, the never-allowed ranges). Permission: devices.manage. */
export async function getRouterNetworks(): Promise<RouterNetworksView> {
  await requirePermission("devices.manage");
  return networks.queryRouterNetworks(db);
}

/** Adds a router network (audited); the first one also copies the defaults in. Permission: devices.manage. @throws DeviceServiceError (already listed) */
export async function addRouterNetwork(input: AddRouterNetworkInput): Promise<{ id: string; cidr: string; copiedDefaults: string[] }> {
  const user = await requirePermission("devices.manage");
  return networks.addRouterNetwork(db, await auditActor(user), input);
}

/** Removes a router network (audited). Permission: devices.manage. @throws DeviceServiceError (missing, or the last one) */
export async function removeRouterNetwork(input: RemoveRouterNetworkInput): Promise<{ cidr: string }> {
  const user = await requirePermission("devices.manage");
  return networks.removeRouterNetwork(db, await auditActor(user), input);
}

/** Empties the router networks (audited): the defaults apply again. Permission: devices.manage. */
export async function resetRouterNetworks(): Promise<{ removed: string[] }> {
  const user = await requirePermission("devices.manage");
  return networks.resetRouterNetworks(db, await auditActor(user));
}

// The device page (/devices/[id]) and its route handlers: DTOs of what the poller stored
// (lib/devices/detail-dto.ts), null when the device does not exist; nothing here talks to a router.
// Reads of stored router rows are `readStored<Menu>`, never the `list<Menu>`/`get<Menu>` of the router
// readers in lib/routeros/menus.

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

/**
 * Current `/interface/macsec` rows (no CAK), each with its far end (the fleet's other interface with the same CKN,
 * lib/macsec/far-ends.ts), and whether the router's version prints MACsec statistics (7.21+).
 */
export async function readStoredMacsecs(id: string): Promise<MacsecTableDto | null> {
  await requirePermission("devices.read");
  const version = await selectDeviceVersion(db, id);
  if (version === undefined) return null;
  const rows = await selectMacsecs(db, id);
  const farEnds = await selectMacsecFarEnds(db, id);
  return { rows: rows.map((r) => ({ ...r, farEnd: farEnds.get(r.name) ?? FAR_END_MISSING })), statsSupported: knownSupport(version, "macsecStats") };
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

// The device page's router views (lib/devices/router-views.ts): read from the router when asked, not from the
// poller's tables; `{ ok: false, error }` when the router cannot be read, null when the device does not exist.

/** `/ip/address`, DHCP servers, their networks and leases, read live. */
export async function readLiveAddressing(id: string): Promise<RouterViewResult<AddressingViewDto> | null> {
  await requirePermission("devices.read");
  return readAddressingView(db, id);
}

/** `/ip/firewall/filter` and `/ip/firewall/nat` rules in order with their counters, read live. */
export async function readLiveFirewall(id: string): Promise<RouterViewResult<FirewallViewDto> | null> {
  await requirePermission("devices.read");
  return readFirewallView(db, id);
}

/** Interface lists with their members and where the MAC server answers, read live. */
export async function readLiveInterfaceLists(id: string): Promise<RouterViewResult<InterfaceListsViewDto> | null> {
  await requirePermission("devices.read");
  return readInterfaceListsView(db, id);
}

/** The MACVLANs' parent interfaces (type, running, MTU), read live. */
export async function readLiveMacvlanParents(id: string): Promise<RouterViewResult<MacvlanParentsViewDto> | null> {
  await requirePermission("devices.read");
  return readMacvlanParentsView(db, id);
}
