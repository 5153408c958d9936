import { describeKey } from "../router-objects";
import type { ObjectRef, PlanValue, PlannedOp } from "../types";

/** A stable identity of one object: menu plus natural key (`/interface/macvlan name=macvlan-68`). */
export function refId(ref: ObjectRef): string {
  const key = Object.keys(ref.key)
    .sort()
    .map((k) => `${k}=${ref.key[k]}`)
    .join(" ");
  return `${ref.menu} ${key || describeKey(ref)}`;
}

/** The objects the ops write, each once, in the order of their first op. */
export function touchedRefs(ops: PlannedOp[]): ObjectRef[] {
  const seen = new Map<string, ObjectRef>();
  for (const op of ops) if (!seen.has(refId(op.ref))) seen.set(refId(op.ref), op.ref);
  return [...seen.values()];
}

/** What one object should look like after every op: present or absent, and the fields the ops wrote (secrets as placeholders). */
export interface ExpectedObject {
  ref: ObjectRef;
  present: boolean;
  values: Record<string, PlanValue>;
}

/** Replays the ops on the touched objects: add = present with its values, set = merged values, remove = absent. */
export function expectedAfter(ops: PlannedOp[]): Map<string, ExpectedObject> {
  const out = new Map<string, ExpectedObject>();
  for (const op of ops) {
    const id = refId(op.ref);
    if (op.op === "remove") out.set(id, { ref: op.ref, present: false, values: {} });
    else if (op.op === "add") out.set(id, { ref: op.ref, present: true, values: { ...op.values } });
    else out.set(id, { ref: op.ref, present: true, values: { ...(out.get(id)?.values ?? {}), ...op.values } });
  }
  return out;
}

/** Names of the non-secret fields an op writes (the fields verify and reconcile compare). */
export function writtenFields(values: Record<string, PlanValue>): string[] {
  return Object.entries(values)
    .filter(([, v]) => typeof v === "string")
    .map(([k]) => k);
}

/** Names of the fields an op writes from a sealed secret param. */
export function writtenSecretFields(values: Record<string, PlanValue>): string[] {
  return Object.entries(values)
    .filter(([, v]) => typeof v !== "string")
    .map(([k]) => k);
}

const BOOL: Record<string, string> = { yes: "true", no: "false" };

/** A value as RouterOS prints it: `yes`/`no` written by a plan print as `true`/`false`. */
export function printed(value: string | undefined): string | undefined {
  return value === undefined ? undefined : (BOOL[value] ?? value);
}
