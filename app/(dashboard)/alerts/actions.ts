"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { acknowledge, acknowledgeSchema, silence, silenceSchema } from "@/lib/alerts/server";

/**
 * Server actions of the alerts page (operators: alerts.acknowledge, checked inside each action by defineAction and
 * again by lib/alerts/server.ts). Each writes its audit event through lib/alerts and revalidates /alerts.
 */

/** Acknowledges an alert (FormData: id, note). Permission alerts.acknowledge; audited `alert.acknowledge`. */
export const acknowledgeAlertAction = defineAction({
  name: "alerts.acknowledge",
  permission: "alerts.acknowledge",
  schema: acknowledgeSchema,
  handler: async (input): Promise<null> => {
    await acknowledge(input);
    revalidatePath("/alerts");
    return null;
  },
});

/** Silences an alert for a number of minutes, 0 ends it (FormData: id, minutes). Permission alerts.acknowledge; audited `alert.silence`. */
export const silenceAlertAction = defineAction({
  name: "alerts.silence",
  permission: "alerts.acknowledge",
  schema: silenceSchema,
  handler: async (input): Promise<string | null> => {
    const until = await silence(input);
    revalidatePath("/alerts");
    return until?.toISOString() ?? null;
  },
});
