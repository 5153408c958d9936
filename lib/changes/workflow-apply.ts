import "server-only";
import { backUpAroundChange, type ChangeBackupOptions } from "../backups/change-hook";
import { unseal } from "../crypto/seal";
import type { Db } from "../db-client";
import { writeTransaction, type Tx } from "../db-transaction";
import { errorText } from "./engine/context";
import { cutsManagementPath, findManagementInterface } from "./engine/management-path";
import { applyTargetOps } from "./engine/run-target";
import { driftCheck } from "./engine/verify";
import { ChangeStateError } from "./workflow-types";
import type { ChangeStatusName, ChangeTargetStatusName } from "./types";
import { applySetUpSteps, setUpError, setUpStatus, type SetUpRunOptions } from "./setup/apply";
import { SET_UP_KIND } from "./setup/types";
import { checkSecretFingerprints, checkStoredProposal, parseStoredSetUp, secretsByTarget, type SecretsByTarget } from "./workflow-integrity";
import { changeSecretsAad } from "./workflow-propose";
import { auditChange, changeWithEvent, CLAIM_MS, finishApplying, requestError, requestStatus } from "./workflow-shared";
import { closeRuns, openTargetRun, saveTarget, setTarget, type RunClientOptions, type TargetRun } from "./workflow-target-run";

/** Options of applyChange: the worker's run id, the time used for due/window checks (default now), client settings. */
export interface ApplyOptions extends RunClientOptions {
  owner: string;
  now?: Date;
  /** How often a set-up's settle check reads the routers, ms (default 1 000; tests pass less). */
  settlePollMs?: number;
}

/**
 * Fails every SCHEDULED request whose window ended before it started (`windowEnd` < now), with a clear
 * error: per request, one write transaction makes the conditional update (still SCHEDULED → FAILED),
 * sets its targets SKIPPED "window missed" and appends `change.finish`. Returns how many.
 * @throws the database error (the request being failed keeps its status; earlier ones stay failed)
 */
export async function expireMissedWindows(db: Db, now: Date): Promise<number> {
  const missed = await db.changeRequest.findMany({ where: { status: "SCHEDULED", windowEnd: { lt: now } }, select: { id: true, windowEnd: true } });
  let count = 0;
  for (const row of missed) {
    const error = `missed its window: not started before ${row.windowEnd?.toISOString()} (UTC); nothing was applied`;
    const failed = await failScheduled(db, row.id, error, "window missed", now);
    if (failed) count++;
  }
  return count;
}

/**
 * The runner's step for one request (docs/changes.md): just before the claim it recomputes the proposal
 * hash from the stored params, base states and plans and checks each unsealed secret against its stored
 * fingerprint (a mismatch → FAILED "stored proposal does not match its hash" / "the sealed cak does not
 * match its stored fingerprint", audited, no router call); then, in one write transaction, claims it
 * (SCHEDULED, due, approval bound to the current hash → APPLYING with claimOwner/claimUntil; a lost
 * race, against another worker or a cancel, throws: a CANCELLED request is never claimed), locks its
 * devices (DeviceChangeLock) and appends `change.apply_start`; a device busy with another change leaves
 * the request SCHEDULED, unclaimed, and returns `SCHEDULED`. It drift-checks every target (and
 * re-checks the management path), backs up each router (`before_change`), then applies device by device; the
 * first failing device stops the rest (SKIPPED); once something was written it backs the routers up again
 * (`after_change`) before the final status (lib/backups/change-hook.ts: bounded, never fails the change). Each target's final status commits with its `change.target` event, and the request's
 * final status with the release of its locks and `change.finish`. The claim and locks are renewed
 * while it works; an unexpected error leaves the request APPLYING, and its device locks held, for
 * reconcileInterrupted (which releases them) or until the locks' `until` passes.
 * @returns the final status (or `SCHEDULED` when a device was busy)
 * @throws ChangeStateError when the request is missing, not SCHEDULED (e.g. CANCELLED), not due, or claimed by another worker; Error when a database write fails or the claim was lost before the final status was written (the request is left APPLYING for reconciliation)
 */
