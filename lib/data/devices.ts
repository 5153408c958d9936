import "server-only";
import { cache } from "react";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import {
  queryDeviceEditView,
  queryDeviceList,
  querySiteNames,
  type DeviceEditView,
  type DeviceListPage,
  type DeviceListQuery,
} from "../devices/queries";

export type { DeviceEditView, DeviceListPage, DeviceListQuery, DeviceListRow } from "../devices/queries";
export { parseDeviceListParams } from "../devices/list-params";

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
