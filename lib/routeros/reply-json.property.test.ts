import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeControlCharacters, parseLenientJson } from "./lenient-json";
import { C0, C0_NOT_JSON_SPACE, JSON_TOKENS, MANY, SOME, anyJson, garbage, outcome, routerOsJson } from "./testdata/reply-arbitraries";

/*
 * Property-based tests of the RouterOS reply parser: lenient JSON. Whatever a router (or something posing as
 * one) answers, the parser returns well-formed values or throws one of its documented errors. Shared
 * generators: lib/routeros/testdata/reply-arbitraries.ts.
 */

const garbageWithoutControls = fc.array(fc.constantFrom(...JSON_TOKENS), { maxLength: 30 }).map((parts) => parts.join(""));

/** Valid JSON texts, scalars (numbers, literals) as often as structures. */
const jsonText = fc.oneof(
  fc.json(),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom("true", "false", "null"),
);

describe("parseLenientJson", () => {
  it("parses JSON.stringify of any JSON value back to that value", () => {
    fc.assert(
      fc.property(anyJson, (v) => {
        const text = JSON.stringify(v);
        // JSON.parse is the reference (it reads -0 as 0, as JSON.stringify writes it).
        expect(parseLenientJson(text)).toEqual(JSON.parse(text));
      }),
      SOME,
    );
  });

  it("reads raw control characters inside strings as RouterOS sends them, in values and keys", () => {
    fc.assert(
      fc.property(anyJson, fc.boolean(), (v, looseBackslash) => {
        expect(parseLenientJson(routerOsJson(v, looseBackslash))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      SOME,
    );
  });

  it("throws nothing but SyntaxError on garbage", () => {
    fc.assert(
      fc.property(garbage, (text) => {
        const r = outcome(() => parseLenientJson(text));
        if ("error" in r) expect(r.error).toBeInstanceOf(SyntaxError);
      }),
      MANY,
    );
  });

  it("agrees with JSON.parse on text without raw control characters (nothing JSON refuses passes)", () => {
    fc.assert(
      fc.property(fc.oneof(garbageWithoutControls, fc.json()), (text) => {
        const lenient = outcome(() => parseLenientJson(text));
        const strict = outcome(() => JSON.parse(text));
        expect("error" in lenient).toBe("error" in strict);
        if ("value" in lenient && "value" in strict) expect(lenient.value).toEqual(strict.value);
      }),
      MANY,
    );
  });

  it("never glues two tokens together across a stray control character outside strings", () => {
    fc.assert(
      fc.property(jsonText, jsonText, fc.constantFrom(...C0_NOT_JSON_SPACE), (a, b, ch) => {
        fc.pre("error" in outcome(() => JSON.parse(`${a} ${b}`)));
        const r = outcome(() => parseLenientJson(a + ch + b));
        expect("error" in r).toBe(true);
      }),
    );
  });

  it("escapeControlCharacters leaves no raw control character but JSON whitespace, and changes nothing without them", () => {
    fc.assert(
      fc.property(garbage, (text) => {
        const out = escapeControlCharacters(text);
        expect([...out].filter((c) => C0_NOT_JSON_SPACE.includes(c))).toEqual([]);
        if (![...text].some((c) => C0.includes(c))) expect(out).toBe(text);
      }),
      MANY,
    );
  });
});
