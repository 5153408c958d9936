"use server";

import { revalidatePath } from "next/cache";
import { addAllowListMac, removeAllowListMac } from "@/lib/alerts/admin-server";
import { allowListAddSchema, byIdSchema } from "@/lib/alerts/admin/schemas";
import { defineAction } from "@/lib/auth/action";

/**
 * Server actions of /alerts/allow-list (admins: alerts.manage, checked inside each action by defineAction and again by
 * lib/alerts/admin-server.ts). Each writes its audit event through lib/alerts/service.ts and revalidates the page.
 */

/** Adds a MAC to a site's or a device's allow-list (FormData: macAddress, scope site|device, siteId, deviceName, comment). Audited `alert.allowlist.add`. @returns the MAC as stored */
export const addAllowListMacAction = defineAction({
  name: "alerts.allowlist.add",
  permission: "alerts.manage",
  schema: allowListAddSchema,
  handler: async (input): Promise<string> => {
    await addAllowListMac(input);
    revalidatePath("/alerts/allow-list");
    return input.macAddress;
  },
});

/** Removes an allow-list entry (id). Audited `alert.allowlist.remove`. */
export const removeAllowListMacAction = defineAction({
  name: "alerts.allowlist.remove",
  permission: "alerts.manage",
  schema: byIdSchema,
  handler: async (input): Promise<null> => {
    await removeAllowListMac(input);
    revalidatePath("/alerts/allow-list");
    return null;
  },
});
