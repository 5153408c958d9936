import "server-only";
import { cache } from "react";
import { auditActor, requirePermission } from "../auth/session";
import { db } from "../db";
import type { ChangeDetailDto, ChangeDeviceOption, ChangeFilterOptions, ChangeListPage, ChangeListQuery, ChangeSuggestions } from "./dto";
import { queryChangeDetail, queryChangeDeviceOptions, queryChangeFilterOptions, queryChangeList, queryChangeSuggestions } from "./queries";
import type { TemplatePreview } from "./templates/schema";
import * as templates from "./templates/service";
import * as workflow from "./workflow";
import type { ChangePreview, ProposeInput } from "./workflow";

/**
 * The change requests' data layer (CODE_STYLE.md "Data layer"): what pages, server actions and
 * `app/api/changes/**` call. Server-only, on the app's database (lib/db). Every function checks its
 * permission first (requirePermission: the signed-in user from the session), reads return DTOs
 * (lib/changes/dto.ts, no sealed secret is ever selected), and writes run the workflow step
 * (lib/changes/workflow.ts) as the signed-in user, with the request's client address and a fresh request id
 * in their audit events.
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/permissions.ts)
 */

/** A page of the queue with per-status counts. Permission: changes.read. */
export async function listChanges(query: ChangeListQuery): Promise<ChangeListPage> {
  await requirePermission("changes.read");
  return queryChangeList(db, query);
}

/** Devices and proposers for the queue's filters. Permission: changes.read. */
export async function listChangeFilterOptions(): Promise<ChangeFilterOptions> {
  await requirePermission("changes.read");
  return queryChangeFilterOptions(db);
}

/**
 * One request with targets, steps and history; null when it does not exist. Permission: changes.read.
 * Cached per request (React `cache`): the page's generateMetadata and the page share one read.
 */
export const getChange = cache(async (id: string): Promise<ChangeDetailDto | null> => {
  await requirePermission("changes.read");
  return queryChangeDetail(db, id);
});

/** Every device (site, tags, version) for the target picker. Permission: changes.propose. */
export async function listChangeDeviceOptions(): Promise<ChangeDeviceOption[]> {
  await requirePermission("changes.propose");
  return queryChangeDeviceOptions(db);
}

/** Polled names of the devices `deviceIds`, merged, for the form's suggestions. Permission: changes.propose. */
export async function getChangeSuggestions(deviceIds: string[]): Promise<ChangeSuggestions> {
  await requirePermission("changes.propose");
  return queryChangeSuggestions(db, deviceIds);
}

/**
 * Plans a proposal on every selected device by reading the routers; stores nothing (workflow
 * previewChange). Permission: changes.propose.
 * @throws ChangeInputError (unknown kind, invalid params with fieldErrors, bad device selection)
 */
export async function previewChange(input: ProposeInput): Promise<ChangePreview> {
  await requirePermission("changes.propose");
  return workflow.previewChange(db, input);
}

/**
 * Re-plans and stores a PENDING request proposed by the signed-in user (workflow proposeChange).
 * Permission: changes.propose.
 * @returns the request's id and proposal hash
 * @throws ChangeInputError (invalid input, a device that fails to plan or has nothing to change)
 */
export async function proposeChange(input: ProposeInput): Promise<{ id: string; hash: string }> {
  const user = await requirePermission("changes.propose");
  return workflow.proposeChange(db, await auditActor(user), input);
}

/**
 * PENDING → APPROVED by the signed-in user, bound to `hash` (workflow approveChange). Permission: changes.approve.
 * @throws ChangeInputError, ChangeStateError (self-approval, stale hash, wrong state, unflagged management cut)
 */
export async function approveChange(input: { id: string; hash: string; comment?: string; allowManagementCut?: boolean }): Promise<void> {
  const user = await requirePermission("changes.approve");
  return workflow.approveChange(db, await auditActor(user), input);
}

/** PENDING → REJECTED with a reason (workflow rejectChange). Permission: changes.approve. @throws ChangeInputError, ChangeStateError */
export async function rejectChange(input: { id: string; reason: string }): Promise<void> {
  const user = await requirePermission("changes.approve");
  return workflow.rejectChange(db, await auditActor(user), input);
}

/**
 * APPROVED → SCHEDULED in a window (UTC; no start = now) (workflow scheduleChange). Permission: changes.approve.
 * @throws ChangeInputError (window out of bounds), ChangeStateError (wrong state, approval not bound to the hash)
 */
export async function scheduleChange(input: { id: string; windowStart?: Date; windowEnd?: Date }): Promise<void> {
  const user = await requirePermission("changes.approve");
  return workflow.scheduleChange(db, await auditActor(user), input);
}

/**
 * Cancels a PENDING, APPROVED or SCHEDULED request (workflow cancelChange). Permission: changes.propose, keeping
 * viewers out; the workflow then admits only the proposer or an active ADMIN.
 * @throws ChangeInputError (reason too long), ChangeStateError (not allowed, APPLYING or finished)
 */
export async function cancelChange(input: { id: string; reason?: string }): Promise<void> {
  const user = await requirePermission("changes.propose");
  return workflow.cancelChange(db, await auditActor(user), input);
}

/**
 * Builds a template's set-up from its form input and plans every step (router reads only; nothing stored).
 * Permission: changes.propose.
 * @throws ChangeInputError (unknown template, invalid fields by form field, a router that cannot be read)
 */
export async function previewTemplate(input: { template: string; input: unknown }): Promise<TemplatePreview> {
  await requirePermission("changes.propose");
  return templates.previewTemplate(db, input.template, input.input);
}

/**
 * Builds, re-plans and stores a template's set-up as one PENDING request proposed by the signed-in user (one
 * approval covers every step). Permission: changes.propose.
 * @throws ChangeInputError (invalid fields, a step that cannot be planned)
 */
export async function proposeTemplate(input: { template: string; input: unknown }): Promise<{ id: string; hash: string }> {
  const user = await requirePermission("changes.propose");
  return templates.proposeTemplate(db, await auditActor(user), input.template, input.input);
}
