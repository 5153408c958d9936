import { badRequest } from "./errors";
import type { Row } from "./types";

/**
 * Print filters as the RouterOS REST API applies them: GET `?name=x&.proplist=a,b` (equality per
 * field, all must hold) and POST print `".query"` (the API query stack). Query words: `field=value`
 * equality, `field<value` / `field>value` comparison (numeric when both are numbers), `field`
 * present, `-field` absent; operators `#|` (or the two top), `#&` (and), `#!` (not the top), `#.`
 * (duplicate the top). Whatever is left on the stack is ANDed. A false flag may be absent from a
 * row, so `disabled=false` also matches a row without `disabled` (RouterOS treats both the same).
 */

type Predicate = (row: Row) => boolean;

function valueOf(row: Row, field: string): string | undefined {
  return row[field];
}

function equals(row: Row, field: string, value: string): boolean {
  const v = valueOf(row, field);
  if (v === undefined) return value === "false" || value === "";
  return v === value;
}

function compare(row: Row, field: string, value: string, sign: 1 | -1): boolean {
  const v = valueOf(row, field);
  if (v === undefined) return false;
  const a = Number(v);
  const b = Number(value);
  const d = Number.isFinite(a) && Number.isFinite(b) && v !== "" && value !== "" ? a - b : v.localeCompare(value);
  return sign === 1 ? d > 0 : d < 0;
}

function word(w: string): Predicate {
  const m = /^([<>]?)([^=<>]*)(?:=(.*))?$/s.exec(w);
  if (!m) throw badRequest(`unknown query word ${w}`);
  const [, op, field, value] = m;
  if (op === ">") return (r) => compare(r, field, value ?? "", 1);
  if (op === "<") return (r) => compare(r, field, value ?? "", -1);
  if (value !== undefined) return (r) => equals(r, field, value);
  if (field.startsWith("-")) return (r) => valueOf(r, field.slice(1)) === undefined;
  return (r) => valueOf(r, field) !== undefined;
}

/** Compiles a `.query` array into one predicate; throws 400 on a malformed stack. */
export function compileQuery(words: readonly string[]): Predicate {
  const stack: Predicate[] = [];
  const pop = (): Predicate => {
    const p = stack.pop();
    if (!p) throw badRequest("invalid query: stack underflow");
    return p;
  };
  for (const w of words) {
    if (w === "#|") {
      const b = pop();
      const a = pop();
      stack.push((r) => a(r) || b(r));
    } else if (w === "#&") {
      const b = pop();
      const a = pop();
      stack.push((r) => a(r) && b(r));
    } else if (w === "#!") {
      const a = pop();
      stack.push((r) => !a(r));
    } else if (w === "#.") {
      const a = pop();
      stack.push(a, a);
    } else if (w.startsWith("#")) {
      throw badRequest(`unknown query operator ${w}`);
    } else {
      stack.push(word(w));
    }
  }
  return (r) => stack.every((p) => p(r));
}

/** Equality filters from GET query parameters (every parameter except `.proplist`). */
export function compileGetFilters(params: URLSearchParams): Predicate {
  const filters: Array<[string, string]> = [];
  for (const [k, v] of params) if (k !== ".proplist") filters.push([k, v]);
  return (r) => filters.every(([k, v]) => equals(r, k, v));
}

/** Parses `.proplist` given as `a,b` or `["a","b"]`; undefined = all fields. */
export function parseProplist(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).flatMap((v) => v.split(","));
  return String(value).split(",").filter((v) => v !== "");
}

/** Keeps only the `.proplist` fields of a row, in proplist order (a missing field is left out). */
export function project(row: Row, proplist: readonly string[] | undefined): Row {
  if (!proplist) return row;
  const out: Row = {};
  for (const f of proplist) if (row[f] !== undefined) out[f] = row[f];
  return out;
}
