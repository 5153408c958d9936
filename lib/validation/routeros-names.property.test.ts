import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BUILTIN_INTERFACE_LISTS,
  allowedInterfaceList,
  interfaceListName,
  interfaceName,
  macvlanMode,
  routerOsComment,
  routerOsId,
  routerOsName,
} from "./routeros";
import { HEX, HOSTILE_CHARS, HOSTILE_NON_SPACE, MANY, accepted, candidates, hexString, mutated, padded, padding } from "./testdata/arbitraries";
import { textProblem } from "./text";

/*
 * Property-based tests of the RouterOS value validators (lib/validation/routeros.ts): names, ids and free text
 * (comments). Shared generators, and how the properties are built: lib/validation/testdata/arbitraries.ts.
 */

describe("names", () => {
  const NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:/+@";
  const ALNUM = NAME_CHARS.slice(0, 62);

  /** Oracle: 1-64 characters of letters, digits and `_-.:/+@`, starting with a letter or digit; surrounding spaces refused, not trimmed. */
  function expectedName(s: string): string | null {
    if (s.length < 1 || s.length > 64) return null;
    if (!ALNUM.includes(s.charAt(0))) return null;
    return [...s].every((c) => c.length === 1 && NAME_CHARS.includes(c)) ? s : null;
  }

  const validName = fc
    .tuple(fc.constantFrom(...ALNUM), fc.string({ unit: fc.constantFrom(...NAME_CHARS), maxLength: 63 }))
    .map(([first, rest]) => first + rest);
  const nameCandidates = fc.oneof(
    candidates(validName, NAME_CHARS, 70),
    fc.constantFrom(...BUILTIN_INTERFACE_LISTS),
    // Around the 64-character limit (fast-check keeps strings short by default).
    fc.tuple(fc.constantFrom(...ALNUM), fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 60, maxLength: 66 })).map(([first, rest]) => first + rest),
  );

  it.each([
    ["interfaceName", interfaceName],
    ["interfaceListName", interfaceListName],
    ["routerOsName", routerOsName],
  ])("%s accepts exactly the 1-64 character names of the documented alphabet, unchanged", (_label, schema) => {
    fc.assert(
      fc.property(nameCandidates, (s) => {
        const expected = expectedName(s);
        const r = accepted(schema, s);
        expect(r.ok).toBe(expected !== null);
        if (r.ok) {
          expect(r.data).toBe(expected);
          expect(schema.parse(r.data)).toBe(r.data);
        }
      }),
      MANY,
    );
  });

  it("refuses a valid name with any non-space control, bidi, zero-width or look-alike character inserted after its first character", () => {
    const unsafe = HOSTILE_NON_SPACE.filter((c) => !NAME_CHARS.includes(c));
    fc.assert(
      fc.property(validName, fc.nat(), fc.constantFrom(...unsafe), (name, at, ch) => {
        const i = 1 + (at % name.length);
        for (const schema of [interfaceName, interfaceListName, routerOsName, allowedInterfaceList]) {
          expect(schema.safeParse(name.slice(0, i) + ch + name.slice(i)).success).toBe(false);
        }
      }),
      MANY,
    );
  });

  it("allowedInterfaceList accepts `all`, `none` and exactly the valid interface-list names", () => {
    fc.assert(
      fc.property(fc.oneof(nameCandidates, fc.mixedCase(fc.constantFrom("all", "none"))), (s) => {
        const expected = expectedName(s);
        const r = accepted(allowedInterfaceList, s);
        expect(r.ok).toBe(expected !== null);
        if (r.ok) expect(r.data).toBe(expected);
      }),
      MANY,
    );
  });

  it("macvlanMode accepts exactly `bridge` and `private` (case and spaces matter)", () => {
    const modeCandidates = fc.oneof(
      padded(fc.mixedCase(fc.constantFrom("bridge", "private", "vepa", "passthru"))),
      mutated(fc.constantFrom("bridge", "private"), "abcdefghijklmnopqrstuvwxyz"),
      fc.string({ unit: "binary", maxLength: 10 }),
    );
    fc.assert(
      fc.property(modeCandidates, (s) => {
        const r = accepted(macvlanMode, s);
        expect(r.ok).toBe(s === "bridge" || s === "private");
        if (r.ok) expect(r.data).toBe(s);
      }),
      MANY,
    );
  });

  it("routerOsId accepts exactly `*` followed by one or more hex digits, untrimmed", () => {
    const validId = hexString(1).chain((first) => fc.string({ unit: fc.constantFrom(...HEX), maxLength: 8 }).map((rest) => `*${first}${rest}`));
    fc.assert(
      fc.property(candidates(validId, `*${HEX}`, 12), (s) => {
        const expected = s.length >= 2 && s[0] === "*" && [...s.slice(1)].every((c) => c.length === 1 && HEX.includes(c));
        const r = accepted(routerOsId, s);
        expect(r.ok).toBe(expected);
        if (r.ok) expect(r.data).toBe(s);
      }),
      MANY,
    );
  });
});

/** Bidi embeddings, overrides, isolates and marks, zero-width space and BOM: the characters lib/validation/text.ts names as hiding or reordering text. */
const INVISIBLE = ["\u061c", "\u200b", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff"];

/** Oracle of lib/validation/text.ts's documentation: no control character (C0, DEL, C1), line or paragraph separator, invisible or direction-changing character, lone surrogate, or surrounding whitespace. */
function isSafeText(s: string): boolean {
  const units = Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
  const loneSurrogate = units.some((u, i) => {
    const next = units[i + 1] ?? -1;
    const prev = units[i - 1] ?? -1;
    if (u >= 0xd800 && u <= 0xdbff) return !(next >= 0xdc00 && next <= 0xdfff);
    if (u >= 0xdc00 && u <= 0xdfff) return !(prev >= 0xd800 && prev <= 0xdbff);
    return false;
  });
  const control = units.some((u) => u <= 0x1f || (u >= 0x7f && u <= 0x9f) || u === 0x2028 || u === 0x2029);
  return !loneSurrogate && !control && ![...s].some((c) => INVISIBLE.includes(c)) && s.trim() === s;
}

describe("free text", () => {
  /** Oracle of the docstring: at most 255 characters (code points, as zod counts them) of safe text; no trimming: surrounding spaces are refused. */
  function expectedComment(s: string): string | null {
    return [...s].length <= 255 && isSafeText(s) ? s : null;
  }

  const textCandidates = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 300 }),
    fc.string({ unit: fc.oneof(fc.constantFrom(...HOSTILE_CHARS), fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 })), maxLength: 40 }),
    // Around the 255-character limit, from a repeated character (a long random string shrinks very slowly).
    fc
      .tuple(padding, fc.integer({ min: 250, max: 260 }), fc.constantFrom("a", " ", "\u00e9", "\u{1f600}"), padding)
      .map(([a, n, ch, b]) => a + ch.repeat(n) + b),
    mutated(fc.string({ unit: "grapheme", maxLength: 20 }), "abc "),
  );

  it("textProblem finds a problem exactly in unsafe text", () => {
    fc.assert(
      fc.property(textCandidates, (s) => {
        expect(textProblem(s) === null).toBe(isSafeText(s));
      }),
      MANY,
    );
  });

  it("routerOsComment accepts exactly text of at most 255 characters without control, invisible or bidi characters or surrounding spaces", () => {
    fc.assert(
      fc.property(textCandidates, (s) => {
        const expected = expectedComment(s);
        const r = accepted(routerOsComment, s);
        expect(r.ok).toBe(expected !== null);
        if (r.ok) expect(r.data).toBe(expected);
      }),
      MANY,
    );
  });
});
