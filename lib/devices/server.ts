import "server-only";
import type { AuditActor } from "../audit/log";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import { testConnectionFromForm } from "./connection-check";
import {
  addRouterNetwork,
  queryRouterNetworks,
  removeRouterNetwork,
  resetRouterNetworks,
  type AddRouterNetworkInput,
  type RemoveRouterNetworkInput,
  type RouterNetworksView,
} from "./router-networks";
import type { CreateDeviceInput, DeleteDeviceInput, TestConnectionInput, UpdateDeviceInput } from "./schema";
import { createDevice, deleteDevice, updateDevice } from "./service";
import type { ConnectionTestResult } from "./test-connection";

/**
 * The device service bound to the Next app's database (lib/db), for server actions: app/ never imports
 * Prisma or lib/db itself. Same contracts (audit events, errors) as lib/devices/service.ts and
 * lib/devices/connection-check.ts; authorization is still the caller's job.
 */

/** createDevice on the app database. @throws DeviceServiceError (duplicate name, API URL not allowed) */
export function createDeviceInApp(actor: AuditActor | null, input: CreateDeviceInput): Promise<{ id: string; name: string }> {
  return createDevice(db, actor, input);
}

/** updateDevice on the app database. @throws DeviceServiceError (missing device, duplicate name, password needed again, API URL not allowed) */
export function updateDeviceInApp(actor: AuditActor | null, input: UpdateDeviceInput): Promise<{ id: string; name: string }> {
  return updateDevice(db, actor, input);
}

/** deleteDevice on the app database. @throws DeviceServiceError (missing device, wrong confirmation) */
export function deleteDeviceInApp(actor: AuditActor | null, input: DeleteDeviceInput): Promise<{ id: string; name: string }> {
  return deleteDevice(db, actor, input);
}

/** testConnectionFromForm on the app database. @throws DeviceServiceError (password needed) */
export function testConnectionInApp(actor: AuditActor | null, input: TestConnectionInput): Promise<ConnectionTestResult> {
  return testConnectionFromForm(db, actor, input);
}

/**
 * The router networks page's view (the admin list, whether the defaults apply, the never-allowed ranges).
 * Permission: devices.manage (checked here, as lib/data does for other pages).
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function getRouterNetworksForAdmin(): Promise<RouterNetworksView> {
  await requirePermission("devices.manage");
  return queryRouterNetworks(db);
}

/** addRouterNetwork on the app database (audited). @throws DeviceServiceError (already listed) */
export function addRouterNetworkInApp(actor: AuditActor | null, input: AddRouterNetworkInput): Promise<{ id: string; cidr: string; copiedDefaults: string[] }> {
  return addRouterNetwork(db, actor, input);
}

/** removeRouterNetwork on the app database (audited). @throws DeviceServiceError (missing, or the last one) */
export function removeRouterNetworkInApp(actor: AuditActor | null, input: RemoveRouterNetworkInput): Promise<{ cidr: string }> {
  return removeRouterNetwork(db, actor, input);
}

/** resetRouterNetworks on the app database (audited): the defaults apply again. */
export function resetRouterNetworksInApp(actor: AuditActor | null): Promise<{ removed: string[] }> {
  return resetRouterNetworks(db, actor);
}
