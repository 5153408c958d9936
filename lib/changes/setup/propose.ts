import "server-only";
import { canonicalJson } from "../../audit/canonical";
import { seal } from "../../crypto/seal";
import type { Db } from "../../db-client";
import { writeTransaction } from "../../db-transaction";
import { getKind } from "../kinds";
import { auditChange } from "../workflow-shared";
import { changeSecretsAad, proposalHash, toStoredPlan, type KindOptions } from "../workflow-propose";
import { ChangeInputError, type ChangeActor } from "../workflow-types";
import { planSetUp, storedSetUp, type PlannedSetUp } from "./plan";
import { SET_UP_KIND, type SetUpInput, type SetUpPreview } from "./types";

/**
 * Validates a set-up and plans every step on its router (reads only); stores nothing. Per step: the
 * field-by-field diff, the exact REST calls, notes, chain order, the management-path check, or why it
 * could not be planned.
 * @throws ChangeInputError for an invalid set-up (see planSetUp)
 */
export async function previewSetUp(db: Db, input: SetUpInput, opts: KindOptions = {}): Promise<SetUpPreview> {
  const planned = await planSetUp(db, input, opts.getKind ?? getKind);
  return {
    title: planned.input.title,
    template: planned.input.template ?? null,
    steps: planned.steps.map((s) => s.preview),
    settle: planned.input.settle ?? null,
  };
}

/**
 * Re-plans the set-up (a preview from the browser is never trusted) and stores a PENDING request of kind
 * `set-up`: its params the steps (each step's secrets as fingerprints) and the settle check, one
 * ChangeTarget per step in step order (its router, base state and plan), the steps' secrets sealed
 * under AAD `change-secrets:<id>` as `{ "<position>": { "<param>": "<value>" } }`, and the proposal hash
 * over all of it, so one approval covers every step. The request, its steps and `change.propose` are
 * written in one write transaction.
 * @throws ChangeInputError when the set-up is invalid, a step could not be planned (errors by step), or a step has nothing to change
 */
export async function proposeSetUp(db: Db, actor: ChangeActor, input: SetUpInput, opts: KindOptions = {}): Promise<{ id: string; hash: string }> {
  const planned = await planSetUp(db, input, opts.getKind ?? getKind);
  refuseUnplanned(planned);
  const params = storedSetUp(planned);
  const targets = planned.steps.map((s) => {
    const plan = s.plan as NonNullable<typeof s.plan>;
    return { step: s, baseState: plan.base, plan: toStoredPlan(plan, s.preview) };
  });
  const hash = proposalHash({
    kind: SET_UP_KIND,
    params: params as unknown as Record<string, unknown>,
    fingerprints: {},
    targets: targets.map((t) => ({ deviceId: t.step.device.id, baseState: t.baseState, plan: t.plan })),
  });
  const secrets = Object.fromEntries(planned.steps.flatMap((s) => (Object.keys(s.secrets).length > 0 ? [[String(s.position), s.secrets]] : [])));
  const id = await writeTransaction(db, async (tx) => {
    const row = await tx.changeRequest.create({
      data: {
        kind: SET_UP_KIND,
        title: params.title,
        params: canonicalJson(params),
        hash,
        proposedById: actor.id,
        targets: {
          create: targets.map((t) => ({
            deviceId: t.step.device.id,
            deviceName: t.step.device.name,
            position: t.step.position,
            baseState: JSON.stringify(t.baseState),
            plan: JSON.stringify(t.plan),
          })),
        },
      },
      select: { id: true },
    });
    if (Object.keys(secrets).length > 0) {
      await tx.changeRequest.update({ where: { id: row.id }, data: { secretsSealed: seal(JSON.stringify(secrets), changeSecretsAad(row.id)) } });
    }
    await auditChange(tx, actor, {
      action: "change.propose",
      id: row.id,
      after: {
        kind: SET_UP_KIND,
        title: params.title,
        template: params.template ?? null,
        hash,
        steps: targets.map((t) => ({
          position: t.step.position,
          kind: t.step.kind.info.id,
          deviceId: t.step.device.id,
          deviceName: t.step.device.name,
          title: t.step.preview.title,
        })),
        settle: params.settle ?? null,
      },
    });
    return row.id;
  });
  return { id, hash };
}

/**
 * Refuses a set-up with a step that could not be planned (errors named by step and router), or one where no step has
 * anything to change. A step with nothing to change among others is kept: it is applied as a no-op (bulk templates
 * meet routers that already have part of a set-up, e.g. the interface list).
 */
function refuseUnplanned(planned: PlannedSetUp): void {
  const failed = planned.steps.filter((s) => !s.plan);
  if (failed.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const s of failed)
      for (const [k, v] of Object.entries(s.preview.fieldErrors ?? {})) fieldErrors[`steps.${s.position + 1}.${k}`] = v.map((m) => `${s.device.name}: ${m}`);
    throw new ChangeInputError(
      failed.map((s) => `step ${s.position + 1} on ${s.device.name}: ${s.preview.error}`).join("; "),
      Object.keys(fieldErrors).length > 0 ? fieldErrors : undefined,
    );
  }
  if (planned.steps.every((s) => s.plan && s.plan.ops.length === 0)) {
    throw new ChangeInputError(`nothing to change: every step is already as proposed (${planned.steps.flatMap((s) => s.preview.notes).join("; ")})`);
  }
}
