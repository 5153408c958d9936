import { bitRateScale, formatBitRate, formatBytes, formatPacketRate, packetRateScale, type UnitScale } from "@/components/ui/format";
import type { MetricUnit } from "@/lib/metrics/descriptors";

const IEC_PREFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi"] as const;

/** The IEC scale (B, KiB, MiB, GiB...) for byte values, chosen from the largest (`maxBytes`, bytes). */
export function byteScale(maxBytes: number): UnitScale {
  const abs = Math.abs(maxBytes);
  const exp = !Number.isFinite(abs) || abs < 1024 ? 0 : Math.min(IEC_PREFIXES.length - 1, Math.floor(Math.log2(abs) / 10));
  return { unit: `${IEC_PREFIXES[exp]}B`, divisor: 1024 ** exp };
}

/** How a chart shows values of one unit: the axis scale for a largest value, and an exact tooltip text. */
export type UnitFormat = { scale(max: number): UnitScale; format(value: number): string };

const FORMATS: Record<MetricUnit, UnitFormat> = {
  "bits/s": { scale: bitRateScale, format: formatBitRate },
  "packets/s": { scale: packetRateScale, format: formatPacketRate },
  bytes: { scale: byteScale, format: formatBytes },
  "%": { scale: () => ({ unit: "%", divisor: 1 }), format: (v) => `${v.toLocaleString("en-US", { maximumFractionDigits: 1 })}%` },
  count: { scale: () => ({ unit: "count", divisor: 1 }), format: (v) => v.toLocaleString("en-US", { maximumFractionDigits: 1 }) },
};

/** The {@link UnitFormat} of a descriptor unit (lib/metrics/descriptors.ts MetricUnit). */
export function unitFormat(unit: MetricUnit): UnitFormat {
  return FORMATS[unit];
}
