import { z } from "zod";
import { isRuleType, THRESHOLD_SCHEMAS } from "../rule-types";

/**
 * The thresholds of a rule as form fields and as words: read from the zod schema of the rule's type
 * (lib/alerts/rule-types.ts THRESHOLD_SCHEMAS), so a type added there gets fields without a change here. Units:
 * polls, minutes, percent, bits/s, packets/s (docs/monitoring.md "Rules"). A type this version does not know, or one
 * whose schema has no fields (e.g. `z.strictObject({})`), has no fields: the pages say "no thresholds".
 */

/** The unit of a threshold value. */
export type ThresholdUnit = "polls" | "minutes" | "percent" | "bits/s" | "packets/s";

/** One threshold as the form edits it: a number with its unit and bounds, or a set of MACsec counters. */
export type ThresholdField =
  | {
      kind: "number";
      key: string;
      label: string;
      unit: ThresholdUnit | null;
      min: number | null;
      max: number | null;
      integer: boolean;
      /** Blank allowed (the type's schema makes it optional or has a default). */
      optional: boolean;
      value: number | null;
    }
  | { kind: "choices"; key: string; label: string; options: string[]; value: string[] };

/** What the rate or level thresholds (`above`, `clearBelow`) of each type measure. */
const LEVEL_UNIT: Record<string, ThresholdUnit> = {
  "macsec-errors": "packets/s",
  "macvlan-traffic": "bits/s",
  "cpu-high": "percent",
  "memory-high": "percent",
};

/** Labels (and units) of the threshold keys the built-in types use; other keys are labelled by their name. */
const KEYS: Record<string, { label: string; unit?: ThresholdUnit }> = {
  above: { label: "Fires above" },
  clearBelow: { label: "Resolves below" },
  polls: { label: "Fires after", unit: "polls" },
  clearPolls: { label: "Resolves after", unit: "polls" },
  minutes: { label: "Fires after at least", unit: "minutes" },
  counters: { label: "MACsec counters summed" },
};

/** The schema inside `.default()` / `.optional()` wrappers, and whether there was one. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let inner = schema;
  let optional = false;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) {
    optional = true;
    inner = inner.unwrap() as z.ZodType;
  }
  return { inner, optional };
}

/**
 * The editable thresholds of a rule type, with the values of `stored` (the rule's thresholds, parsed JSON). Keys whose
 * schema is neither a number nor a list of choices are left out (the pages keep them as stored).
 * @returns [] for an unknown type or a type without thresholds
 */
export function thresholdFields(type: string, stored: Record<string, unknown>): ThresholdField[] {
  if (!isRuleType(type)) return [];
  const schema: z.ZodType = THRESHOLD_SCHEMAS[type];
  if (!(schema instanceof z.ZodObject)) return [];
  const fields: ThresholdField[] = [];
  for (const [key, raw] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const { inner, optional } = unwrap(raw);
    const known = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    const label = known?.label ?? key;
    const value = stored[key];
    if (inner instanceof z.ZodNumber) {
      fields.push({
        kind: "number",
        key,
        label,
        unit: known?.unit ?? (key === "above" || key === "clearBelow" ? (LEVEL_UNIT[type] ?? null) : null),
        min: inner.minValue,
        max: inner.maxValue,
        integer: inner.isInt,
        optional,
        value: typeof value === "number" ? value : null,
      });
    } else if (inner instanceof z.ZodArray && inner.element instanceof z.ZodEnum) {
      const options = (inner.element.options as unknown[]).map(String);
      fields.push({ kind: "choices", key, label, options, value: Array.isArray(value) ? value.map(String) : [] });
    }
  }
  return fields;
}

/**
 * Merges what the form sent into the stored thresholds: each editable field takes its new value (a blank optional
 * number is removed, so the type's default applies); keys the form does not edit are kept.
 * @param fields the type's fields ({@link thresholdFields})
 * @param sent threshold key → number, null (blank) or list of choices
 */
export function mergeThresholds(fields: ThresholdField[], stored: Record<string, unknown>, sent: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const f of fields) {
    if (!Object.hasOwn(sent, f.key)) continue;
    const v = sent[f.key];
    if (v === null || v === undefined) delete merged[f.key];
    else merged[f.key] = v;
  }
  return merged;
}
