"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { addRouterNetworkSchema, removeRouterNetworkSchema, resetRouterNetworksSchema } from "@/lib/devices/router-networks";
import { addRouterNetwork, removeRouterNetwork, resetRouterNetworks } from "@/lib/devices/server";

/**
 * Server actions of the router networks page (/devices/networks), permission devices.manage, each defined once
 * with defineAction (strict zod schema → permission inside the action) → lib/devices/server.ts (which checks it
 * again; lib/devices/router-networks.ts audits every change) → revalidatePath. Refusals (already listed, last
 * network) come back as messages and field errors.
 */

/** Adds a router network (FormData `cidr`, `comment`); the first one also copies the defaults in. Permission devices.manage. */
export const addRouterNetworkAction = defineAction({
  name: "router-networks.add",
  permission: "devices.manage",
  schema: addRouterNetworkSchema,
  handler: async (input) => {
    const added = await addRouterNetwork(input);
    revalidatePath("/devices/networks");
    return added;
  },
});

/** Removes a router network (FormData `id`); the last one cannot be removed. Permission devices.manage. */
export const removeRouterNetworkAction = defineAction({
  name: "router-networks.remove",
  permission: "devices.manage",
  schema: removeRouterNetworkSchema,
  handler: async (input) => {
    const removed = await removeRouterNetwork(input);
    revalidatePath("/devices/networks");
    return removed;
  },
});

/** Empties the list so the defaults apply again (FormData `confirm` = `defaults`). Permission devices.manage. */
export const resetRouterNetworksAction = defineAction({
  name: "router-networks.reset",
  permission: "devices.manage",
  schema: resetRouterNetworksSchema,
  handler: async () => {
    const reset = await resetRouterNetworks();
    revalidatePath("/devices/networks");
    return reset;
  },
});
