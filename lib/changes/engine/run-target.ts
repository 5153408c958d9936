import "server-only";
import type { ChangeTargetStatusName, PlannedOp } from "../types";
import { errorText, type TargetContext } from "./context";
import { undoApplied } from "./undo";
import { verifyOps } from "./verify";
import { executeOp } from "./write";

/** Final state of one device after apply → verify (→ undo). */
export interface TargetOutcome {
  status: Extract<ChangeTargetStatusName, "APPLIED" | "FAILED" | "ROLLED_BACK" | "NEEDS_ATTENTION">;
  error: string | null;
}

/**
 * Applies one device's ops in order (executeOp), reads everything back (verifyOps), and on any
 * failure undoes what was applied (undoApplied):
 * - all written and verified → APPLIED;
 * - a failure, nothing applied and the router reads as before → FAILED;
 * - a failure, the applied ops undone and the router reads as before → ROLLED_BACK;
 * - the undo failed or the router does not read as before → NEEDS_ATTENTION.
 * The drift check runs before (driftCheck); this function assumes the router matched the base.
 * Never throws for router errors.
 */
export async function applyTargetOps(ctx: TargetContext, ops: PlannedOp[]): Promise<TargetOutcome> {
  const applied: PlannedOp[] = [];
  let failure: string | null = null;
  ctx.recorder.phase = "apply";
  for (const op of ops) {
    const outcome = await executeOp(ctx, op);
    if (outcome.applied) applied.push(op);
    if (!outcome.ok) {
      failure = outcome.error ?? `${op.ref.label}: ${op.op} failed`;
      break;
    }
  }
  if (failure === null) {
    ctx.recorder.phase = "verify";
    try {
      const differences = await verifyOps(ctx, ops);
      if (differences.length === 0) return { status: "APPLIED", error: null };
      failure = `read back differs: ${differences.join("; ")}`;
    } catch (err) {
      failure = `read back failed: ${errorText(err)}`;
    }
  }
  const undo = await undoApplied(ctx, ops, applied);
  if (!undo.restored) return { status: "NEEDS_ATTENTION", error: `${failure}; undo incomplete: ${undo.problems.join("; ")}` };
  if (applied.length === 0) return { status: "FAILED", error: `${failure} (nothing was applied; the router reads as before)` };
  return { status: "ROLLED_BACK", error: `${failure} (undone; the router reads as before)` };
}
