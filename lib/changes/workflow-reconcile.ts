import "server-only";
import { unseal } from "../crypto/seal";
import type { Db } from "../db-client";
import { errorText } from "./engine/context";
import { expectedAfter, refId, writtenSecretFields } from "./engine/refs";
import { checkExpected } from "./engine/verify";
import { diffObject } from "./router-objects";
import type { ChangeTargetStatusName } from "./types";
import { changeSecretsAad } from "./workflow-propose";
import { secretsByTarget, type SecretsByTarget } from "./workflow-integrity";
import { CLAIM_MS, finishApplying, releaseStaleLocks, requestError, requestStatus } from "./workflow-shared";
import { closeRuns, openTargetRun, setTarget, type RunClientOptions, type TargetRun } from "./workflow-target-run";

/** Options of reconcileInterrupted: this worker's run id and the time claims are compared with (default now). */
export interface ReconcileOptions extends RunClientOptions {
  owner: string;
  now?: Date;
}

/**
 * Reconciles requests left APPLYING by a dead worker (claimUntil passed: a live worker renews its
 * claim every CLAIM_MS/3; a restarted worker has a fresh owner id, so its old claims lapse) by READING
 * the routers, never by applying again. Each target still PENDING or APPLYING: the touched objects
 * equal the expected after-state → APPLIED; equal the base → FAILED ("interrupted before any write
 * took effect; router unchanged"); otherwise NEEDS_ATTENTION listing the differing fields (also when
 * the router cannot be read). The request status follows the targets. Each target's status commits
 * with its `change.target` event; the request's final status, the deletion of its device locks and
 * `change.reconcile` commit in one write transaction (nothing, and no event, when another worker took
 * the request meanwhile). Releases stale device locks. Audits the router calls (phase `reconcile`).
 * @returns how many requests were reconciled
 */
export async function reconcileInterrupted(db: Db, opts: ReconcileOptions): Promise<number> {
  const now = opts.now ?? new Date();
  const stale = await db.changeRequest.findMany({
    where: { status: "APPLYING", OR: [{ claimUntil: null }, { claimUntil: { lt: now } }] },
    select: { id: true, kind: true, claimOwner: true, claimUntil: true, secretsSealed: true },
  });
  let count = 0;
  for (const row of stale) {
    const taken = await db.changeRequest.updateMany({
      where: { id: row.id, status: "APPLYING", claimOwner: row.claimOwner, claimUntil: row.claimUntil },
      data: { claimOwner: opts.owner, claimUntil: new Date(Date.now() + CLAIM_MS) },
    });
    if (taken.count === 0) continue;
    await reconcileOne(db, row, row.claimOwner, opts);
    count++;
  }
  await releaseStaleLocks(db, now);
  return count;
}

async function reconcileOne(
  db: Db,
  request: { id: string; kind: string; secretsSealed: string | null },
  previousOwner: string | null,
  opts: ReconcileOptions,
): Promise<void> {
  const { id, secretsSealed } = request;
  const targets = await db.changeTarget.findMany({ where: { changeRequestId: id }, orderBy: { position: "asc" }, include: { device: true } });
  let runs: TargetRun[] = [];
  try {
    let secrets: SecretsByTarget = () => ({});
    let secretsError: string | null = null;
    try {
      const sealed = secretsSealed ? (JSON.parse(unseal(secretsSealed, changeSecretsAad(id), opts.secretKey)) as Record<string, unknown>) : {};
      secrets = secretsByTarget(request.kind, sealed);
    } catch (err) {
      secretsError = `cannot open the sealed secrets: ${errorText(err)}`;
    }
    runs = targets.map((t) => openTargetRun(db, id, t, secrets(t.position), opts));
    for (const run of runs) {
      if (run.target.status !== "PENDING" && run.target.status !== "APPLYING") continue;
      const { status, error } = secretsError ? { status: "NEEDS_ATTENTION" as const, error: secretsError } : await readOutcome(run);
      await setTarget(db, run, status, error, { reconciled: true });
    }
  } finally {
    await closeRuns(runs);
  }
  const statuses = runs.map((r) => r.target.status as ChangeTargetStatusName);
  const status = requestStatus(statuses);
  const summary = requestError(
    runs.map((r) => r.target),
    status,
  );
  const error =
    status === "APPLIED"
      ? null
      : `interrupted while applying (worker ${previousOwner ?? "unknown"} stopped); reconciled from the routers: ${summary ?? "see the devices"}`;
  await finishApplying(db, id, opts.owner, { status, error }, "all", { action: "change.reconcile", after: { status, error, previousOwner } });
}

/** Reads one target's touched objects and classifies them against the expected after-state and the base. */
async function readOutcome(run: TargetRun): Promise<{ status: ChangeTargetStatusName; error: string | null }> {
  if (!run.ctx) return { status: "NEEDS_ATTENTION", error: `cannot read the router: ${run.clientError}` };
  const { client, recorder, secrets, showSensitive } = run.ctx;
  recorder.phase = "reconcile";
  const base = new Map(run.base.map((s) => [refId(s.ref), s]));
  const afterDiffs: string[] = [];
  const baseDiffs: string[] = [];
  let unknown = false;
  try {
    for (const expected of expectedAfter(run.plan.ops).values()) {
      const check = await checkExpected(client, expected, secrets, showSensitive);
      afterDiffs.push(...check.differences.map((d) => `${check.label}: ${d}`));
      if (check.unknownSecrets.length > 0) unknown = true;
      const snap = base.get(refId(expected.ref));
      if (snap)
        for (const d of diffObject(expected.ref, snap.values, check.row ? { ...check.row } : null))
          baseDiffs.push(`${expected.ref.label}: ${d.field} ${d.after ?? "(unset)"}, was ${d.before ?? "(unset)"}`);
      if (writtenSecretFields(expected.values).length > 0 && check.secretMismatches.length === 0 && check.unknownSecrets.length === 0)
        baseDiffs.push(`${expected.ref.label}: holds the new secret`);
    }
  } catch (err) {
    return { status: "NEEDS_ATTENTION", error: `interrupted; the router could not be read to reconcile: ${errorText(err)}` };
  }
  if (afterDiffs.length === 0 && !unknown) return { status: "APPLIED", error: null };
  if (baseDiffs.length === 0 && !unknown) return { status: "FAILED", error: "interrupted before any write took effect; router unchanged" };
  const lines = afterDiffs.length > 0 ? afterDiffs : baseDiffs;
  return {
    status: "NEEDS_ATTENTION",
    error: `interrupted; the router is neither as before nor as planned: ${lines.join("; ")}${unknown ? " (secret fields not readable)" : ""}`,
  };
}
