import { expect } from "vitest";
import type { RouterOsClient } from "../../../routeros";
import { refId } from "../../engine/refs";
import { applyTargetOps } from "../../engine/run-target";
import { StepRecorder } from "../../engine/steps";
import { undoApplied } from "../../engine/undo";
import { driftCheck } from "../../engine/verify";
import type { TargetContext } from "../../engine/context";
import type { ChangePlan } from "../../types";

/**
 * Test support (tests only): runs a kind's plan through the change engine itself on a simulated router (drift
 * check, applyTargetOps = write + read-back verify, then undoApplied of every op), and snapshots menus so a test
 * can prove that the undo leaves them as before.
 */

/**
 * The rows of each menu as printed, without `.id` (an undo's re-add gets a new one; docs/routeros.md: `.id` is not
 * stable), each row as sorted JSON, rows sorted: equal snapshots = the same objects with the same printed values.
 */
export async function menuSnapshot(client: RouterOsClient, menus: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const menu of menus) {
    const rows = await client.print(menu);
    out[menu] = rows
      .map((row) =>
        JSON.stringify(
          Object.entries(row)
            .filter(([k]) => k !== ".id")
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      )
      .sort();
  }
  return out;
}

function contextFor(client: RouterOsClient, plan: ChangePlan): TargetContext {
  return {
    client,
    recorder: new StepRecorder(),
    secrets: {},
    before: new Map(plan.base.map((s) => [refId(s.ref), s.values])),
    oldSecrets: new Map(),
    routerCutMs: 1_500,
    showSensitive: null,
  };
}

/**
 * Applies the plan through the engine and expects APPLIED (no drift first, every write verified by read-back); then
 * undoes every op and expects the undo to report the router as before and `menus` to print exactly as before.
 * `afterApply` runs between the two (to check the router's state with the change in place).
 */
export async function applyThenUndo(client: RouterOsClient, plan: ChangePlan, menus: string[], afterApply?: () => Promise<void>): Promise<void> {
  expect(plan.ops.length).toBeGreaterThan(0);
  const before = await menuSnapshot(client, menus);
  expect(await driftCheck(client, plan.base)).toEqual([]);
  const ctx = contextFor(client, plan);
  expect(await applyTargetOps(ctx, plan.ops)).toEqual({ status: "APPLIED", error: null });
  expect(await menuSnapshot(client, menus)).not.toEqual(before);
  await afterApply?.();
  const undo = await undoApplied(ctx, plan.ops, plan.ops);
  expect(undo).toEqual({ restored: true, problems: [] });
  expect(await menuSnapshot(client, menus)).toEqual(before);
}
