/**
 * The change-request service (docs/changes.md): preview, propose, approve, reject, schedule, apply and
 * reconcile. Every function takes the Prisma client first, so the web app (lib/changes/server.ts), the
 * worker (lib/changes/runner.ts) and tests share one implementation.
 */
import type { Db } from "../db-client";
import type { ChangeActor, ChangePreview, ProposeInput } from "./service-types";
import type { ChangeStatusName } from "./types";

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

function notImplemented(): never {
  throw new Error("not implemented");
}

/** Plans the change on every selected device (router reads only) and returns the preview; stores nothing. */
export async function previewChange(db: Db, input: ProposeInput): Promise<ChangePreview> {
  void db;
  void input;
  return notImplemented();
}

/** Re-plans and stores a PENDING request. */
export async function proposeChange(db: Db, actor: ChangeActor, input: ProposeInput): Promise<{ id: string; hash: string }> {
  void db;
  void actor;
  void input;
  return notImplemented();
}

/** PENDING → APPROVED. */
export async function approveChange(db: Db, actor: ChangeActor, input: { id: string; hash: string; comment?: string; allowManagementCut?: boolean }): Promise<void> {
  void db;
  void actor;
  void input;
  return notImplemented();
}

/** PENDING → REJECTED. */
export async function rejectChange(db: Db, actor: ChangeActor, input: { id: string; reason: string }): Promise<void> {
  void db;
  void actor;
  void input;
  return notImplemented();
}

/** APPROVED → SCHEDULED. */
export async function scheduleChange(db: Db, actor: ChangeActor, input: { id: string; windowStart?: Date; windowEnd?: Date }): Promise<void> {
  void db;
  void actor;
  void input;
  return notImplemented();
}

/** Claims a due SCHEDULED request and applies it. */
export async function applyChange(db: Db, id: string, opts: { owner: string; now?: Date }): Promise<ChangeStatusName> {
  void db;
  void id;
  void opts;
  return notImplemented();
}

/** Reconciles requests left APPLYING by a crashed worker. */
export async function reconcileInterrupted(db: Db, opts: { owner: string; now?: Date }): Promise<number> {
  void db;
  void opts;
  return notImplemented();
}
