import { formatBitRate, formatPacketRate } from "@/components/ui/format";
import type { ThresholdField, ThresholdUnit } from "@/lib/alerts/admin/threshold-fields";

/** A threshold value in words with its unit: "500 Mbit/s", "1 packets/s", "90 %", "5 minutes", "2 polls". */
export function formatThreshold(value: number, unit: ThresholdUnit | null): string {
  switch (unit) {
    case "bits/s":
      return formatBitRate(value);
    case "packets/s":
      return formatPacketRate(value);
    case "percent":
      return `${value} %`;
    case "minutes":
      return `${value} minute${value === 1 ? "" : "s"}`;
    case "polls":
      return `${value} poll${value === 1 ? "" : "s"}`;
    default:
      return String(value);
  }
}

/**
 * A rule's thresholds in words, one per line ("Fires above 500 Mbit/s", "MACsec counters summed: rx-sc-not-valid, …");
 * "no thresholds" for a type without fields (or one this version does not know: its stored JSON is shown).
 */
export function ThresholdWords({ fields, known, json }: { fields: ThresholdField[]; known: boolean; json: string }) {
  if (fields.length === 0)
    return <span className="text-slate-500">no thresholds{!known && json !== "{}" && <span className="ml-1 font-mono text-xs">{json}</span>}</span>;
  return (
    <ul className="space-y-0.5">
      {fields.map((f) => (
        <li key={f.key}>
          {f.label}{" "}
          <span className="font-medium text-slate-900">
            {f.kind === "choices" ? f.value.join(", ") || "none" : f.value === null ? "default" : formatThreshold(f.value, f.unit)}
          </span>
        </li>
      ))}
    </ul>
  );
}
