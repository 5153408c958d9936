import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RouterOsBadResponseError } from "./errors";
import { toRouterOsRecord, toRouterOsRows } from "./rows";
import { MANY, REQUEST, anyJson, jsonStringUnit, outcome, stringsIn } from "./testdata/reply-arbitraries";

/*
 * Property-based tests of the RouterOS reply parser: rows and records. Whatever a router (or something posing
 * as one) answers, the parser returns well-formed values or throws one of its documented errors. Shared
 * generators: lib/routeros/testdata/reply-arbitraries.ts.
 */

/** Keys a hostile reply might use, including ones that mean something to JavaScript objects. */
const rowKey = fc.oneof(
  fc.constantFrom(".id", "name", "mtu", "comment", "__proto__", "constructor", "toString", "hasOwnProperty", "0", ""),
  fc.string({ unit: jsonStringUnit, maxLength: 8 }),
);
const scalar = fc.oneof(
  fc.string({ unit: jsonStringUnit, maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const rowLike = fc.dictionary(rowKey, fc.oneof({ arbitrary: scalar, weight: 12 }, { arbitrary: anyJson, weight: 1 }), { maxKeys: 6 });
const replyValue = fc
  .oneof(rowLike, fc.array(rowLike, { maxLength: 3 }), fc.array(fc.oneof(rowLike, anyJson), { maxLength: 3 }), anyJson)
  // Through JSON text, as replies arrive: `__proto__` becomes an own property, as JSON.parse makes it.
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** True for an object whose every value is a string, number, boolean or null: what a RouterOS row may be. */
function isRowObject(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => x === null || ["string", "number", "boolean"].includes(typeof x))
  );
}

/** The row's entries as the documentation says: strings kept, numbers and booleans stringified, nulls dropped. */
function expectedEntries(v: Record<string, unknown>): [string, string][] {
  return Object.entries(v)
    .filter(([, x]) => x !== null)
    .map(([k, x]): [string, string] => [k, String(x)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function entriesOf(row: Record<string, string>): [string, string][] {
  return Object.entries(row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every key inside `v`. */
function keysIn(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(keysIn);
  if (typeof v === "object" && v !== null) return Object.entries(v).flatMap(([k, x]) => [k, ...keysIn(x)]);
  return [];
}

/** Expects `err` to be a RouterOsBadResponseError whose message holds none of the values (8+ characters, not part of a key, which it may name) in `v`. */
function expectValueFreeBadResponse(err: unknown, v: unknown): void {
  expect(err).toBeInstanceOf(RouterOsBadResponseError);
  const keys = keysIn(v);
  for (const s of stringsIn(v)) {
    if (s.length >= 8 && !keys.some((k) => k.includes(s))) expect((err as Error).message).not.toContain(s);
  }
}

describe("rows and records", () => {
  it("toRouterOsRows accepts exactly null, a row object or an array of them, keeping every property", () => {
    fc.assert(
      fc.property(replyValue, (v) => {
        const shapeOk = v === null || isRowObject(v) || (Array.isArray(v) && v.every(isRowObject));
        const r = outcome(() => toRouterOsRows(v, REQUEST));
        if ("error" in r) {
          expect(shapeOk).toBe(false);
          expectValueFreeBadResponse(r.error, v);
          return;
        }
        expect(shapeOk).toBe(true);
        const sources = v === null ? [] : Array.isArray(v) ? v : [v];
        expect((r.value as Record<string, string>[]).map(entriesOf)).toEqual(sources.map((s) => expectedEntries(s as Record<string, unknown>)));
      }),
      MANY,
    );
  });

  it("toRouterOsRecord accepts exactly a row object or a one-element array of one, keeping every property", () => {
    fc.assert(
      fc.property(replyValue, (v) => {
        const source = Array.isArray(v) && v.length === 1 ? v[0] : v;
        const shapeOk = !Array.isArray(source) && isRowObject(source);
        const r = outcome(() => toRouterOsRecord(v, REQUEST));
        if ("error" in r) {
          expect(shapeOk).toBe(false);
          expectValueFreeBadResponse(r.error, v);
          return;
        }
        expect(shapeOk).toBe(true);
        expect(entriesOf(r.value as Record<string, string>)).toEqual(expectedEntries(source as Record<string, unknown>));
      }),
      MANY,
    );
  });
});
