"use server";

import { revalidatePath } from "next/cache";
import { defineAction, type ActionResult, type ExpectedErrorClass } from "@/lib/auth/action";
import { DeviceServiceError } from "@/lib/devices/errors";
import { addRouterNetworkSchema, removeRouterNetworkSchema, resetRouterNetworksSchema } from "@/lib/devices/router-networks";
import { addRouterNetworkInApp, removeRouterNetworkInApp, resetRouterNetworksInApp } from "@/lib/devices/server";

/**
 * Server actions of the router networks page (/devices/networks), permission devices.manage: defineAction (strict
 * zod schema → permission inside the action) → lib/devices/router-networks.ts (which audits every change) →
 * revalidatePath. Refusals (already listed, last network) come back as messages and field errors.
 */

const expected: readonly ExpectedErrorClass[] = [DeviceServiceError];

const addImpl = defineAction({
  name: "router-networks.add",
  permission: "devices.manage",
  schema: addRouterNetworkSchema,
  expected,
  handler: async (input, { actor }) => {
    const added = await addRouterNetworkInApp(actor, input);
    revalidatePath("/devices/networks");
    return added;
  },
});

const removeImpl = defineAction({
  name: "router-networks.remove",
  permission: "devices.manage",
  schema: removeRouterNetworkSchema,
  expected,
  handler: async (input, { actor }) => {
    const removed = await removeRouterNetworkInApp(actor, input);
    revalidatePath("/devices/networks");
    return removed;
  },
});

const resetImpl = defineAction({
  name: "router-networks.reset",
  permission: "devices.manage",
  schema: resetRouterNetworksSchema,
  expected,
  handler: async (_input, { actor }) => {
    const reset = await resetRouterNetworksInApp(actor);
    revalidatePath("/devices/networks");
    return reset;
  },
});

/** Adds a router network (FormData `cidr`, `comment`); the first one also copies the defaults in. Permission devices.manage. */
export async function addRouterNetworkAction(
  prev: ActionResult<{ id: string; cidr: string; copiedDefaults: string[] }> | null,
  input: FormData,
): Promise<ActionResult<{ id: string; cidr: string; copiedDefaults: string[] }>> {
  return addImpl(prev, input);
}

/** Removes a router network (FormData `id`); the last one cannot be removed. Permission devices.manage. */
export async function removeRouterNetworkAction(prev: ActionResult<{ cidr: string }> | null, input: FormData): Promise<ActionResult<{ cidr: string }>> {
  return removeImpl(prev, input);
}

/** Empties the list so the defaults apply again (FormData `confirm` = `defaults`). Permission devices.manage. */
export async function resetRouterNetworksAction(prev: ActionResult<{ removed: string[] }> | null, input: FormData): Promise<ActionResult<{ removed: string[] }>> {
  return resetImpl(prev, input);
}
