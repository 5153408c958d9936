import "server-only";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import type { Db } from "../db-client";
import { writeTransaction, type Tx } from "../db-transaction";
import type { ChangeStep } from "./engine/steps";
import type { ChainOrderView, ChangeStatusName, ChangeTargetStatusName, ObjectSnapshot, PlannedOp } from "./types";

/** How long a worker's claim on an APPLYING request (and its device locks) lasts without renewal, ms. Renewed every third of it. */
export const CLAIM_MS = 30_000;

/** ChangeTarget.plan as stored: the ChangePlan without `base`, plus the management-path check made when proposed. */
export interface StoredPlan {
  ops: PlannedOp[];
  notes: string[];
  disruptsInterfaces: string[];
  cutsManagementPath: boolean;
  managementInterface: string | null;
  /** ChangePlan.order (firewall chains after the change), absent for kinds that change no ordered menu. */
  order?: ChainOrderView[];
}

/** Parses ChangeTarget.plan (written by proposeChange). @throws SyntaxError on corrupt JSON */
export function parseStoredPlan(text: string): StoredPlan {
  return JSON.parse(text) as StoredPlan;
}

/** Parses ChangeTarget.baseState (ObjectSnapshot[], written by proposeChange). @throws SyntaxError on corrupt JSON */
export function parseBaseState(text: string): ObjectSnapshot[] {
  return JSON.parse(text) as ObjectSnapshot[];
}

/** Parses ChangeTarget.steps. */
export function parseSteps(text: string): ChangeStep[] {
  return JSON.parse(text) as ChangeStep[];
}

const SEVERITY: ChangeTargetStatusName[] = ["CONFLICT", "ROLLED_BACK", "FAILED", "NEEDS_ATTENTION"];

/**
 * The request status from its targets: APPLIED only when every target is APPLIED; partly applied (some
 * APPLIED, others not) → NEEDS_ATTENTION, since FAILED / ROLLED_BACK mean "nothing took effect";
 * otherwise the worst target status wins, NEEDS_ATTENTION > FAILED > ROLLED_BACK > CONFLICT (SKIPPED
 * ranks below; a request with only SKIPPED targets cannot happen and reads FAILED).
 */
export function requestStatus(statuses: ChangeTargetStatusName[]): ChangeStatusName {
  if (statuses.length > 0 && statuses.every((s) => s === "APPLIED")) return "APPLIED";
  if (statuses.includes("APPLIED")) return "NEEDS_ATTENTION";
  let worst = -1;
  for (const s of statuses) worst = Math.max(worst, SEVERITY.indexOf(s));
  return worst < 0 ? "FAILED" : (SEVERITY[worst] as ChangeStatusName);
}

/** An audit event about a change request: `id` is the ChangeRequest id (entityType `change`). */
export interface ChangeEvent {
  action: string;
  id: string;
  after: unknown;
  before?: unknown;
}

/**
 * Appends one audit event about a change inside the write transaction of the state change it records
 * (lib/db-transaction.ts `writeTransaction`), so both commit or neither does. Events that record no state
 * change (`change.router_call`) are written on their own, with appendAuditEvent.
 * @throws the database error (the caller's transaction then rolls back)
 */
export function auditChange(tx: Tx, actor: AuditActor | null, event: ChangeEvent): Promise<unknown> {
  const { action, id, after, before } = event;
  return appendAuditEventInTx(tx, actor, { action, entityType: "change", entityId: id, after, ...(before === undefined ? {} : { before }) });
}

/**
 * Makes one conditional state change of a request and records it, in one write transaction (which
 * holds SQLite's write lock from its first statement): `change` runs first, using only `tx` (it may run
 * again when the database is busy), and returns whether its conditional update matched; only then is
 * `event` appended. The state and its event commit together, or nothing does.
 * @returns true when the change was made and recorded; false when `change` matched nothing (no event)
 * @throws the database error (nothing is written)
 */
export function changeWithEvent(db: Db, actor: AuditActor | null, change: (tx: Tx) => Promise<boolean>, event: ChangeEvent): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    if (!(await change(tx))) return false;
    await auditChange(tx, actor, event);
    return true;
  });
}

/** Removes device locks whose holder's `until` has passed (a crashed worker's). */
export function releaseStaleLocks(db: Db, now: Date): Promise<unknown> {
  return db.deviceChangeLock.deleteMany({ where: { until: { lt: now } } });
}

/**
 * The request's error from its targets (null when every target is APPLIED):
 * `partially applied: N of M devices (names); <first failure>` when some are APPLIED, else the first
 * failure as `<device>: <error>` (the first target whose status is the request's, else any with an error).
 */
export function requestError(targets: { deviceName: string; status: string; error: string | null }[], status: ChangeStatusName): string | null {
  if (status === "APPLIED") return null;
  const failed = targets.filter((t) => t.status !== "APPLIED" && t.status !== "SKIPPED" && t.error);
  const first = failed.find((t) => t.status === status) ?? failed[0] ?? targets.find((t) => t.error && t.status !== "APPLIED");
  const failure = first ? `${first.deviceName}: ${first.error}` : "failed";
  const applied = targets.filter((t) => t.status === "APPLIED").map((t) => t.deviceName);
  if (applied.length === 0) return failure;
  return `partially applied: ${applied.length} of ${targets.length} devices (${applied.join(", ")}); ${failure}`;
}

/**
 * `secretsSealed` for a request's final update: dropped (null) once it ends APPLIED, ROLLED_BACK,
 * CONFLICT or FAILED (REJECTED and a missed window drop it too); kept (undefined = column unchanged)
 * for NEEDS_ATTENTION, where a human may still need the sealed value to repair the router.
 */
export function keptSecrets(status: ChangeStatusName): null | undefined {
  return status === "NEEDS_ATTENTION" ? undefined : null;
}

/**
 * Ends an APPLYING request that `owner` still claims: its final `status` and `error`, `finishedAt`, the
 * claim cleared, the sealed secrets dropped per {@link keptSecrets}, and its device locks released (only
 * `owner`'s after an application; every one after reconciling an interrupted one), with `event`, in one
 * write transaction.
 * @returns false when `owner` no longer holds the claim (nothing written)
 */
export function finishApplying(
  db: Db,
  id: string,
  owner: string,
  outcome: { status: ChangeStatusName; error: string | null },
  locks: "owned" | "all",
  event: Omit<ChangeEvent, "id" | "before">,
): Promise<boolean> {
  const { status, error } = outcome;
  return changeWithEvent(
    db,
    null,
    async (tx) => {
      const done = await tx.changeRequest.updateMany({
        where: { id, claimOwner: owner, status: "APPLYING" },
        data: { status, error, finishedAt: new Date(), claimUntil: null, secretsSealed: keptSecrets(status) },
      });
      if (done.count === 0) return false;
      await tx.deviceChangeLock.deleteMany({ where: locks === "owned" ? { changeRequestId: id, owner } : { changeRequestId: id } });
      return true;
    },
    { ...event, id, before: { status: "APPLYING" } },
  );
}
