/**
 * The change-request service (docs/changes.md): preview, propose, approve, reject, schedule, apply and
 * reconcile. Every function takes the Prisma client first, so the web app (lib/changes/server.ts), the
 * worker (lib/changes/runner.ts) and tests share one implementation. Audit events: entityType
 * `change`, entityId = ChangeRequest.id (change.propose, .approve, .reject, .schedule, .cancel,
 * .apply_start, .router_call, .target, .finish, .reconcile); secrets never appear in them. Each event
 * that records a state change is appended in the same write transaction as that change (a crash leaves
 * both or neither); only `change.router_call`, which records a router call as it happens, is written on
 * its own.
 */
import type { Db } from "../db-client";
import { getKind } from "./kinds";
import type { ChangeActor, ChangePreview, ProposeInput } from "./service-types";
import type { ChangeStatusName } from "./types";
import { applyWith, type ApplyOptions } from "./workflow-apply";
import { cancelWith } from "./workflow-cancel";
import { approveWith, rejectWith, scheduleWith } from "./workflow-decide";
import type { KindLookup } from "./workflow-plan";
import { previewWith, proposeWith } from "./workflow-propose";
import { reconcileWith, type ReconcileOptions } from "./workflow-reconcile";

export {
  ChangeInputError,
  ChangeStateError,
  type ChangeActor,
  type ChangePreview,
  type FieldChangeView,
  type PlannedCallView,
  type ProposeInput,
  type TargetPreview,
} from "./service-types";
export type { KindLookup } from "./workflow-plan";
export type { ApplyOptions } from "./workflow-apply";
export type { ReconcileOptions } from "./workflow-reconcile";
export { expireMissedWindows } from "./workflow-apply";

/** Optional overrides of preview/propose: the kind registry (tests plug their own kinds in). */
export interface KindOptions {
  getKind?: KindLookup;
}

/**
 * Validates the proposal and plans it on every selected device by reading the routers (GET/print
 * only); stores nothing. Per device: field-by-field diff, the exact REST calls, notes, the
 * management-path check, or the plan error (RouterOS `detail` included).
 * @throws ChangeInputError for an unknown kind, invalid params (fieldErrors) or device selection
 */
export function previewChange(db: Db, input: ProposeInput, opts: KindOptions = {}): Promise<ChangePreview> {
  return previewWith(db, input, opts.getKind ?? getKind);
}

/**
 * Re-plans (never trusts a preview from the browser) and stores a PENDING request with its targets
 * (base state, plan), params with secrets as fingerprints, secrets sealed (AAD `change-secrets:<id>`)
 * and the proposal hash (SHA-256 of kind, params, fingerprints, each target's deviceId, base state and
 * plan). The request, its targets and `change.propose` commit in one write transaction.
 * @throws ChangeInputError when any target fails to plan or has nothing to change
 */
export function proposeChange(db: Db, actor: ChangeActor, input: ProposeInput, opts: KindOptions = {}): Promise<{ id: string; hash: string }> {
  return proposeWith(db, actor, input, opts.getKind ?? getKind);
}

/**
 * PENDING → APPROVED by an active ADMIN other than the proposer, bound to `hash`; a management cut
 * needs `allowManagementCut` (a boolean, nothing else). The update and `change.approve` commit together.
 * @throws ChangeInputError (`allowManagementCut` not a boolean), ChangeStateError (self-approval, stale hash, wrong state, not an admin, unflagged management cut)
 */
export function approveChange(db: Db, actor: ChangeActor, input: { id: string; hash: string; comment?: string; allowManagementCut?: boolean }): Promise<void> {
  return approveWith(db, actor, input);
}

/** PENDING → REJECTED with a reason (an ADMIN other than the proposer); the update and `change.reject` commit together. @throws ChangeInputError, ChangeStateError */
export function rejectChange(db: Db, actor: ChangeActor, input: { id: string; reason: string }): Promise<void> {
  return rejectWith(db, actor, input);
}

/**
 * APPROVED → SCHEDULED; no `windowStart` = now (the runner applies it within a tick), `windowEnd`
 * optional (not started by then → FAILED). Bounds (lib/changes/workflow-window.ts): start at most
 * 5 minutes in the past and 90 days ahead, end after the start, in the future and at most 24 hours
 * after the start. Atomic: the update and `change.schedule` commit together.
 * @throws ChangeInputError (window out of bounds; fieldErrors `windowStart` / `windowEnd`), ChangeStateError (wrong state, approval not bound to the hash)
 */
export function scheduleChange(db: Db, actor: ChangeActor, input: { id: string; windowStart?: Date; windowEnd?: Date }): Promise<void> {
  return scheduleWith(db, actor, input);
}

/**
 * PENDING, APPROVED or SCHEDULED → CANCELLED by the proposer or an active ADMIN, optional reason (at
 * most 500 characters). One write transaction: conditional status update (finishedAt now, sealed
 * secrets wiped), targets SKIPPED "cancelled", the request's device locks deleted, `change.cancel`
 * audited (before/after status, actor, reason). Never races the runner's claim (which takes only
 * SCHEDULED requests): one of them wins.
 * @throws ChangeInputError (reason too long), ChangeStateError (missing request, not the proposer nor an active ADMIN, APPLYING or finished)
 */
export function cancelChange(db: Db, actor: ChangeActor, input: { id: string; reason?: string }): Promise<void> {
  return cancelWith(db, actor, input);
}

/**
 * The runner's step (tests call it directly): claims a SCHEDULED, due request atomically → APPLYING →
 * drift check of every target → apply device by device → verify → undo on failure → final status.
 * The claim, the device locks and `change.apply_start` commit together, as does each target's final
 * status with `change.target` and the request's final status with `change.finish`. Returns
 * `SCHEDULED` when a device is locked by another change (nothing written; retried on a later tick).
 * @throws ChangeStateError when it is not SCHEDULED, not due, or another worker claimed it first; Error when a database write fails mid-way (left APPLYING for reconciliation)
 */
export function applyChange(db: Db, id: string, opts: ApplyOptions): Promise<ChangeStatusName> {
  return applyWith(db, id, opts);
}

/**
 * Reconciles requests left APPLYING by a dead worker by reading the routers (never applying again); the
 * final status and `change.reconcile` commit together. Returns how many.
 */
export function reconcileInterrupted(db: Db, opts: ReconcileOptions): Promise<number> {
  return reconcileWith(db, opts);
}
