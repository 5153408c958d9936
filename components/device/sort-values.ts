/** A value a table column sorts by: text, a number, or null (absent: always last). */
export type SortValue = string | number | null;

/** Sort direction of a client-side sorted table. */
export type SortDirection = "asc" | "desc";

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** An IPv4 address (optionally with `/prefix`) as one number that sorts like the address, or null when `value` is not one. */
function ipv4Rank(value: string): number | null {
  const m = IPV4.exec(value);
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return null;
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  return ((a * 256 + b) * 256 + c) * 256 + d + Number(m[5] ?? 32) / 100;
}

/**
 * Compares two column values for an ascending sort: nulls after everything, numbers by value, IPv4 addresses and
 * CIDRs by address (`10.0.0.9` before `10.0.0.10`) then prefix, other text case-insensitively with embedded
 * numbers compared as numbers (`ether2` before `ether10`).
 */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  const ia = ipv4Rank(sa);
  const ib = ipv4Rank(sb);
  if (ia !== null && ib !== null) return ia - ib;
  return sa.localeCompare(sb, "en", { numeric: true, sensitivity: "base" });
}

/**
 * `rows` sorted by `value` in `direction` (a stable sort: equal rows keep their order). Nulls stay last in both
 * directions. Returns a new array.
 */
export function sortRows<R>(rows: readonly R[], value: (row: R) => SortValue, direction: SortDirection): R[] {
  const sign = direction === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((x, y) => {
      if (x.v === null || y.v === null) return compareSortValues(x.v, y.v) || x.index - y.index;
      return sign * compareSortValues(x.v, y.v) || x.index - y.index;
    })
    .map((e) => e.row);
}

/** True when any of `fields` contains `search` (trimmed, case-insensitive); an empty search matches every row. */
export function matchesSearch(search: string, fields: ReadonlyArray<string | null>): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === "") return true;
  return fields.some((f) => f !== null && f.toLowerCase().includes(needle));
}
