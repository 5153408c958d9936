import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { interfaceMtu, routerOsBool, routerOsCounter, routerOsInt } from "./routeros";
import { MANY, accepted, candidates, padded } from "./testdata/arbitraries";

/*
 * Property-based tests of the RouterOS value validators (lib/validation/routeros.ts): MTU, booleans, integers
 * and counters. Shared generators, and how the properties are built: lib/validation/testdata/arbitraries.ts.
 */

describe("MTU", () => {
  it("accepts exactly the integers 64-65535, as numbers", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -100, max: 70_000 }), fc.double(), fc.constantFrom(63, 64, 65535, 65536, -0, NaN, Infinity)), (n) => {
        const r = accepted(interfaceMtu, n);
        expect(r.ok).toBe(Number.isInteger(n) && n >= 64 && n <= 65535);
        if (r.ok) expect(r.data).toBe(n);
      }),
      MANY,
    );
  });

  it("accepts exactly the whole-number strings 64-65535 (after trimming), as numbers", () => {
    const digits = fc.oneof(
      fc.integer({ min: 0, max: 70_000 }).map(String),
      fc.tuple(fc.integer({ min: 0, max: 70_000 }), fc.integer({ min: 1, max: 8 })).map(([n, w]) => String(n).padStart(w, "0")),
      fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 8 }),
      fc.tuple(fc.constantFrom(..."0123456789"), fc.integer({ min: 300, max: 400 })).map(([d, n]) => d.repeat(n)),
    );
    fc.assert(
      fc.property(candidates(digits, "0123456789.-+e ", 12), (s) => {
        const t = s.trim();
        const expected = /^[0-9]+$/.test(t) && BigInt(t) >= BigInt(64) && BigInt(t) <= BigInt(65535);
        const r = accepted(interfaceMtu, s);
        expect(r.ok).toBe(expected);
        if (r.ok) expect(r.data).toBe(Number(t));
      }),
      MANY,
    );
  });
});

describe("RouterOS scalar readers", () => {
  it("routerOsBool accepts booleans and exactly `true`/`false`/`yes`/`no`, true for `true` and `yes`", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.boolean(),
          fc.mixedCase(fc.constantFrom("true", "false", "yes", "no", "on", "off", "1", "0")),
          padded(fc.constantFrom("true", "yes")),
          fc.anything(),
        ),
        (v) => {
          const r = accepted(routerOsBool, v);
          const ok = typeof v === "boolean" || v === "true" || v === "false" || v === "yes" || v === "no";
          expect(r.ok).toBe(ok);
          if (r.ok) expect(r.data).toBe(v === true || v === "true" || v === "yes");
        },
      ),
      MANY,
    );
  });

  const integerText = fc.oneof(
    fc.integer().map(String),
    fc.bigInt({ min: -(BigInt(2) ** BigInt(70)), max: BigInt(2) ** BigInt(70) }).map(String),
    candidates(fc.integer().map(String), "-0123456789.e+", 24),
  );

  it("routerOsInt accepts integer strings only within the safe-integer range (no silent rounding), and gives their exact value", () => {
    fc.assert(
      fc.property(integerText, (s) => {
        const r = accepted(routerOsInt, s);
        expect(r.ok).toBe(/^-?[0-9]+$/.test(s) && Number.isSafeInteger(Number(s)));
        if (r.ok) expect(BigInt(r.data)).toBe(BigInt(s));
      }),
      MANY,
    );
  });

  it("routerOsInt accepts a number only when it is a safe integer", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), (n) => {
        const r = accepted(routerOsInt, n);
        expect(r.ok).toBe(Number.isSafeInteger(n));
        if (r.ok) expect(r.data).toBe(n);
      }),
      MANY,
    );
  });

  it("routerOsCounter accepts exactly the non-negative integer strings, as exact bigints", () => {
    fc.assert(
      fc.property(fc.oneof(integerText, fc.bigInt({ min: BigInt(0), max: BigInt(2) ** BigInt(64) }).map(String)), (s) => {
        const r = accepted(routerOsCounter, s);
        expect(r.ok).toBe(/^[0-9]+$/.test(s));
        if (r.ok) expect(r.data).toBe(BigInt(s));
      }),
      MANY,
    );
  });

  it("routerOsCounter never throws on a number and accepts only non-negative integers", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), (n) => {
        const r = accepted(routerOsCounter, n);
        expect(r.ok).toBe(Number.isSafeInteger(n) && n >= 0);
        if (r.ok) expect(r.data).toBe(BigInt(n));
      }),
    );
  });
});
