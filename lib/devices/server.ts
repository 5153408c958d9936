import "server-only";
import type { AuditActor } from "../audit/log";
import { db } from "../db";
import { testConnectionFromForm } from "./connection-check";
import type { CreateDeviceInput, DeleteDeviceInput, TestConnectionInput, UpdateDeviceInput } from "./schema";
import { createDevice, deleteDevice, updateDevice } from "./service";
import type { ConnectionTestResult } from "./test-connection";

/**
 * The device service bound to the Next app's database (lib/db), for server actions: app/ never imports
 * Prisma or lib/db itself. Same contracts (audit events, errors) as lib/devices/service.ts and
 * lib/devices/connection-check.ts; authorization is still the caller's job.
 */

/** createDevice on the app database. @throws DeviceServiceError (duplicate name) */
export function createDeviceInApp(actor: AuditActor | null, input: CreateDeviceInput): Promise<{ id: string; name: string }> {
  return createDevice(db, actor, input);
}

/** updateDevice on the app database. @throws DeviceServiceError (missing device, duplicate name, password needed again) */
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
