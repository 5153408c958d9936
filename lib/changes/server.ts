import "server-only";
import { db } from "../db";
import {
  approveChange,
  cancelChange,
  previewChange,
  proposeChange,
  rejectChange,
  scheduleChange,
  type ChangeActor,
  type ChangePreview,
  type ProposeInput,
} from "./service";

/**
 * The change service bound to the Next app's database (lib/db), for server actions and route
 * handlers. Same contracts (errors, audit events) as lib/changes/service.ts; authorization is the
 * caller's job (defineAction / withPermission).
 */

/** previewChange on the app database: reads the routers, stores nothing. @throws ChangeInputError */
export function previewChangeInApp(input: ProposeInput): Promise<ChangePreview> {
  return previewChange(db, input);
}

/** proposeChange on the app database. @throws ChangeInputError */
export function proposeChangeInApp(actor: ChangeActor, input: ProposeInput): Promise<{ id: string; hash: string }> {
  return proposeChange(db, actor, input);
}

/** approveChange on the app database. @throws ChangeStateError (self-approval, stale hash, wrong state, management cut not allowed) */
export function approveChangeInApp(actor: ChangeActor, input: { id: string; hash: string; comment?: string; allowManagementCut?: boolean }): Promise<void> {
  return approveChange(db, actor, input);
}

/** rejectChange on the app database. @throws ChangeStateError */
export function rejectChangeInApp(actor: ChangeActor, input: { id: string; reason: string }): Promise<void> {
  return rejectChange(db, actor, input);
}

/** scheduleChange on the app database. @throws ChangeStateError, ChangeInputError (window end before start) */
export function scheduleChangeInApp(actor: ChangeActor, input: { id: string; windowStart?: Date; windowEnd?: Date }): Promise<void> {
  return scheduleChange(db, actor, input);
}

/** cancelChange on the app database (the service checks the actor is the proposer or an active ADMIN). @throws ChangeInputError (reason too long), ChangeStateError (not allowed, APPLYING or finished) */
export function cancelChangeInApp(actor: ChangeActor, input: { id: string; reason?: string }): Promise<void> {
  return cancelChange(db, actor, input);
}
