const BIT_UNITS = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"] as const;

/**
 * Formats a rate in bits per second with SI prefixes (1 kbit/s = 1000 bit/s), 3 significant digits:
 * 0 → "0 bit/s", 1_250_000 → "1.25 Mbit/s". Negative or non-finite input → "–".
 */
export function formatBitsPerSecond(bps: number): string {
  if (!Number.isFinite(bps) || bps < 0) return "–";
  let value = bps;
  let unit = 0;
  while (value >= 1000 && unit < BIT_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 100 || unit === 0 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BIT_UNITS[unit]}`;
}
