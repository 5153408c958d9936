import "server-only";
import pLimit from "p-limit";
import { z } from "zod";
import { secretFingerprint } from "../../crypto/seal";
import type { Db } from "../../db-client";
import { routerClientFor } from "../../devices/router-client";
import type { Device } from "../../generated/prisma/client";
import type { RouterOsClient } from "../../routeros";
import { errorText } from "../engine/context";
import type { ChangeKind } from "../kind";
import { readObject } from "../router-objects";
import type { ChangeKindId, ChangePlan, ObjectSnapshot } from "../types";
import { emptyPreview, planWithClient, type KindLookup } from "../workflow-plan";
import { ChangeInputError } from "../workflow-types";
import { PlanOverlay } from "./overlay";
import { setUpInputSchema, type SetUpInput, type StepPreview, type StoredSetUp } from "./types";

/** One step as planned: its kind, validated params, secrets (clear, memory only) and fingerprints, its plan or null. */
export interface PlannedStep {
  position: number;
  kind: ChangeKind;
  device: Device;
  params: Record<string, unknown>;
  secrets: Record<string, string>;
  fingerprints: Record<string, string>;
  plan: ChangePlan | null;
  preview: StepPreview;
}

/** A validated set-up, planned step by step. */
export interface PlannedSetUp {
  input: z.output<typeof setUpInputSchema>;
  steps: PlannedStep[];
}

/** Routers planned at once (each router's steps one after the other). */
const PLAN_CONCURRENCY = 8;

/**
 * Validates a set-up and plans every step by reading its router (reads only). Each step's params go
 * through its kind's strict schema (errors keyed `steps.<n>.<param>`, n from 1). A router's steps are
 * planned in order, each reading the router as the earlier steps on it will have left it (PlanOverlay);
 * the base state a step keeps for the drift check holds only what it read from the router as it is now
 * (an object an earlier step creates or changes is checked by that step's base). After a step that
 * could not be planned, the later steps on that router are not planned (their preview says why).
 * @throws ChangeInputError for an invalid set-up, an unknown kind, invalid step params, unknown devices, or a settle check on a router without steps
 */
export async function planSetUp(db: Db, raw: SetUpInput, getKind: KindLookup): Promise<PlannedSetUp> {
  const parsed = setUpInputSchema.safeParse(raw);
  if (!parsed.success) throw new ChangeInputError("the set-up is not valid", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  const input = parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  const kinds = input.steps.map((s, i) => {
    const kind = getKind(s.kind);
    if (!kind) {
      fieldErrors[`steps.${i + 1}.kind`] = [`unknown change kind "${s.kind}"`];
      return null;
    }
    const params = kind.schema.safeParse(s.params);
    if (!params.success)
      for (const [k, v] of Object.entries(z.flattenError(params.error).fieldErrors as Record<string, string[]>)) fieldErrors[`steps.${i + 1}.${k}`] = v;
    return params.success ? { kind, params: params.data as Record<string, unknown> } : null;
  });
  if (Object.keys(fieldErrors).length > 0) throw new ChangeInputError("some steps' parameters are not valid", fieldErrors);
  const ids = [...new Set(input.steps.map((s) => s.deviceId))];
  const devices = await db.device.findMany({ where: { id: { in: ids } } });
  const missing = ids.filter((id) => !devices.some((d) => d.id === id));
  if (missing.length > 0) throw new ChangeInputError(`unknown devices: ${missing.join(", ")}`, { deviceIds: ["some devices of the set-up no longer exist"] });
  const strays = (input.settle?.macsec ?? []).filter((m) => !ids.includes(m.deviceId));
  if (strays.length > 0) throw new ChangeInputError("a MACsec settle check names a router the set-up has no step on", { settle: ["no step on that router"] });

  const steps: PlannedStep[] = input.steps.map((s, position) => {
    const { kind, params } = kinds[position] as NonNullable<(typeof kinds)[number]>;
    const secrets: Record<string, string> = {};
    const fingerprints: Record<string, string> = {};
    for (const name of kind.info.secretParams) {
      const value = params[name];
      if (typeof value !== "string") continue;
      secrets[name] = value;
      fingerprints[name] = secretFingerprint(value);
    }
    const device = devices.find((d) => d.id === s.deviceId) as Device;
    const preview: StepPreview = { ...emptyPreview(device), position, kind: kind.info.id, title: kind.describe(params) };
    return { position, kind, device, params, secrets, fingerprints, plan: null, preview };
  });
  const limit = pLimit(PLAN_CONCURRENCY);
  await Promise.all(
    ids.map((id) =>
      limit(() =>
        planRouterSteps(
          db,
          steps.filter((s) => s.device.id === id),
        ),
      ),
    ),
  );
  return { input, steps };
}

/** Plans one router's steps in order over one client and one PlanOverlay. Never throws: failures land in the previews. */
async function planRouterSteps(db: Db, steps: PlannedStep[]): Promise<void> {
  const device = (steps[0] as PlannedStep).device;
  let client: RouterOsClient;
  try {
    client = routerClientFor(db, device);
  } catch (err) {
    for (const s of steps) s.preview.error = `cannot open the stored connection settings: ${errorText(err)}`;
    return;
  }
  try {
    const overlay = new PlanOverlay();
    let failed: PlannedStep | null = null;
    for (const step of steps) {
      if (failed) {
        step.preview.error = `not planned: step ${failed.position + 1} (${failed.preview.title}) could not be planned on ${device.name}`;
        continue;
      }
      const planned = await planWithClient(step.kind, step.params, device, step.fingerprints, { client, reader: overlay.view(client) });
      step.preview = { ...step.preview, ...planned.preview };
      if (!planned.plan) {
        failed = step;
        continue;
      }
      try {
        step.plan = { ...planned.plan, base: await realBase(client, overlay, planned.plan.base) };
      } catch (err) {
        step.preview = { ...step.preview, ok: false, error: `could not read the router: ${errorText(err)}` };
        failed = step;
        continue;
      }
      overlay.record(planned.plan.ops);
    }
  } finally {
    await client.close();
  }
}

/**
 * The snapshots of `base` that hold on the router as it is now: one read through a menu an earlier step
 * touches is read again from the router and kept only when it reads the same (an earlier step's own
 * base guards the object otherwise).
 */
async function realBase(client: RouterOsClient, overlay: PlanOverlay, base: ObjectSnapshot[]): Promise<ObjectSnapshot[]> {
  const out: ObjectSnapshot[] = [];
  for (const snap of base) {
    if (!overlay.touches(snap.ref.menu)) {
      out.push(snap);
      continue;
    }
    const real = await readObject(client, snap.ref);
    if (JSON.stringify(real.values) === JSON.stringify(snap.values)) out.push(snap);
  }
  return out;
}

/** ChangeRequest.params of a planned set-up: each step's params with its secrets replaced by their fingerprints. */
export function storedSetUp(planned: PlannedSetUp): StoredSetUp {
  const { input } = planned;
  return {
    title: input.title,
    ...(input.template ? { template: input.template } : {}),
    steps: planned.steps.map((s) => ({
      kind: s.kind.info.id as ChangeKindId,
      deviceId: s.device.id,
      title: s.preview.title,
      params: { ...s.params, ...s.fingerprints },
    })),
    ...(input.settle ? { settle: input.settle } : {}),
  };
}
