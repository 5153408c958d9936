import "server-only";
import { cache } from "react";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import {
  DEVICE_SORTS,
  DEVICE_STATUSES,
  queryDeviceEditView,
  queryDeviceList,
  querySiteNames,
  type DeviceEditView,
  type DeviceListPage,
  type DeviceListQuery,
} from "../devices/queries";

export type { DeviceEditView, DeviceListPage, DeviceListQuery, DeviceListRow } from "../devices/queries";

type SearchParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function oneOf<T extends string>(values: readonly T[], v: string | undefined): T | undefined {
  return values.find((x) => x === v);
}

/**
 * Parses the devices list's URL search params (`q`, `site`, `status`, `sort`, `dir`, `page`);
 * unknown or malformed values are dropped (the defaults apply) rather than rejected.
 */
export function parseDeviceListParams(params: SearchParams): DeviceListQuery {
  const page = Number.parseInt(first(params.page) ?? "1", 10);
  return {
    q: first(params.q)?.slice(0, 100) || undefined,
    site: first(params.site) || undefined,
    status: oneOf(DEVICE_STATUSES, first(params.status)),
    sort: oneOf(DEVICE_SORTS, first(params.sort)),
    dir: first(params.dir) === "desc" ? "desc" : "asc",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/**
 * A page of the devices list (DTO rows, no secrets). Permission: devices.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listDevices(query: DeviceListQuery): Promise<DeviceListPage> {
  await requirePermission("devices.read");
  return queryDeviceList(db, query);
}

/**
 * Every site name, sorted. Permission: devices.read. Cached per request.
 * @throws UnauthenticatedError / ForbiddenError
 */
export const listSiteNames = cache(async (): Promise<string[]> => {
  await requirePermission("devices.read");
  return querySiteNames(db);
});

/**
 * A device's settings for the admin edit form (never the password; the CA PEM is included since
 * only admins see it). Permission: devices.manage. Null when the device does not exist.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function getDeviceForEdit(id: string): Promise<DeviceEditView | null> {
  await requirePermission("devices.manage");
  return queryDeviceEditView(db, id);
}
