"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, type ActionResult, type ExpectedErrorClass } from "@/lib/auth/action";
import { DeviceServiceError } from "@/lib/devices/errors";
import { createDeviceSchema, deleteDeviceSchema, testConnectionSchema, updateDeviceSchema, type TestConnectionFormValues } from "@/lib/devices/schema";
import { createDeviceInApp, deleteDeviceInApp, testConnectionInApp, updateDeviceInApp } from "@/lib/devices/server";
import type { ConnectionTestResult } from "@/lib/devices/test-connection";

/**
 * Server actions of the device inventory (admin only). Each is built with defineAction: zod strict
 * schema → permission check inside the action → lib/devices service (which writes the audit event)
 * → revalidatePath. Expected failures (duplicate name, wrong confirmation) come back as field errors.
 */

/** The service's refusals (duplicate name, unknown device, wrong confirmation), shown as is. */
const expected: readonly ExpectedErrorClass[] = [DeviceServiceError];

function revalidateDevices(id?: string): void {
  revalidatePath("/");
  revalidatePath("/devices");
  if (id) revalidatePath(`/devices/${id}`, "layout");
}

const createDeviceImpl = defineAction({
  name: "devices.create",
  permission: "devices.manage",
  schema: createDeviceSchema,
  expected,
  handler: async (input, { actor }) => {
    const device = await createDeviceInApp(actor, input);
    revalidateDevices(device.id);
    redirect(`/devices/${device.id}`);
  },
});

const updateDeviceImpl = defineAction({
  name: "devices.update",
  permission: "devices.manage",
  schema: updateDeviceSchema,
  expected,
  handler: async (input, { actor }) => {
    const device = await updateDeviceInApp(actor, input);
    revalidateDevices(device.id);
    redirect(`/devices/${device.id}`);
  },
});

const deleteDeviceImpl = defineAction({
  name: "devices.delete",
  permission: "devices.manage",
  schema: deleteDeviceSchema,
  expected,
  handler: async (input, { actor }) => {
    const device = await deleteDeviceInApp(actor, input);
    revalidateDevices(device.id);
    redirect("/devices");
  },
});

const testConnectionImpl = defineAction({
  name: "devices.test-connection",
  permission: "devices.testConnection",
  schema: testConnectionSchema,
  expected,
  handler: (input, { actor }): Promise<ConnectionTestResult> => testConnectionInApp(actor, input),
});

/** Adds a device (FormData of the device form). Permission devices.manage. Redirects to the device on success. */
export async function createDeviceAction(prev: ActionResult<never> | null, input: FormData): Promise<ActionResult<never>> {
  return createDeviceImpl(prev, input);
}

/** Saves the edit form (FormData with `id`; blank password = keep, refused when the connection target changed). Permission devices.manage. Redirects to the device. */
export async function updateDeviceAction(prev: ActionResult<never> | null, input: FormData): Promise<ActionResult<never>> {
  return updateDeviceImpl(prev, input);
}

/** Deletes a device (FormData `id` + `confirmName` = its exact name). Permission devices.manage. Redirects to /devices. */
export async function deleteDeviceAction(prev: ActionResult<never> | null, input: FormData): Promise<ActionResult<never>> {
  return deleteDeviceImpl(prev, input);
}

/**
 * Tests a router connection with the form's values (no save): reads identity, board, version and
 * uptime, or returns the error kind and RouterOS detail. A blank password with `deviceId` uses the
 * stored one only when URL, username, fingerprint and CA are unchanged. Permission devices.testConnection; audited as `device.test_connection`.
 */
export async function testConnectionAction(
  prev: ActionResult<ConnectionTestResult> | null,
  input: TestConnectionFormValues,
): Promise<ActionResult<ConnectionTestResult>> {
  return testConnectionImpl(prev, input);
}
