import { expect } from "vitest";
import type { RouterOsClient } from "../../../routeros";
import type { SimFixture } from "./sim-fixture";
import type { TargetContext } from "../../engine/context";
import { refId } from "../../engine/refs";
import { applyTargetOps, type TargetOutcome } from "../../engine/run-target";
import { StepRecorder } from "../../engine/steps";
import { undoApplied } from "../../engine/undo";
import { driftCheck } from "../../engine/verify";
import type { ChangePlan } from "../../types";

/**
 * Test support for the change kinds (tests only): runs a plan through the real engine (executeOp, verifyOps,
 * undoApplied) on a simulated router, without a database, and reads a whole menu back to compare it before
 * and after (order included).
 */

/** A fresh TargetContext for `plan` on router `router` (its client records every call as a step; no secrets; a short router cut). */
export function engineContext(fx: SimFixture, router: string, plan: ChangePlan): TargetContext {
  const recorder = new StepRecorder();
  return {
    client: fx.client(router, recorder.observer),
    recorder,
    secrets: {},
    before: new Map(plan.base.map((s) => [refId(s.ref), s.values])),
    oldSecrets: new Map(),
    positions: new Map(),
    routerCutMs: 1_000,
    showSensitive: null,
  };
}

/** Applies the plan's ops through the engine (apply, verify, undo on failure) and returns the outcome with its context. */
export async function applyThroughEngine(fx: SimFixture, router: string, plan: ChangePlan): Promise<{ outcome: TargetOutcome; ctx: TargetContext }> {
  const ctx = engineContext(fx, router, plan);
  const outcome = await applyTargetOps(ctx, plan.ops);
  return { outcome, ctx };
}

/** Undoes every op of an applied plan through the engine; expects the router to read as before. */
export async function undoThroughEngine(ctx: TargetContext, plan: ChangePlan): Promise<void> {
  const undo = await undoApplied(ctx, plan.ops, plan.ops);
  expect(undo.problems).toEqual([]);
  expect(undo.restored).toBe(true);
}

/** Every row of a menu in print order, without `.id` and the counters RouterOS moves by itself (`bytes`, `packets`). */
export async function menuRows(client: RouterOsClient, menu: string): Promise<Record<string, string>[]> {
  const rows = await client.print(menu);
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== ".id" && k !== "bytes" && k !== "packets")));
}

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
    positions: new Map(),
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
