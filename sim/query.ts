import { badRequest } from "./errors";
import type { Row } from "./types";

/**
 * Print filters as the RouterOS REST API applies them: GET `?name=x&.proplist=a,b` (equality per
 * field, all must hold) and POST print `".query"`, which follows the query rules of MikroTik's API
 * manual ("Queries"), words written without the API's leading `?`:
 * - the stack initially holds an infinite number of `true` values; at the end the row is printed
 *   unless the stack holds at least one `false`;
 * - `name` pushes true if the row has a value for name, `-name` if it has none, `name=x` if name
 *   equals x, `<name=x` / `>name=x` if it is less / greater (numeric when both are numbers);
 * - `#operations` applies operations to the stack, left to right: a run of decimal digits is a stack
 *   index (top = 0); an index followed by another character pushes a copy of the value at that index,
 *   an index ending the word replaces all values with that value; `!` negates the top value; `&` and
 *   `|` pop two values and push their AND / OR; `.` after an index does nothing, after anything else
 *   pushes a copy of the top value. Popping below the pushed values reads the infinite bottom (true
 *   until an index ending a word replaced all values).
 *
 * From field reports of RouterOS 7.23 (not the manual): a field a row does not have never equals any
 * value, so `disabled=false` (`.query` or GET `?disabled=false`) does not match a row without
 * `disabled`. An operation character other than digits, `!`, `&`, `|`, `.` is refused with 400
 * `unknown query operator` (assumed wording).
 */

type Predicate = (row: Row) => boolean;

/** The stack of one evaluation: explicit values on top of an infinite run of `bottom`. */
interface Stack {
  values: boolean[];
  bottom: boolean;
}

type Step = (stack: Stack, row: Row) => void;

function equals(row: Row, field: string, value: string): boolean {
  return row[field] === value;
}

function compare(row: Row, field: string, value: string, sign: 1 | -1): boolean {
  const v = row[field];
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
  if (op === undefined || field === undefined) throw badRequest(`unknown query word ${w}`);
  if (op === ">") return (r) => compare(r, field, value ?? "", 1);
  if (op === "<") return (r) => compare(r, field, value ?? "", -1);
  if (value !== undefined) return (r) => equals(r, field, value);
  if (field.startsWith("-")) return (r) => r[field.slice(1)] === undefined;
  return (r) => r[field] !== undefined;
}

function pop(stack: Stack): boolean {
  return stack.values.pop() ?? stack.bottom;
}

function at(stack: Stack, index: number): boolean {
  return stack.values[stack.values.length - 1 - index] ?? stack.bottom;
}

/** Compiles the operations after `#` into stack steps; throws 400 on an unknown character. */
function operations(ops: string): Step[] {
  const steps: Step[] = [];
  let afterIndex = false;
  for (let i = 0; i < ops.length;) {
    const digits = /^\d+/.exec(ops.slice(i))?.[0];
    if (digits !== undefined) {
      const index = Number(digits);
      i += digits.length;
      if (i === ops.length) {
        steps.push((s) => {
          s.bottom = at(s, index);
          s.values = [];
        });
      } else {
        steps.push((s) => {
          s.values.push(at(s, index));
        });
      }
      afterIndex = true;
      continue;
    }
    const c = ops[i];
    i += 1;
    if (c === "!") {
      steps.push((s) => {
        s.values.push(!pop(s));
      });
    } else if (c === "&" || c === "|") {
      steps.push((s) => {
        const b = pop(s);
        const a = pop(s);
        s.values.push(c === "&" ? a && b : a || b);
      });
    } else if (c === ".") {
      if (!afterIndex) {
        steps.push((s) => {
          s.values.push(at(s, 0));
        });
      }
    } else throw badRequest(`unknown query operator #${ops}`);
    afterIndex = false;
  }
  return steps;
}

/**
 * Compiles a `.query` array (API query words, see above) into one row predicate. Throws 400 for a
 * word that is not a query word or an unknown operation character.
 */
export function compileQuery(words: readonly string[]): Predicate {
  const steps = words.flatMap((w): Step[] => {
    if (w.startsWith("#")) return operations(w.slice(1));
    const test = word(w);
    return [
      (s, r) => {
        s.values.push(test(r));
      },
    ];
  });
  return (row) => {
    const stack: Stack = { values: [], bottom: true };
    for (const step of steps) step(stack, row);
    return stack.bottom && stack.values.every((v) => v);
  };
}

/** Equality filters from GET query parameters (every parameter except `.proplist`); an absent field matches nothing. */
export function compileGetFilters(params: URLSearchParams): Predicate {
  const filters: Array<[string, string]> = [];
  for (const [k, v] of params) if (k !== ".proplist") filters.push([k, v]);
  return (r) => filters.every(([k, v]) => equals(r, k, v));
}

/** Parses `.proplist` given as `a,b` or `["a","b"]`; undefined = all fields. */
export function parseProplist(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).flatMap((v) => v.split(","));
  return String(value)
    .split(",")
    .filter((v) => v !== "");
}

/** Keeps only the `.proplist` fields of a row, in proplist order (a missing field is left out). */
export function project(row: Row, proplist: readonly string[] | undefined): Row {
  if (!proplist) return row;
  const out: Row = {};
  for (const f of proplist) if (row[f] !== undefined) out[f] = row[f];
  return out;
}
