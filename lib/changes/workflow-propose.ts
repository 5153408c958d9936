import "server-only";
import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/canonical";
import { seal } from "../crypto/seal";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { getKind } from "./kinds";
import { ChangeInputError, type ChangeActor, type ChangePreview, type ProposeInput, type TargetPreview } from "./workflow-types";
import type { ChangePlan, ObjectSnapshot } from "./types";
import { planChange, type KindLookup } from "./workflow-plan";
import { auditChange, type StoredPlan } from "./workflow-shared";

/** The AAD binding a request's sealed secrets to it. */
export function changeSecretsAad(id: string): string {
  return `change-secrets:${id}`;
}

/**
 * SHA-256 (hex) of the canonical JSON (keys sorted) of a proposal: kind, params (secrets as
 * fingerprints), the secret fingerprints, and each target's deviceId, base state and plan, in order.
 * An approval is bound to it.
 */
export function proposalHash(proposal: {
  kind: string;
  params: Record<string, unknown>;
  fingerprints: Record<string, string>;
  targets: { deviceId: string; baseState: ObjectSnapshot[]; plan: StoredPlan }[];
}): string {
  return createHash("sha256").update(canonicalJson(proposal)).digest("hex");
}

/** ChangeTarget.plan of a planned target: its ops and order, with the notes and management-path check of its preview. */
export function toStoredPlan(plan: ChangePlan, preview: TargetPreview): StoredPlan {
  return {
    ops: plan.ops,
    notes: preview.notes,
    disruptsInterfaces: plan.disruptsInterfaces,
    cutsManagementPath: preview.cutsManagementPath,
    managementInterface: preview.managementInterface,
    ...(plan.order ? { order: plan.order } : {}),
  };
}

/** Optional overrides of preview/propose: the kind registry (tests plug their own kinds in). */
export interface KindOptions {
  getKind?: KindLookup;
}

/**
 * Validates the proposal and plans it on every selected device by reading the routers (GET/print
 * only); stores nothing. Per device: field-by-field diff, the exact REST calls, notes, the
 * management-path check, or the plan error (RouterOS `detail` included).
 * @throws ChangeInputError for an unknown kind, invalid params (fieldErrors) or device selection
 */
export async function previewChange(db: Db, input: ProposeInput, opts: KindOptions = {}): Promise<ChangePreview> {
  const planned = await planChange(db, input, opts.getKind ?? getKind);
  return { kind: planned.kind.info.id, title: planned.title, targets: planned.targets.map((t) => t.preview), secretFingerprints: planned.fingerprints };
}

/**
 * Re-plans the proposal (a preview from the browser is never trusted) and stores a PENDING request
 * with one target per device (base state, plan), params with secrets replaced by their fingerprints,
 * the secrets sealed under AAD `change-secrets:<id>`, and the proposal hash (SHA-256 of kind, params,
 * fingerprints, each target's deviceId, base state and plan). The request, its targets and
 * its `change.propose` audit event are written in one write transaction: all of them or none.
 * @throws ChangeInputError when the input is invalid, any device fails to plan (fieldErrors merged), or a device has nothing to change
 */
export async function proposeChange(db: Db, actor: ChangeActor, input: ProposeInput, opts: KindOptions = {}): Promise<{ id: string; hash: string }> {
  const planned = await planChange(db, input, opts.getKind ?? getKind);
  const failed = planned.targets.filter((t) => !t.plan);
  if (failed.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const t of failed)
      for (const [k, v] of Object.entries(t.preview.fieldErrors ?? {})) fieldErrors[k] = [...(fieldErrors[k] ?? []), ...v.map((m) => `${t.device.name}: ${m}`)];
    throw new ChangeInputError(
      failed.map((t) => `${t.device.name}: ${t.preview.error}`).join("; "),
      Object.keys(fieldErrors).length > 0 ? fieldErrors : undefined,
    );
  }
  const idle = planned.targets.filter((t) => t.plan && t.plan.ops.length === 0);
  if (idle.length > 0) {
    throw new ChangeInputError(`nothing to change on ${idle.map((t) => `${t.device.name} (${t.plan?.notes.join("; ") || "already as proposed"})`).join(", ")}`);
  }
  const params = { ...planned.params, ...planned.fingerprints };
  const targets = planned.targets.map((t) => {
    const plan = t.plan as NonNullable<typeof t.plan>;
    return { device: t.device, baseState: plan.base, plan: toStoredPlan(plan, t.preview) };
  });
  const hash = proposalHash({
    kind: planned.kind.info.id,
    params,
    fingerprints: planned.fingerprints,
    targets: targets.map((t) => ({ deviceId: t.device.id, baseState: t.baseState, plan: t.plan })),
  });
  const hasSecrets = Object.keys(planned.secrets).length > 0;
  const id = await writeTransaction(db, async (tx) => {
    const row = await tx.changeRequest.create({
      data: {
        kind: planned.kind.info.id,
        title: planned.title,
        params: canonicalJson(params),
        hash,
        proposedById: actor.id,
        targets: {
          create: targets.map((t, position) => ({
            deviceId: t.device.id,
            deviceName: t.device.name,
            position,
            baseState: JSON.stringify(t.baseState),
            plan: JSON.stringify(t.plan),
          })),
        },
      },
      select: { id: true },
    });
    if (hasSecrets) {
      await tx.changeRequest.update({ where: { id: row.id }, data: { secretsSealed: seal(JSON.stringify(planned.secrets), changeSecretsAad(row.id)) } });
    }
    await auditChange(tx, actor, {
      action: "change.propose",
      id: row.id,
      after: {
        kind: planned.kind.info.id,
        title: planned.title,
        params,
        hash,
        devices: targets.map((t) => ({ deviceId: t.device.id, deviceName: t.device.name, cutsManagementPath: t.plan.cutsManagementPath })),
      },
    });
    return row.id;
  });
  return { id, hash };
}
