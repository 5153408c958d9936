import { expect } from "vitest";
import type { RouterOsClient } from "../../../routeros";
import type { SimFixture } from "./sim-fixture";
import type { TargetContext } from "../../engine/context";
import { refId } from "../../engine/refs";
import { applyTargetOps, type TargetOutcome } from "../../engine/run-target";
import { StepRecorder } from "../../engine/steps";
import { undoApplied } from "../../engine/undo";
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
