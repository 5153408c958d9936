import "server-only";
import type { Db } from "../db-client";
import { ChangeInputError, ChangeStateError, type ChangeActor } from "./workflow-types";
import { checkStoredProposal } from "./workflow-integrity";
import { changeWithEvent, parseStoredPlan } from "./workflow-shared";
import { windowProblems } from "./workflow-window";

async function loadRequest(db: Db, id: string) {
  const row = await db.changeRequest.findUnique({
    where: { id },
    include: { targets: { select: { plan: true, deviceName: true, deviceId: true, baseState: true }, orderBy: { position: "asc" } } },
  });
  if (!row) throw new ChangeStateError(`change request ${id} does not exist`);
  return row;
}

async function requireActiveAdmin(db: Db, actor: ChangeActor, what: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { role: true, disabled: true } });
  if (!user || user.disabled || user.role !== "ADMIN") throw new ChangeStateError(`only an active ADMIN can ${what} a change`);
}

/**
 * PENDING → APPROVED by an active ADMIN other than the proposer (whatever their role), bound to the
 * proposal hash the approver saw. A change whose plan disrupts a router's management interface needs
 * `allowManagementCut`. Atomic: one write transaction makes the update (it repeats the status and hash
 * conditions) and appends `change.approve`; when the update matches nothing, nothing is written.
 * The hash is recomputed from the stored params, base state and plan (checkStoredProposal): content
 * changed behind the hash column is refused.
 * @throws ChangeInputError when `allowManagementCut` is not a boolean (an untyped caller); ChangeStateError for a missing request, wrong status, self-approval, non-admin, stale hash, stored content not matching its hash, or an unflagged management cut
 */
export async function approveChange(
  db: Db,
  actor: ChangeActor,
  input: { id: string; hash: string; comment?: string; allowManagementCut?: boolean },
): Promise<void> {
  if (input.allowManagementCut !== undefined && typeof input.allowManagementCut !== "boolean") {
    throw new ChangeInputError("allowManagementCut: must be true or false", { allowManagementCut: ["must be true or false"] });
  }
  const row = await loadRequest(db, input.id);
  if (row.status !== "PENDING") throw new ChangeStateError(`the request is ${row.status}, not PENDING`);
  if (row.proposedById === actor.id) throw new ChangeStateError("nobody approves their own change");
  await requireActiveAdmin(db, actor, "approve");
  if (row.hash !== input.hash) throw new ChangeStateError("the proposal changed since you reviewed it (hash differs): review it again");
  const integrity = checkStoredProposal(row);
  if (integrity) throw new ChangeStateError(integrity);
  const cuts = row.targets.filter((t) => parseStoredPlan(t.plan).cutsManagementPath).map((t) => t.deviceName);
  if (cuts.length > 0 && !input.allowManagementCut) {
    throw new ChangeStateError(`the change cuts the management path of ${cuts.join(", ")}: approve it only with "allow management cut"`);
  }
  const allowManagementCut = cuts.length > 0 && input.allowManagementCut === true;
  const approved = await changeWithEvent(
    db,
    actor,
    async (tx) => {
      const done = await tx.changeRequest.updateMany({
        where: { id: input.id, status: "PENDING", hash: input.hash },
        data: {
          status: "APPROVED",
          decidedById: actor.id,
          decidedAt: new Date(),
          decisionComment: input.comment?.trim() || null,
          approvedHash: input.hash,
          allowManagementCut,
        },
      });
      return done.count > 0;
    },
    {
      action: "change.approve",
      id: input.id,
      after: { status: "APPROVED", hash: input.hash, comment: input.comment ?? null, allowManagementCut },
      before: { status: "PENDING" },
    },
  );
  if (!approved) throw new ChangeStateError("the request changed while you approved it: reload it");
}

/**
 * PENDING → REJECTED by an active ADMIN other than the proposer, with a reason. The conditional update
 * and its `change.reject` audit event commit in one write transaction.
 * @throws ChangeInputError for an empty reason; ChangeStateError for a missing request, wrong status, self-rejection or non-admin
 */
export async function rejectChange(db: Db, actor: ChangeActor, input: { id: string; reason: string }): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw new ChangeInputError("a reason is required", { reason: ["a reason is required"] });
  const row = await loadRequest(db, input.id);
  if (row.status !== "PENDING") throw new ChangeStateError(`the request is ${row.status}, not PENDING`);
  if (row.proposedById === actor.id) throw new ChangeStateError("nobody decides on their own change");
  await requireActiveAdmin(db, actor, "reject");
  const rejected = await changeWithEvent(
    db,
    actor,
    async (tx) => {
      const now = new Date();
      const done = await tx.changeRequest.updateMany({
        where: { id: input.id, status: "PENDING" },
        data: { status: "REJECTED", decidedById: actor.id, decidedAt: now, decisionComment: reason, finishedAt: now, secretsSealed: null },
      });
      return done.count > 0;
    },
    { action: "change.reject", id: input.id, after: { status: "REJECTED", reason }, before: { status: "PENDING" } },
  );
  if (!rejected) throw new ChangeStateError("the request changed while you rejected it: reload it");
}

/**
 * APPROVED → SCHEDULED with an apply window (UTC): `windowStart` defaults to now (the runner picks it
 * up on its next tick), `windowEnd` optional (a request not started by then fails). The window is
 * bounded (windowProblems): start at most 5 minutes in the past and at most 90 days ahead, end after the
 * start, in the future and at most 24 hours after the start. Atomic; refuses a request whose approval
 * is not bound to its current hash. Only an active ADMIN schedules. The conditional update and its
 * `change.schedule` audit event commit in one write transaction.
 * @throws ChangeInputError for a window out of bounds (message and fieldErrors name `windowStart` / `windowEnd`); ChangeStateError for a missing request, wrong status or non-admin
 */
export async function scheduleChange(db: Db, actor: ChangeActor, input: { id: string; windowStart?: Date; windowEnd?: Date }): Promise<void> {
  const now = new Date();
  const windowStart = input.windowStart ?? now;
  const problems = Object.entries(windowProblems(input, now));
  if (problems.length > 0) {
    throw new ChangeInputError(
      problems.map(([field, message]) => `${field}: ${message}`).join("; "),
      Object.fromEntries(problems.map(([field, message]) => [field, [message]])),
    );
  }
  const row = await loadRequest(db, input.id);
  await requireActiveAdmin(db, actor, "schedule");
  if (row.status !== "APPROVED") throw new ChangeStateError(`the request is ${row.status}, not APPROVED`);
  if (row.approvedHash !== row.hash) throw new ChangeStateError("the approval does not match the proposal: it needs a new approval");
  const windowEnd = input.windowEnd ?? null;
  const scheduled = await changeWithEvent(
    db,
    actor,
    async (tx) => {
      const done = await tx.changeRequest.updateMany({
        where: { id: input.id, status: "APPROVED", approvedHash: row.hash },
        data: { status: "SCHEDULED", windowStart, windowEnd },
      });
      return done.count > 0;
    },
    { action: "change.schedule", id: input.id, after: { status: "SCHEDULED", windowStart, windowEnd }, before: { status: "APPROVED" } },
  );
  if (!scheduled) throw new ChangeStateError("the request changed meanwhile: reload it");
}