export async function applyChange(db: Db, id: string, opts: ApplyOptions): Promise<ChangeStatusName> {
  const now = opts.now ?? new Date();
  const row = await db.changeRequest.findUnique({ where: { id } });
  if (!row) throw new ChangeStateError(`change request ${id} does not exist`);
  if (row.status !== "SCHEDULED") throw new ChangeStateError(`the request is ${row.status}, not SCHEDULED`);
  if (row.windowEnd && row.windowEnd < now) {
    await expireMissedWindows(db, now);
    return "FAILED";
  }
  if (!row.windowStart || row.windowStart > now) throw new ChangeStateError("the request's window has not started");
  if (row.approvedHash !== row.hash) throw new ChangeStateError("the approval does not match the proposal");
  const targets = await db.changeTarget.findMany({ where: { changeRequestId: id }, orderBy: { position: "asc" }, include: { device: true } });
  let secrets: SecretsByTarget = () => ({});
  let integrity = checkStoredProposal({ ...row, targets });
  if (!integrity) {
    try {
      const sealed = row.secretsSealed ? (JSON.parse(unseal(row.secretsSealed, changeSecretsAad(id), opts.secretKey)) as Record<string, unknown>) : {};
      integrity = checkSecretFingerprints(row.kind, row.params, sealed);
      secrets = secretsByTarget(row.kind, sealed);
    } catch (err) {
      integrity = `cannot open the sealed secrets: ${errorText(err)}; nothing was applied`;
    }
  }
  if (integrity) return refuseTampered(db, id, integrity, now);
  const claim: Claim = {
    id,
    hash: row.hash,
    now,
    owner: opts.owner,
    deviceIds: [...new Set(targets.flatMap((t) => (t.deviceId ? [t.deviceId] : [])))],
    deviceNames: [...new Set(targets.map((t) => t.deviceName))],
  };
  const start = await writeTransaction(db, (tx) => claimAndLock(tx, claim));
  if (start === "lost") throw new ChangeStateError("the request is no longer SCHEDULED: claimed by another worker, or cancelled");
  if (start === "busy") return "SCHEDULED";
  const heartbeat = setInterval(() => void renewClaim(db, id, opts.owner).catch(() => undefined), CLAIM_MS / 3);
  let runs: TargetRun[] = [];
  try {
    runs = targets.map((t) => openTargetRun(db, id, t, secrets(t.position), opts));
    const setUp = row.kind === SET_UP_KIND ? { settle: parseStoredSetUp(row.params).settle ?? null, settlePollMs: opts.settlePollMs } : null;
    const backups: ChangeBackupOptions = { timeoutMs: opts.requestTimeoutMs, secretKey: opts.secretKey };
    const statuses = await runApplication(db, runs, row.allowManagementCut, setUp, backups);
    const status = setUp ? setUpStatus(statuses) : requestStatus(statuses);
    if (status === "APPLIED" || status === "ROLLED_BACK" || status === "NEEDS_ATTENTION") {
      const touched = runs.filter((r) => r.target.status !== "SKIPPED").map((r) => r.target);
      await backUpAroundChange(db, id, "after_change", touched, backups);
    }
    const error = setUp
      ? setUpError(
          runs.map((r) => r.target),
          status,
        )
      : requestError(
          runs.map((r) => r.target),
          status,
        );
    // The locks are released with the final status and its event, in one transaction: after an
    // unexpected error the request stays APPLYING and its locks stay until reconcileInterrupted deletes
    // them or their `until` passes.
    const finished = await finishApplying(db, id, opts.owner, { status, error }, "owned", { action: "change.finish", after: { status, error } });
    if (!finished) throw new Error(`change ${id} ended ${status}, but ${opts.owner} no longer holds its claim: the final status is left to reconciliation`);
    return status;
  } finally {
    clearInterval(heartbeat);
    await closeRuns(runs);
  }
}

/**
 * SCHEDULED → FAILED without any router call when the stored content or the sealed secrets fail their
 * checks: the update, the targets SKIPPED and `change.finish` in one write transaction.
 */
async function refuseTampered(db: Db, id: string, error: string, now: Date): Promise<ChangeStatusName> {
  const failed = await failScheduled(db, id, error, "not applied: the request failed its integrity check", now);
  if (!failed) throw new ChangeStateError("the request was claimed by another worker");
  return "FAILED";
}

/** What claimAndLock needs: the request, the hash its approval is bound to, the due time, the worker and its devices. */
interface Claim {
  id: string;
  hash: string;
  now: Date;
  owner: string;
  deviceIds: string[];
  deviceNames: string[];
}

/**
 * The start of an application, inside one write transaction (its write lock keeps what it reads true
 * until it commits): the request must still be claimable (SCHEDULED, due, approval bound to the
 * current hash) and none of its devices locked by another change (a lock whose `until` has passed is
 * taken over); then the claim (APPLYING, claimOwner, claimUntil, applyStartedAt), one
 * DeviceChangeLock row per device and `change.apply_start` are written together.
 * @returns `claimed`; `lost` when the request is no longer claimable; `busy` when a device is locked (nothing written)
 */
async function claimAndLock(tx: Tx, claim: Claim): Promise<"claimed" | "lost" | "busy"> {
  const { id, hash, now, owner, deviceIds } = claim;
  const claimable = { id, status: "SCHEDULED" as const, windowStart: { lte: now }, hash, approvedHash: hash };
  if ((await tx.changeRequest.count({ where: claimable })) === 0) return "lost";
  const lockedAt = new Date();
  if ((await tx.deviceChangeLock.count({ where: { deviceId: { in: deviceIds }, until: { gte: lockedAt } } })) > 0) return "busy";
  const until = new Date(lockedAt.getTime() + CLAIM_MS);
  const claimed = await tx.changeRequest.updateMany({
    where: claimable,
    data: { status: "APPLYING", claimOwner: owner, claimUntil: until, applyStartedAt: lockedAt, error: null },
  });
  if (claimed.count === 0) return "lost";
  await tx.deviceChangeLock.deleteMany({ where: { deviceId: { in: deviceIds }, until: { lt: lockedAt } } });
  await tx.deviceChangeLock.createMany({ data: deviceIds.map((deviceId) => ({ deviceId, changeRequestId: id, owner, until })) });
  await auditChange(tx, null, {
    action: "change.apply_start",
    id,
    after: { status: "APPLYING", owner, devices: claim.deviceNames },
    before: { status: "SCHEDULED" },
  });
  return "claimed";
}

