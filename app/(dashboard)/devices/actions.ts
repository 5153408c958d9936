"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/auth/action";
import { createDeviceSchema, deleteDeviceSchema, testConnectionSchema, updateDeviceSchema } from "@/lib/devices/schema";
import { createDevice, deleteDevice, testConnection, updateDevice } from "@/lib/devices/server";

/**
 * Server actions of the device inventory (admin only), each defined once with defineAction: zod strict
 * schema → permission check inside the action → lib/devices/server.ts (which checks it again; the service
 * writes the audit event) → revalidatePath. Expected failures (duplicate name, wrong confirmation) come
 * back as field errors.
 */

function revalidateDevices(id?: string): void {
  revalidatePath("/");
  revalidatePath("/devices");
  if (id) revalidatePath(`/devices/${id}`, "layout");
}

/** Adds a device (FormData of the device form). Permission devices.manage. Redirects to the device on success. */
export const createDeviceAction = defineAction({
  name: "devices.create",
  permission: "devices.manage",
  schema: createDeviceSchema,
  handler: async (input) => {
    const device = await createDevice(input);
    revalidateDevices(device.id);
    redirect(`/devices/${device.id}`);
  },
});

/** Saves the edit form (FormData with `id`; blank password = keep, refused when the connection target changed). Permission devices.manage. Redirects to the device. */
export const updateDeviceAction = defineAction({
  name: "devices.update",
  permission: "devices.manage",
  schema: updateDeviceSchema,
  handler: async (input) => {
    const device = await updateDevice(input);
    revalidateDevices(device.id);
    redirect(`/devices/${device.id}`);
  },
});

/** Deletes a device (FormData `id` + `confirmName` = its exact name). Permission devices.manage. Redirects to /devices. */
export const deleteDeviceAction = defineAction({
  name: "devices.delete",
  permission: "devices.manage",
  schema: deleteDeviceSchema,
  handler: async (input) => {
    const device = await deleteDevice(input);
    revalidateDevices(device.id);
    redirect("/devices");
  },
});

/**
 * Tests a router connection with the form's values (no save): reads identity, board, version and
 * uptime, or returns the error kind and RouterOS detail. A blank password with `deviceId` uses the
 * stored one only when URL, username, fingerprint and CA are unchanged. Permission devices.testConnection; audited as `device.test_connection`.
 */
export const testConnectionAction = defineAction({
  name: "devices.test-connection",
  permission: "devices.testConnection",
  schema: testConnectionSchema,
  handler: (input) => testConnection(input),
});
