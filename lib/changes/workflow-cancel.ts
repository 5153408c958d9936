import "server-only";
import { appendAuditEventInTx } from "../audit/log";
import { can } from "../auth/permissions";
import type { Db } from "../db-client";
import { writeTransaction, type Tx } from "../db-transaction";
import { ChangeInputError, ChangeStateError, type ChangeActor } from "./workflow-types";
import { CANCEL_REASON_MAX, CANCELLABLE_STATUSES, isCancellable } from "./types";

/** ChangeTarget.error of every target of a cancelled request. */
const CANCELLED_TARGET_ERROR = "cancelled";

/**
 * Why the actor may not cancel the request, or null when they may: an active user who is either its
 * proposer (still holding `changes.propose`) or an ADMIN.
 */
async function cancelRefusal(tx: Tx, actorId: string, proposedById: string): Promise<string | null> {
  const user = await tx.user.findUnique({ where: { id: actorId }, select: { role: true, disabled: true } });
  const allowed = user !== null && !user.disabled && (user.role === "ADMIN" || (actorId === proposedById && can(user.role, "changes.propose")));
  return allowed ? null : "only the proposer of this change or an active ADMIN can cancel it";
}

/**
 * The cancel's transaction: checks, then the conditional update, the targets, the locks and the audit
 * event. Returns the refusal instead of throwing it: a refused cancel commits an empty transaction and the
 * caller turns the refusal into the user's error.
 */
async function cancelInTx(tx: Tx, actor: ChangeActor, id: string, reason: string | null): Promise<string | null> {
  const row = await tx.changeRequest.findUnique({ where: { id }, select: { status: true, proposedById: true } });
  if (!row) return `change request ${id} does not exist`;
  const refusal = await cancelRefusal(tx, actor.id, row.proposedById);
  if (refusal) return refusal;
  if (!isCancellable(row.status)) return `the request is ${row.status}: only a PENDING, APPROVED or SCHEDULED change can be cancelled`;
  const now = new Date();
  const done = await tx.changeRequest.updateMany({
    where: { id, status: { in: [...CANCELLABLE_STATUSES] } },
    data: { status: "CANCELLED", finishedAt: now, secretsSealed: null },
  });
  if (done.count === 0) return "the request changed while you cancelled it: reload it";
  await tx.changeTarget.updateMany({ where: { changeRequestId: id }, data: { status: "SKIPPED", error: CANCELLED_TARGET_ERROR, finishedAt: now } });
  await tx.deviceChangeLock.deleteMany({ where: { changeRequestId: id } });
  await appendAuditEventInTx(tx, actor, {
    action: "change.cancel",
    entityType: "change",
    entityId: id,
    before: { status: row.status },
    after: { status: "CANCELLED", by: actor.email, reason },
  });
  return null;
}

/**
 * PENDING, APPROVED or SCHEDULED → CANCELLED, by the proposer or an active ADMIN, with an optional
 * reason (at most 500 characters). One write transaction (writeTransaction: it holds SQLite's write
 * lock from its first statement) reads the request, checks who asks, and makes one conditional update
 * (status still cancellable → CANCELLED, finishedAt now, `secretsSealed` wiped); in the same
 * transaction every target becomes SKIPPED "cancelled", the request's DeviceChangeLock rows are
 * deleted and `change.cancel` is audited (before/after status, actor, reason). The runner's claim only
 * takes SCHEDULED requests, so a cancel and a claim racing each other have exactly one winner: a
 * cancelled request is never applied, and a claimed one (APPLYING) can no longer be cancelled.
 * @throws ChangeInputError for a reason over 500 characters (fieldErrors `reason`); ChangeStateError for a missing request, an actor who is neither the proposer nor an active ADMIN, or a status past SCHEDULED (APPLYING, APPLIED, REJECTED, …); nothing is written then
 */
export async function cancelChange(db: Db, actor: ChangeActor, input: { id: string; reason?: string }): Promise<void> {
  const reason = input.reason?.trim() || null;
  if (reason !== null && reason.length > CANCEL_REASON_MAX) {
    const message = `at most ${CANCEL_REASON_MAX} characters`;
    throw new ChangeInputError(`reason: ${message}`, { reason: [message] });
  }
  const refusal = await writeTransaction(db, (tx) => cancelInTx(tx, actor, input.id, reason));
  if (refusal) throw new ChangeStateError(refusal);
}
