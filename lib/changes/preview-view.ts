import { describeKey } from "./router-objects";
import type { FieldChangeView, PlannedCallView } from "./workflow-types";
import type { ChangePlan, ObjectValues, PlanValue } from "./types";
import { refId } from "./engine/refs";

function shown(value: PlanValue, fingerprints: Record<string, string>): string {
  return typeof value === "string" ? value : `<sealed, fingerprint ${fingerprints[value.secret] ?? "unknown"}>`;
}

function shownValues(values: Record<string, PlanValue>, fingerprints: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, shown(v, fingerprints)]));
}

/**
 * The exact REST calls of a plan, in order: add → `PUT /rest<menu>` (with `place-before=<.id of the row it
 * goes before>` when placed, e.g. `<.id of the first rule of chain forward>`); set → `PATCH /rest<menu>/<.id of
 * key>` (singleton: `POST /rest<menu>/set`); remove → `DELETE /rest<menu>/<.id of key>`. Secret values
 * are shown as `<sealed, fingerprint 3f2a9c1d>`.
 */
export function plannedCalls(plan: Pick<ChangePlan, "ops">, fingerprints: Record<string, string>): PlannedCallView[] {
  return plan.ops.map((op) => {
    const byKey = `/rest${op.ref.menu}/<.id of ${describeKey(op.ref)}>`;
    if (op.op === "add") {
      const place: Record<string, string> = op.placeBefore ? { "place-before": `<.id of the ${op.placeBefore.label}>` } : {};
      return { method: "PUT", path: `/rest${op.ref.menu}`, body: { ...shownValues(op.values, fingerprints), ...place } };
    }
    if (op.op === "remove") return { method: "DELETE", path: byKey };
    if (op.ref.singleton) return { method: "POST", path: `/rest${op.ref.menu}/set`, body: shownValues(op.values, fingerprints) };
    return { method: "PATCH", path: byKey, body: shownValues(op.values, fingerprints) };
  });
}

/**
 * Field by field, the router's current value (as read for the plan) beside the proposed one: an add
 * lists its values (current null), a set the fields it writes, a remove the object's fields (proposed null).
 */
export function fieldChanges(plan: ChangePlan, fingerprints: Record<string, string>): FieldChangeView[] {
  const current = new Map<string, ObjectValues | null>(plan.base.map((s) => [refId(s.ref), s.values]));
  const out: FieldChangeView[] = [];
  for (const op of plan.ops) {
    const now = current.get(refId(op.ref)) ?? null;
    if (op.op === "remove") {
      for (const field of [...Object.keys(op.ref.key), ...op.ref.fields])
        out.push({ object: op.ref.label, field, current: now?.[field] ?? null, proposed: null });
      for (const field of op.ref.secretFields ?? []) out.push({ object: op.ref.label, field, current: "<secret>", proposed: null });
      continue;
    }
    for (const [field, value] of Object.entries(op.values)) {
      const isSecret = typeof value !== "string";
      const before = isSecret ? (now ? "<secret>" : null) : (now?.[field] ?? null);
      out.push({ object: op.ref.label, field, current: before, proposed: shown(value, fingerprints) });
    }
  }
  return out;
}
