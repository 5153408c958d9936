import type { ChangeStepDto } from "./dto";
import type { ObjectSnapshot, PlannedOp } from "./types";

/**
 * Reads a stored target (ChangeTarget.baseState / plan / steps JSON, as lib/changes/workflow-propose.ts
 * and the engine write them) for the request page. Pure. Tolerant: a bare array (`ObjectSnapshot[]`,
 * `PlannedOp[]`) or the whole object (`{ base }`, StoredPlan `{ ops, notes, disruptsInterfaces,
 * cutsManagementPath, managementInterface }`); unreadable JSON gives empty values, never a throw.
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
