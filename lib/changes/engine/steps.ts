import type { RouterOsCallInfo } from "../../routeros";

/** Phases of an application, as recorded in ChangeTarget.steps and `change.router_call` audit events. */
export type StepPhase = "drift" | "apply" | "verify" | "settle" | "rollback" | "reconcile";

/**
 * One entry of ChangeTarget.steps: a router call (method, REST path, HTTP status or null when the
 * router did not answer, RouterOS `detail`) or an engine note (method `NOTE`, path = the object's label).
 * `at` is ISO 8601 UTC. Never holds a request or reply body.
 */
export interface ChangeStep {
  at: string;
  phase: StepPhase;
  method: string;
  path: string;
  status: number | null;
  ok: boolean;
  detail: string | null;
}

/**
 * Collects the steps of one target. `observer` is passed to the RouterOS client (onResponse) so every
 * HTTP attempt is recorded under the current `phase`; `onStep` is told of each router call (the
 * engine audits them).
 */
export class StepRecorder {
  phase: StepPhase = "drift";
  readonly steps: ChangeStep[] = [];

  constructor(private readonly onStep: (step: ChangeStep) => void = () => undefined) {}

  /** The client observer: records one router call. */
  readonly observer = (info: RouterOsCallInfo): void => {
    const ok = info.status !== null && info.status < 300;
    const step: ChangeStep = {
      at: new Date().toISOString(),
      phase: this.phase,
      method: info.method,
      path: info.path,
      status: info.status,
      ok,
      detail: info.detail ?? null,
    };
    this.steps.push(step);
    this.onStep(step);
  };

  /** Records an engine note about an object (`label`), e.g. why a failed write counts as applied. */
  note(label: string, detail: string, ok = true): void {
    this.steps.push({ at: new Date().toISOString(), phase: this.phase, method: "NOTE", path: label, status: null, ok, detail });
  }
}
