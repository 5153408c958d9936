/**
 * The min–max band of the device charts: rollup-sourced points (lib/metrics/query.ts SeriesPoint) carry
 * each field's bucket minimum and maximum, drawn as a shaded range behind the average line.
 */
import type { StoredResolution } from "@/lib/metrics/resolutions";
import { resolutionLabel } from "@/lib/metrics/resolutions";

/** Key of the band of `field` on a drawn point: `[min, max]` in the field's unit, or null (unknown: nothing drawn). */
export const bandKey = (field: string) => `${field}Band`;

type BandSource = { t: number; min?: Record<string, number | null> | null; max?: Record<string, number | null> | null };

/**
 * `points` with `bandKey(field)` = `[min, max]` of each of `fields` added where both are known (null
 * elsewhere), so a Recharts `Area` with that dataKey draws a range. Points without `min`/`max` (raw
 * sources) get null bands. Does not change the input.
 */
export function withBands<P extends BandSource>(points: readonly P[], fields: readonly string[]): (P & Record<string, unknown>)[] {
  return points.map((p) => {
    const bands: Record<string, [number, number] | null> = {};
    for (const field of fields) {
      const low = p.min?.[field];
      const high = p.max?.[field];
      bands[bandKey(field)] = typeof low === "number" && typeof high === "number" ? [low, high] : null;
    }
    return { ...p, ...bands };
  });
}

/** A bucket width in seconds as read on a chart: `10 s`, `5 min`, `2 h`, `1 day`. */
export function formatBucket(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "1 day" : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * The caption saying what a chart shows, e.g. "1-hour rollups, one point per 2 h: line = average, band =
 * min–max" or "raw samples, one point per 10 s (averaged)".
 */
export function resolutionCaption(sourceResolutionSec: StoredResolution, bucketSec: number): string {
  const base = `${resolutionLabel(sourceResolutionSec)}, one point per ${formatBucket(bucketSec)}`;
  return sourceResolutionSec === 0 ? `${base} (averaged)` : `${base}: line = average, shaded band = min–max`;
}
