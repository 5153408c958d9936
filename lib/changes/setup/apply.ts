import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db-client";
import { errorText } from "../engine/context";
import { applyTargetOps } from "../engine/run-target";
import { undoApplied } from "../engine/undo";
import type { ChangeStatusName, ChangeTargetStatusName } from "../types";
import { saveTarget, setTarget, type TargetRun } from "../workflow-target-run";
import type { StoredSetUp } from "./types";

/** How often the settle check reads the MACsec interfaces, ms. */
const SETTLE_POLL_MS = 1_000;

/** Options of applySetUpSteps: the settle check of the set-up, and the clock (tests pass a shorter poll). */
export interface SetUpRunOptions {
  settle: StoredSetUp["settle"] | null;
  settlePollMs?: number;
}

function stepName(run: TargetRun): string {
  return `step ${run.target.position + 1} on ${run.target.deviceName}`;
}

/**
 * Applies a set-up's steps in order, all or nothing (docs/changes.md "Steps"), after every step passed
 * its drift check. Each step: its ops written, read back (applyTargetOps, which undoes the step's own
 * writes when it fails), then APPLIED with its `change.target` event. The first step that fails stops
 * the rest (SKIPPED); then, and also when the settle check fails, every APPLIED step is undone on its
 * router, newest first (undoApplied: created objects removed, removed ones re-added in place, changed
 * fields set back, each read back) and ends ROLLED_BACK, or NEEDS_ATTENTION naming what could not be
 * undone. Never throws for router errors.
 * @returns the steps' final statuses, in order
 */
export async function applySetUpSteps(db: Db, runs: TargetRun[], opts: SetUpRunOptions): Promise<ChangeTargetStatusName[]> {
  const applied: TargetRun[] = [];
  let failure: string | null = null;
  for (const run of runs) {
    if (failure) {
      await setTarget(db, run, "SKIPPED", `not applied: ${failure}`);
      continue;
    }
    await saveTarget(db, run, { status: "APPLYING", startedAt: new Date() });
    const outcome = await applyTargetOps(run.ctx as NonNullable<TargetRun["ctx"]>, run.plan.ops);
    await setTarget(db, run, outcome.status, outcome.error);
    if (outcome.status === "APPLIED") applied.push(run);
    else failure = `${stepName(run)} failed`;
  }
  if (!failure && opts.settle) {
    const problem = await waitSettled(runs, opts.settle, opts.settlePollMs ?? SETTLE_POLL_MS);
    for (const run of settleRuns(runs, opts.settle)) await saveTarget(db, run);
    if (problem) failure = problem;
  }
  if (failure) {
    for (const run of applied.reverse()) {
      const ctx = run.ctx as NonNullable<TargetRun["ctx"]>;
      const undo = await undoApplied(ctx, run.plan.ops, run.plan.ops);
      if (undo.restored) await setTarget(db, run, "ROLLED_BACK", `undone because ${failure} (the router reads as before)`);
      else await setTarget(db, run, "NEEDS_ATTENTION", `undo after ${failure} incomplete: ${undo.problems.join("; ")}`);
    }
  }
  return runs.map((r) => r.target.status as ChangeTargetStatusName);
}

/** The step whose client reads each settle end: the last step on that end's router. */
function settleRuns(runs: TargetRun[], settle: NonNullable<StoredSetUp["settle"]>): TargetRun[] {
  return [...new Set(settle.macsec.flatMap((m) => runs.findLast((r) => r.target.deviceId === m.deviceId) ?? []))];
}

/**
 * Waits until every MACsec interface of the settle check reports `status=open-encrypted`
 * (`GET /rest/interface/macsec?name=<interface>&.proplist=name,status`, RouterOS's MACsec menu) or
 * `timeoutSec` passes, reading every `pollMs` through the client of the router's last step (its
 * calls recorded there, phase `settle`).
 * @returns null when all are up; else which ends did not come up and their last status, e.g.
 *   `MACsec macsec-link on r2 did not reach open-encrypted within 60 s (status negotiating)`
 */
async function waitSettled(runs: TargetRun[], settle: NonNullable<StoredSetUp["settle"]>, pollMs: number): Promise<string | null> {
  const deadline = Date.now() + settle.timeoutSec * 1_000;
  const ends = settle.macsec.map((m) => ({ ...m, run: settleRuns(runs, { ...settle, macsec: [m] })[0], status: "not read yet" }));
  for (;;) {
    for (const end of ends) {
      if (end.status === "open-encrypted") continue;
      const ctx = end.run?.ctx;
      if (!ctx) {
        end.status = "router not reachable";
        continue;
      }
      ctx.recorder.phase = "settle";
      try {
        const [row] = await ctx.client.print("/interface/macsec", { where: { name: end.interface }, proplist: ["name", "status"] });
        end.status = row ? (row.status ?? "no status") : "interface missing";
      } catch (err) {
        end.status = `read failed: ${errorText(err)}`;
      }
    }
    const down = ends.filter((e) => e.status !== "open-encrypted");
    if (down.length === 0) return null;
    if (Date.now() + pollMs > deadline) {
      return down
        .map(
          (e) =>
            `MACsec ${e.interface} on ${e.run?.target.deviceName ?? e.deviceId} did not reach open-encrypted within ${settle.timeoutSec} s (status ${e.status})`,
        )
        .join("; ");
    }
    await sleep(pollMs);
  }
}

/**
 * A set-up's request status from its steps: APPLIED when every step is; NEEDS_ATTENTION when any step
 * is (an undo could not restore it) or some are APPLIED and others not (cannot happen after a complete
 * undo); ROLLED_BACK when anything was written and undone; CONFLICT when a step drifted before any
 * write; else FAILED (nothing was written).
 */
export function setUpStatus(statuses: ChangeTargetStatusName[]): ChangeStatusName {
  if (statuses.length > 0 && statuses.every((s) => s === "APPLIED")) return "APPLIED";
  if (statuses.includes("NEEDS_ATTENTION") || statuses.includes("APPLIED")) return "NEEDS_ATTENTION";
  if (statuses.includes("ROLLED_BACK")) return "ROLLED_BACK";
  if (statuses.includes("CONFLICT")) return "CONFLICT";
  return "FAILED";
}

/**
 * A set-up's request error from its steps (null when APPLIED): the last step that is not SKIPPED (the one
 * that failed, since the steps after it were skipped, or after a failed settle check the last step undone,
 * whose error names the MACsec end), e.g. `step 4 on r2: /ip/dhcp-server dhcp-iot: …`, then the other
 * steps the undo could not restore.
 */
export function setUpError(steps: { position: number; deviceName: string; status: string; error: string | null }[], status: ChangeStatusName): string | null {
  if (status === "APPLIED") return null;
  const name = (s: (typeof steps)[number]) => `step ${s.position + 1} on ${s.deviceName}`;
  const cause = steps.findLast((s) => s.status !== "SKIPPED");
  const stuck = steps.filter((s) => s.status === "NEEDS_ATTENTION" && s !== cause);
  const parts = [cause ? `${name(cause)}: ${cause.error ?? cause.status}` : "failed"];
  if (stuck.length > 0) parts.push(`not restored: ${stuck.map((s) => `${name(s)}: ${s.error ?? ""}`).join("; ")}`);
  return parts.join("; ");
}
