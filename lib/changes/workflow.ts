/**
 * The change-request workflow (docs/changes.md), one module per step: preview and propose
 * (workflow-propose.ts), approve, reject and schedule (workflow-decide.ts), cancel (workflow-cancel.ts),
 * apply and missed windows (workflow-apply.ts), reconcile (workflow-reconcile.ts). Every step takes the
 * Prisma client first, so the web app's data layer (lib/changes/server.ts, which checks the caller's
 * permission), the worker (lib/changes/runner.ts), benches and tests call the same functions. Audit events:
 * entityType `change`, entityId = ChangeRequest.id (change.propose, .approve, .reject, .schedule, .cancel,
 * .apply_start, .router_call, .target, .finish, .reconcile); secrets never appear in them. Each event that
 * records a state change is appended in the same write transaction as that change (a crash leaves both or
 * neither); only `change.router_call`, which records a router call as it happens, is written on its own.
 * This file only re-exports: no call passes through it.
 */
export {
  ChangeInputError,
  ChangeStateError,
  type ChangeActor,
  type ChangePreview,
  type FieldChangeView,
  type PlannedCallView,
  type ProposeInput,
  type TargetPreview,
} from "./workflow-types";
export { applyChange, expireMissedWindows, type ApplyOptions } from "./workflow-apply";
export { cancelChange } from "./workflow-cancel";
export { approveChange, rejectChange, scheduleChange } from "./workflow-decide";
export type { KindLookup } from "./workflow-plan";
export { previewChange, proposeChange, type KindOptions } from "./workflow-propose";
export { reconcileInterrupted, type ReconcileOptions } from "./workflow-reconcile";
