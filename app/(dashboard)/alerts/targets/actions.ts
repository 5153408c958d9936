"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { deleteTarget, saveTarget, sendTestMessage, setTargetEnabled, type TestResult } from "@/lib/alerts/admin-server";
import { byIdSchema, targetEnabledSchema, targetFormSchema } from "@/lib/alerts/admin/schemas";
import { defineAction } from "@/lib/auth/action";

/**
 * Server actions of /alerts/targets (admins: alerts.manage, checked inside each action by defineAction and again by
 * lib/alerts/admin-server.ts). Each writes its audit event (without secrets) through lib/alerts/notify/targets.ts. A
 * generated HMAC secret is returned once by saveTargetAction and stored nowhere in clear.
 */

/** Creates or updates a webhook or e-mail target (object; `id` set: update). Audited `alert.target.create` / `update`. @returns its id and the generated secret, if any (once) */
export const saveTargetAction = defineAction({
  name: "alerts.target.save",
  permission: "alerts.manage",
  schema: targetFormSchema,
  handler: async (input): Promise<{ id: string; secret: string | null }> => {
    const saved = await saveTarget(input);
    revalidatePath("/alerts/targets", "layout");
    return saved;
  },
});

/** Enables or disables a target (object: id, enabled). Audited `alert.target.update`. */
export const setTargetEnabledAction = defineAction({
  name: "alerts.target.enable",
  permission: "alerts.manage",
  schema: targetEnabledSchema,
  handler: async (input): Promise<null> => {
    await setTargetEnabled(input);
    revalidatePath("/alerts/targets", "layout");
    return null;
  },
});

/** Deletes a target and its messages (id), then goes to the list (its page no longer exists). Audited `alert.target.delete`. */
export const deleteTargetAction = defineAction({
  name: "alerts.target.delete",
  permission: "alerts.manage",
  schema: byIdSchema,
  handler: async (input): Promise<null> => {
    await deleteTarget(input);
    revalidatePath("/alerts/targets", "layout");
    redirect("/alerts/targets");
  },
});

/** Sends a test message through the real dispatch path (id). Audited `alert.target.test`. @returns the message's state after its first attempt */
export const sendTestAction = defineAction({
  name: "alerts.target.test",
  permission: "alerts.manage",
  schema: byIdSchema,
  handler: async (input): Promise<TestResult> => {
    const result = await sendTestMessage(input);
    revalidatePath("/alerts/targets", "layout");
    return result;
  },
});
