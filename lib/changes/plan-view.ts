import type { ChangeCallDto, ChangeFieldDto, ChangeStepDto } from "./dto";
import type { ObjectRef, ObjectSnapshot, PlanValue, PlannedOp } from "./types";

/**
 * Turns a stored target (ChangeTarget.baseState / plan / steps JSON) into what the request page shows:
 * the field-by-field diff (as read when proposed vs proposed), the exact REST calls, and the executed
 * steps. Pure and client-safe. Tolerant of both stored shapes the engine may write: a bare array
 * (`ObjectSnapshot[]`, `PlannedOp[]`) or the whole object (`{ base }`, ChangePlan `{ ops, notes,
 * disruptsInterfaces }`). Secret placeholders `{ secret: "cak" }` are shown as
 * `<sealed, fingerprint …>` using the fingerprint stored in the request's params.
 */

/** The parts of a stored plan the page shows. */
export interface StoredPlanView {
  ops: PlannedOp[];
  notes: string[];
  disruptsInterfaces: string[];
  /** Stored by the engine when known (`cutsManagementPath` next to the ops); null otherwise. */
  cutsManagementPath: boolean | null;
  managementInterface: string | null;
}

function parseJson(text: string | null | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Parses ChangeTarget.plan: `PlannedOp[]` or a ChangePlan-like object. Unreadable JSON gives an empty plan. */
export function parseStoredPlan(text: string): StoredPlanView {
  const raw = parseJson(text);
  const unknown = { cutsManagementPath: null, managementInterface: null };
  if (Array.isArray(raw)) return { ops: raw as PlannedOp[], notes: [], disruptsInterfaces: [], ...unknown };
  if (!isObject(raw)) return { ops: [], notes: [], disruptsInterfaces: [], ...unknown };
  return {
    ops: Array.isArray(raw.ops) ? (raw.ops as PlannedOp[]) : [],
    notes: strings(raw.notes),
    disruptsInterfaces: strings(raw.disruptsInterfaces),
    cutsManagementPath: typeof raw.cutsManagementPath === "boolean" ? raw.cutsManagementPath : null,
    managementInterface: typeof raw.managementInterface === "string" ? raw.managementInterface : null,
  };
}

/** Parses ChangeTarget.baseState: `ObjectSnapshot[]` or `{ base: ObjectSnapshot[] }`. */
export function parseStoredBase(text: string): ObjectSnapshot[] {
  const raw = parseJson(text);
  if (Array.isArray(raw)) return raw as ObjectSnapshot[];
  if (isObject(raw) && Array.isArray(raw.base)) return raw.base as ObjectSnapshot[];
  return [];
}

/** Parses ChangeTarget.steps (`{ at, phase, method, path, status, ok, detail }[]`); malformed entries are dropped. */
export function parseStoredSteps(text: string): ChangeStepDto[] {
  const raw = parseJson(text);
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((s) => ({
    at: typeof s.at === "string" ? s.at : "",
    phase: typeof s.phase === "string" ? s.phase : "",
    method: typeof s.method === "string" ? s.method : "",
    path: typeof s.path === "string" ? s.path : "",
    status: typeof s.status === "number" ? s.status : null,
    ok: s.ok === true,
    detail: typeof s.detail === "string" ? s.detail : null,
  }));
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  if (a.menu !== b.menu) return false;
  const ak = Object.entries(a.key);
  return ak.length === Object.keys(b.key).length && ak.every(([k, v]) => b.key[k] === v);
}

/** `<sealed, fingerprint 3f2a9c1d>` for a secret placeholder, using the fingerprint stored in the request params. */
export function showValue(value: PlanValue, params: Record<string, unknown>): string {
  if (typeof value === "string") return value;
  const fp = params[value.secret];
  return `<sealed, fingerprint ${typeof fp === "string" ? fp : "unknown"}>`;
}

function keyWords(ref: ObjectRef): string {
  return Object.entries(ref.key)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

/**
 * The REST calls of a plan, in order: add → `PUT /rest<menu>`, set → `PATCH /rest<menu>/<.id of key>`
 * (singleton: `POST /rest<menu>/set`), remove → `DELETE /rest<menu>/<.id of key>` (ROUTEROS.md: `.id`
 * is looked up by natural key just before the call).
 */
export function plannedCalls(ops: PlannedOp[], params: Record<string, unknown>): ChangeCallDto[] {
  const body = (values: Record<string, PlanValue>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, showValue(v, params)]));
  return ops.map((op) => {
    const base = `/rest${op.ref.menu}`;
    if (op.op === "add") return { method: "PUT", path: base, body: { ...op.ref.key, ...body(op.values) } };
    if (op.op === "set" && op.ref.singleton) return { method: "POST", path: `${base}/set`, body: body(op.values) };
    const byKey = `${base}/<.id of ${keyWords(op.ref)}>`;
    if (op.op === "set") return { method: "PATCH", path: byKey, body: body(op.values) };
    return { method: "DELETE", path: byKey };
  });
}

/**
 * Field-by-field diff of a plan against the base state read when it was proposed: add → every value
 * (current null), set → each value written (current as read), remove → each compared field (proposed null).
 */
export function plannedDiff(ops: PlannedOp[], base: ObjectSnapshot[], params: Record<string, unknown>): ChangeFieldDto[] {
  const out: ChangeFieldDto[] = [];
  for (const op of ops) {
    const current = base.find((s) => sameRef(s.ref, op.ref))?.values ?? null;
    const object = op.ref.label;
    if (op.op === "remove") {
      const fields = [...Object.keys(op.ref.key), ...op.ref.fields];
      for (const field of [...new Set(fields)]) out.push({ object, field, current: current?.[field] ?? null, proposed: null });
      continue;
    }
    const values = op.op === "add" ? { ...op.ref.key, ...op.values } : op.values;
    for (const [field, value] of Object.entries(values)) out.push({ object, field, current: current?.[field] ?? null, proposed: showValue(value, params) });
  }
  return out;
}