async function renewClaim(db: Db, id: string, owner: string): Promise<void> {
  const until = new Date(Date.now() + CLAIM_MS);
  await db.changeRequest.updateMany({ where: { id, claimOwner: owner, status: "APPLYING" }, data: { claimUntil: until } });
  await db.deviceChangeLock.updateMany({ where: { changeRequestId: id, owner }, data: { until } });
}

/**
 * Drift-checks every target, backs up each router (`before_change`, lib/backups/change-hook.ts: never fails the
 * change), then applies them: a single-kind request device by device (a failing device
 * stops the rest; the ones before it stay applied), a set-up step by step all or nothing (applySetUpSteps).
 * Returns the target statuses.
 */
async function runApplication(
  db: Db,
  runs: TargetRun[],
  allowManagementCut: boolean,
  setUp: SetUpRunOptions | null,
  backups: ChangeBackupOptions,
): Promise<ChangeTargetStatusName[]> {
  const blocked: { run: TargetRun; status: ChangeTargetStatusName; error: string }[] = [];
  for (const run of runs) {
    const problem = await preflight(run, allowManagementCut);
    await saveTarget(db, run);
    if (problem) blocked.push({ run, ...problem });
  }
  if (blocked.length > 0) {
    for (const run of runs) {
      const b = blocked.find((x) => x.run === run);
      if (b) await setTarget(db, run, b.status, b.error);
      else
        await setTarget(
          db,
          run,
          "SKIPPED",
          `not applied: ${[...new Set(blocked.map((x) => x.run.target.deviceName))].join(", ")} ${blocked.some((x) => x.status === "CONFLICT") ? "drifted" : "could not be applied"}; nothing was applied`,
        );
    }
    return runs.map((r) => r.target.status);
  }
  const [first] = runs;
  if (first)
    await backUpAroundChange(
      db,
      first.target.changeRequestId,
      "before_change",
      runs.map((r) => r.target),
      backups,
    );
  if (setUp) return applySetUpSteps(db, runs, setUp);
  let stopped: string | null = null;
  for (const run of runs) {
    if (stopped) {
      await setTarget(db, run, "SKIPPED", `not applied: ${stopped} failed before it`);
      continue;
    }
    const startedAt = new Date();
    await saveTarget(db, run, { status: "APPLYING", startedAt });
    const ctx = run.ctx as NonNullable<TargetRun["ctx"]>;
    const outcome = await applyTargetOps(ctx, run.plan.ops);
    await setTarget(db, run, outcome.status, outcome.error);
    if (outcome.status !== "APPLIED") stopped = run.target.deviceName;
  }
  return runs.map((r) => r.target.status);
}

/** The drift check and, when the plan disrupts interfaces, the management-path re-check of one target; null = ready to apply. */
async function preflight(run: TargetRun, allowManagementCut: boolean): Promise<{ status: ChangeTargetStatusName; error: string } | null> {
  if (!run.ctx || !run.device) return { status: "FAILED", error: run.clientError ?? "the device is unavailable" };
  run.recorder.phase = "drift";
  try {
    const drift = await driftCheck(run.ctx.client, run.base);
    if (drift.length > 0) return { status: "CONFLICT", error: `the router changed since the proposal (needs a fresh proposal): ${drift.join("; ")}` };
    if (run.plan.disruptsInterfaces.length === 0) return null;
    const management = await findManagementInterface(run.ctx.client, run.device.apiUrl);
    if (management.note) run.recorder.note("/ip/address", management.note);
    if (cutsManagementPath(run.plan.disruptsInterfaces, management) && !allowManagementCut) {
      return {
        status: "FAILED",
        error: `refused: the change disrupts ${management.interface}, the interface the app reaches ${run.device.name} through, and was not approved with "allow management cut"`,
      };
    }
    return null;
  } catch (err) {
    return { status: "FAILED", error: `could not read the router before applying: ${errorText(err)}` };
  }
}

/**
 * SCHEDULED → FAILED with no router call: the request's `error`, its sealed secrets dropped, every target
 * SKIPPED with `targetError`, and `change.finish`, in one write transaction.
 * @returns false when the request was no longer SCHEDULED (nothing written)
 */
function failScheduled(db: Db, id: string, error: string, targetError: string, now: Date): Promise<boolean> {
  return changeWithEvent(
    db,
    null,
    async (tx) => {
      const done = await tx.changeRequest.updateMany({
        where: { id, status: "SCHEDULED" },
        data: { status: "FAILED", error, finishedAt: now, secretsSealed: null },
      });
      if (done.count === 0) return false;
      await tx.changeTarget.updateMany({ where: { changeRequestId: id }, data: { status: "SKIPPED", error: targetError } });
      return true;
    },
    { action: "change.finish", id, after: { status: "FAILED", error }, before: { status: "SCHEDULED" } },
  );
}
