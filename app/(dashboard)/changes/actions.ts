"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, type ActionResult, type ExpectedErrorClass } from "@/lib/auth/action";
import { approveChangeInApp, cancelChangeInApp, previewChangeInApp, proposeChangeInApp, rejectChangeInApp, scheduleChangeInApp } from "@/lib/changes/server";
import { ChangeInputError, ChangeStateError, type ChangePreview } from "@/lib/changes/service";
import { PlanError } from "@/lib/changes/types";
import { approveSchema, cancelSchema, proposalSchema, rejectSchema, scheduleSchema, type ProposalInput } from "./action-schemas";

/**
 * Server actions of change requests. Each is built with defineAction (zod strict schema → permission
 * check inside the action → lib/changes service, which writes the audit events → revalidatePath).
 * Expected failures (bad params, wrong state, self-approval, stale hash, RouterOS `detail`) come back
 * as the action's message and field errors. No secret is ever returned: previews carry fingerprints only.
 */

/** The service's refusals (bad params, wrong state, self-approval, stale hash, RouterOS `detail`), shown as is. */
const expected: readonly ExpectedErrorClass[] = [ChangeInputError, ChangeStateError, PlanError];

function revalidateChange(id?: string): void {
  revalidatePath("/changes");
  if (id) revalidatePath(`/changes/${id}`);
}

const previewImpl = defineAction({
  name: "changes.preview",
  permission: "changes.propose",
  schema: proposalSchema,
  expected,
  handler: (input): Promise<ChangePreview> => previewChangeInApp(input),
});

const proposeImpl = defineAction({
  name: "changes.propose",
  permission: "changes.propose",
  schema: proposalSchema,
  expected,
  handler: async (input, { actor }) => {
    const { id } = await proposeChangeInApp(actor, input);
    revalidateChange(id);
    redirect(`/changes/${id}`);
  },
});

const approveImpl = defineAction({
  name: "changes.approve",
  permission: "changes.approve",
  schema: approveSchema,
  expected,
  handler: async (input, { actor }) => {
    await approveChangeInApp(actor, input);
    revalidateChange(input.id);
    return null;
  },
});

const rejectImpl = defineAction({
  name: "changes.reject",
  permission: "changes.approve",
  schema: rejectSchema,
  expected,
  handler: async (input, { actor }) => {
    await rejectChangeInApp(actor, input);
    revalidateChange(input.id);
    return null;
  },
});

const scheduleImpl = defineAction({
  name: "changes.schedule",
  permission: "changes.approve",
  schema: scheduleSchema,
  expected,
  handler: async (input, { actor }) => {
    const window = {
      windowStart: input.windowStart ? new Date(input.windowStart) : undefined,
      windowEnd: input.windowEnd ? new Date(input.windowEnd) : undefined,
    };
    await scheduleChangeInApp(actor, { id: input.id, ...window });
    revalidateChange(input.id);
    return null;
  },
});

// changes.propose keeps viewers out; the service then admits only the proposer or an active ADMIN.
const cancelImpl = defineAction({
  name: "changes.cancel",
  permission: "changes.propose",
  schema: cancelSchema,
  expected,
  handler: async (input, { actor }) => {
    await cancelChangeInApp(actor, input);
    revalidateChange(input.id);
    return null;
  },
});

/**
 * Previews a proposal on every selected device (router reads only, nothing stored): per device the
 * current vs proposed values, the REST calls, notes, errors (RouterOS `detail`) and the management-path
 * flag. Secret params come back only as fingerprints. Permission changes.propose.
 */
export async function previewChangeAction(prev: ActionResult<ChangePreview> | null, input: ProposalInput): Promise<ActionResult<ChangePreview>> {
  return previewImpl(prev, input);
}

/** Proposes a change (re-planned on the server; PENDING). Permission changes.propose. Redirects to the request. */
export async function proposeChangeAction(prev: ActionResult<never> | null, input: ProposalInput): Promise<ActionResult<never>> {
  return proposeImpl(prev, input);
}

/** Approves a PENDING request bound to `hash` (never one's own). Permission changes.approve. */
export async function approveChangeAction(prev: ActionResult<null> | null, input: FormData): Promise<ActionResult<null>> {
  return approveImpl(prev, input);
}

/** Rejects a PENDING request with a reason. Permission changes.approve. */
export async function rejectChangeAction(prev: ActionResult<null> | null, input: FormData): Promise<ActionResult<null>> {
  return rejectImpl(prev, input);
}

/** Applies an APPROVED request now (no window) or schedules it in a window (UTC ISO instants). Permission changes.approve. */
export async function scheduleChangeAction(prev: ActionResult<null> | null, input: FormData | { id: string; windowStart?: string; windowEnd?: string }): Promise<ActionResult<null>> {
  return scheduleImpl(prev, input);
}

/**
 * Cancels a PENDING, APPROVED or SCHEDULED request (optional reason, at most 500 characters). Permission
 * changes.propose; the service admits only the proposer or an active ADMIN and refuses once it is APPLYING or finished.
 */
export async function cancelChangeAction(prev: ActionResult<null> | null, input: FormData | { id: string; reason?: string }): Promise<ActionResult<null>> {
  return cancelImpl(prev, input);
}
