/**
 * Helpers shared by the benchmarks in bench/ (not a benchmark itself: bench/run.ts skips this file).
 */

/** The value after `--<name>` on the command line, or `fallback` when the flag or its value is missing. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value ? value : fallback;
}

/** The nearest-rank `p`th percentile (0–100) of `values` (any unit; not rounded), or 0 when there are none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** `n` rounded to `digits` decimals (default 2; half up), for the figures a bench prints. */
export function round(n: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(n * scale) / scale;
}
