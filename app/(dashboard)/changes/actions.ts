"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/auth/action";
import {
  approveChange,
  cancelChange,
  previewChange,
  previewTemplate,
  proposeChange,
  proposeTemplate,
  rejectChange,
  scheduleChange,
} from "@/lib/changes/server";
import { templateActionSchema } from "@/lib/changes/templates/schema";
import { approveSchema, cancelSchema, proposalSchema, rejectSchema, scheduleSchema } from "./action-schemas";

/**
 * Server actions of change requests, each defined once with defineAction (zod strict schema → permission
 * check inside the action → lib/changes/server.ts, which checks it again and writes the audit events →
 * revalidatePath). Expected failures (bad params, wrong state, self-approval, stale hash, RouterOS
 * `detail`) come back as the action's message and field errors. No secret is ever returned: previews
 * carry fingerprints only.
 */

function revalidateChange(id?: string): void {
  revalidatePath("/changes");
  if (id) revalidatePath(`/changes/${id}`);
}

/**
 * Previews a proposal on every selected device (router reads only, nothing stored): per device the
 * current vs proposed values, the REST calls, notes, errors (RouterOS `detail`) and the management-path
 * flag. Secret params come back only as fingerprints. Permission changes.propose.
 */
export const previewChangeAction = defineAction({
  name: "changes.preview",
  permission: "changes.propose",
  schema: proposalSchema,
  handler: (input) => previewChange(input),
});

/** Proposes a change (re-planned on the server; PENDING). Permission changes.propose. Redirects to the request. */
export const proposeChangeAction = defineAction({
  name: "changes.propose",
  permission: "changes.propose",
  schema: proposalSchema,
  handler: async (input) => {
    const { id } = await proposeChange(input);
    revalidateChange(id);
    redirect(`/changes/${id}`);
  },
});

/**
 * Previews a template's set-up (lib/changes/templates): every step planned on its router, router reads only,
 * nothing stored. Permission changes.propose.
 */
export const previewTemplateAction = defineAction({
  name: "changes.preview_template",
  permission: "changes.propose",
  schema: templateActionSchema,
  handler: (input) => previewTemplate(input),
});

/** Proposes a template's set-up as one request (re-built and re-planned on the server). Permission changes.propose. Redirects to it. */
export const proposeTemplateAction = defineAction({
  name: "changes.propose_template",
  permission: "changes.propose",
  schema: templateActionSchema,
  handler: async (input) => {
    const { id } = await proposeTemplate(input);
    revalidateChange(id);
    redirect(`/changes/${id}`);
  },
});

/** Approves a PENDING request bound to `hash` (never one's own). Permission changes.approve. */
export const approveChangeAction = defineAction({
  name: "changes.approve",
  permission: "changes.approve",
  schema: approveSchema,
  handler: async (input) => {
    await approveChange(input);
    revalidateChange(input.id);
    return null;
  },
});

/** Rejects a PENDING request with a reason. Permission changes.approve. */
export const rejectChangeAction = defineAction({
  name: "changes.reject",
  permission: "changes.approve",
  schema: rejectSchema,
  handler: async (input) => {
    await rejectChange(input);
    revalidateChange(input.id);
    return null;
  },
});

/** Applies an APPROVED request now (no window) or schedules it in a window (UTC ISO instants). Permission changes.approve. */
export const scheduleChangeAction = defineAction({
  name: "changes.schedule",
  permission: "changes.approve",
  schema: scheduleSchema,
  handler: async (input) => {
    await scheduleChange({
      id: input.id,
      windowStart: input.windowStart ? new Date(input.windowStart) : undefined,
      windowEnd: input.windowEnd ? new Date(input.windowEnd) : undefined,
    });
    revalidateChange(input.id);
    return null;
  },
});

/**
 * Cancels a PENDING, APPROVED or SCHEDULED request (optional reason, at most 500 characters). Permission
 * changes.propose (keeps viewers out); the workflow admits only the proposer or an active ADMIN and refuses
 * once it is APPLYING or finished.
 */
export const cancelChangeAction = defineAction({
  name: "changes.cancel",
  permission: "changes.propose",
  schema: cancelSchema,
  handler: async (input) => {
    await cancelChange(input);
    revalidateChange(input.id);
    return null;
  },
});
