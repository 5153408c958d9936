import "server-only";
import { appendAuditEvent } from "../audit/log";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { routerClientFor } from "../devices/router-client";
import type { ChangeTarget, Device } from "../generated/prisma/client";
import { log } from "../log";
import type { RouterOsClient } from "../routeros";
import { knownSupport } from "../routeros/version";
import { errorText, type TargetContext } from "./engine/context";
import { ROUTER_CUT_MS } from "./engine/late-write";
import { refId } from "./engine/refs";
import { StepRecorder } from "./engine/steps";
import type { ChangeTargetStatusName, ObjectSnapshot } from "./types";
import { auditChange, parseBaseState, parseSteps, parseStoredPlan, type StoredPlan } from "./workflow-shared";

/** Client settings of an application (timeouts in ms). */
export interface RunClientOptions {
  /** Per-request limit, ms (default ROUTEROS_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** SECRET_KEY override (base64). */
  secretKey?: string;
  /**
   * The router's own request cut, ms (default ROUTER_CUT_MS = 60 000, RouterOS's; tests use ~1 500): a
   * write that got no answer while the router reads as before is re-read until this has passed since it was sent.
   */
  routerCutMs?: number;
}

/** One device of a request being applied or reconciled: its stored plan and base, a recording client. */
export interface TargetRun {
  target: ChangeTarget;
  device: Device | null;
  plan: StoredPlan;
  base: ObjectSnapshot[];
  recorder: StepRecorder;
  /** Null when the device is gone or its connection settings cannot be opened (`clientError`). */
  ctx: TargetContext | null;
  clientError: string | null;
  audits: Promise<unknown>[];
}

/**
 * Opens a target for work: parses its stored plan/base, builds a RouterOS client whose observer
 * records every call into the target's steps and audits it as `change.router_call` (deviceId,
 * deviceName, phase, method, path, HTTP status, RouterOS detail). A router call is not a state change
 * of the request: its event is written on its own, as the call happens (saveTarget and setTarget wait
 * for those events before writing the target, so they precede its `change.target`).
 */
export function openTargetRun(
  db: Db,
  requestId: string,
  target: ChangeTarget & { device: Device | null },
  secrets: Record<string, string>,
  opts: RunClientOptions,
): TargetRun {
  const audits: Promise<unknown>[] = [];
  const recorder = new StepRecorder((step) => {
    const after = {
      deviceId: target.deviceId,
      deviceName: target.deviceName,
      phase: step.phase,
      method: step.method,
      path: step.path,
      status: step.status,
      detail: step.detail,
    };
    audits.push(
      appendAuditEvent(db, null, { action: "change.router_call", entityType: "change", entityId: requestId, after }).catch((err: unknown) =>
        log.error({ err, changeId: requestId }, "change: router call not audited"),
      ),
    );
  });
  recorder.steps.push(...parseSteps(target.steps));
  const run: TargetRun = {
    target,
    device: target.device,
    plan: parseStoredPlan(target.plan),
    base: parseBaseState(target.baseState),
    recorder,
    ctx: null,
    clientError: null,
    audits,
  };
  if (!target.device) {
    run.clientError = "the device was deleted";
    return run;
  }
  let client: RouterOsClient;
  try {
    client = routerClientFor(db, target.device, { onResponse: recorder.observer, timeoutMs: opts.requestTimeoutMs, secretKey: opts.secretKey });
  } catch (err) {
    run.clientError = `cannot open the stored connection settings: ${errorText(err)}`;
    return run;
  }
  run.ctx = {
    client,
    recorder,
    secrets,
    before: new Map(run.base.map((s) => [refId(s.ref), s.values])),
    oldSecrets: new Map(),
    positions: new Map(),
    routerCutMs: opts.routerCutMs ?? ROUTER_CUT_MS,
    showSensitive: knownSupport(target.device.version, "showSensitive"),
  };
  return run;
}

/**
 * Writes a target's steps and the given fields (progress that is not audited: the steps so far, or
 * APPLYING with startedAt), after waiting for its router-call audit events. A final status goes through
 * setTarget, which audits it.
 */
export async function saveTarget(db: Db, run: TargetRun, data: { status?: "APPLYING"; startedAt?: Date } = {}): Promise<void> {
  await Promise.all(run.audits.splice(0));
  await db.changeTarget.update({ where: { id: run.target.id }, data: { ...data, steps: JSON.stringify(run.recorder.steps) } });
  if (data.status) run.target.status = data.status;
}

/**
 * Finishes one target: waits for its router-call audit events, then, in one write transaction, saves
 * its steps with `status`, `error` and finishedAt = now and appends `change.target` (deviceId,
 * deviceName, status, error, plus `audit`, e.g. `{ reconciled: true }`): the status and its event
 * commit together or not at all (`run.target` is updated only once they have).
 * @throws the database error (nothing of this target's final write is stored)
 */
export async function setTarget(
  db: Db,
  run: TargetRun,
  status: ChangeTargetStatusName,
  error: string | null,
  audit: Record<string, unknown> = {},
): Promise<void> {
  await Promise.all(run.audits.splice(0));
  const steps = JSON.stringify(run.recorder.steps);
  const finishedAt = new Date();
  await writeTransaction(db, async (tx) => {
    await tx.changeTarget.update({ where: { id: run.target.id }, data: { status, error, finishedAt, steps } });
    await auditChange(tx, null, {
      action: "change.target",
      id: run.target.changeRequestId,
      after: { deviceId: run.target.deviceId, deviceName: run.target.deviceName, status, error, ...audit },
    });
  });
  run.target.status = status;
  run.target.error = error;
}

/** Closes the clients of the runs. */
export async function closeRuns(runs: TargetRun[]): Promise<void> {
  await Promise.all(runs.map((r) => r.ctx?.client.close().catch(() => undefined)));
}
