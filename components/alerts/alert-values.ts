/**
 * The values an alert rule compared (lib/alerts/rule-types.ts; units in docs/monitoring.md), as `name value` pairs
 * joined by commas: numbers rounded to two decimals, null and undefined left out.
 */
export function alertValuesText(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k} ${typeof v === "number" ? Math.round(v * 100) / 100 : String(v)}`)
    .join(", ");
}
