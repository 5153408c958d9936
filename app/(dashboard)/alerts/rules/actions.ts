"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createRule, deleteRule, updateRule } from "@/lib/alerts/admin-server";
import { byIdSchema, ruleEditSchema, ruleNewSchema } from "@/lib/alerts/admin/schemas";
import { defineAction } from "@/lib/auth/action";

/**
 * Server actions of /alerts/rules (admins: alerts.manage, checked inside each action by defineAction and again by
 * lib/alerts/admin-server.ts). Each writes its audit event through lib/alerts/service.ts and revalidates the alert pages.
 */

/** Creates a rule from a type (object: name, type, thresholds, scope fields, severity, enabled). Audited `alert.rule.create`. @returns its id */
export const createRuleAction = defineAction({
  name: "alerts.rule.create",
  permission: "alerts.manage",
  schema: ruleNewSchema,
  handler: async (input): Promise<string> => {
    const id = await createRule(input);
    revalidatePath("/alerts", "layout");
    return id;
  },
});

/** Edits a rule (object: id, thresholds, scope fields, severity, enabled). Audited `alert.rule.update`. */
export const updateRuleAction = defineAction({
  name: "alerts.rule.update",
  permission: "alerts.manage",
  schema: ruleEditSchema,
  handler: async (input): Promise<null> => {
    await updateRule(input);
    revalidatePath("/alerts", "layout");
    return null;
  },
});

/** Deletes a rule that is not built in (id), then goes to the rules (its page no longer exists). Audited `alert.rule.delete`. */
export const deleteRuleAction = defineAction({
  name: "alerts.rule.delete",
  permission: "alerts.manage",
  schema: byIdSchema,
  handler: async (input): Promise<null> => {
    await deleteRule(input);
    revalidatePath("/alerts", "layout");
    redirect("/alerts/rules");
  },
});
