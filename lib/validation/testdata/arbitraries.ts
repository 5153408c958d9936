import fc from "fast-check";
import type { z } from "zod";

/*
 * Generators and helpers shared by the property-based tests of the RouterOS value validators (the
 * routeros-*.property.test.ts files of lib/validation). Each acceptance property compares a validator
 * with an independent oracle written from the grammar its docstring states (not from its regex), over
 * generators biased towards near misses: valid values with one character inserted, deleted or replaced,
 * strings from the value's own alphabet mixed with control, bidi, zero-width, look-alike and Unicode
 * space characters, and arbitrary code points. Tests only.
 */

/** Cheap regex-only properties run this many times; a few costlier ones 300; the rest fast-check's default (100). */
export const MANY = { numRuns: 500 };

/** Characters that break naive validators: C0/C1 controls, DEL, bidi and zero-width marks, Unicode spaces, look-alikes, lone surrogates, punctuation. */
export const HOSTILE_CHARS = [
  "\u0000",
  "\u0001",
  "\u0008",
  "\t",
  "\n",
  "\u000b",
  "\f",
  "\r",
  "\u001b",
  "\u001f",
  "\u007f",
  "\u0080",
  "\u0085",
  "\u009b",
  "\u009f",
  "\u00a0",
  "\u00ad",
  "\u061c",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u2028",
  "\u2029",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2060",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u3000",
  "\ufeff",
  "\ufffd",
  "\ud800",
  "\udc00",
  "\uff10",
  "\uff21",
  "\uff1a",
  "\u0660",
  "\u0430",
  "\u0435",
  "\u{1d7ce}",
  "\u{1f600}",
  " ",
  '"',
  "'",
  "\\",
  "`",
  "$",
  "%",
  ";",
  "<",
  ">",
  "&",
  "|",
  "*",
  "?",
  "#",
  "@",
  "/",
  ":",
  "-",
  ".",
  ",",
  "_",
  "+",
  "=",
];

/** The same, without the characters String.prototype.trim (and zod's `.trim()`) removes from the ends. */
export const HOSTILE_NON_SPACE = HOSTILE_CHARS.filter((c) => c.trim() !== "");

/** One character: mostly from `alphabet`, sometimes hostile, sometimes any code point. */
function charFrom(alphabet: string): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...alphabet), weight: 6 },
    { arbitrary: fc.constantFrom(...HOSTILE_CHARS), weight: 2 },
    { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 1 },
  );
}

/** Strings over `alphabet` polluted with hostile characters. */
export function stringFrom(alphabet: string, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: charFrom(alphabet), maxLength });
}

interface Edit {
  kind: "insert" | "delete" | "replace";
  at: number;
  ch: string;
}

/** Applies insertions, deletions and replacements (positions taken modulo the current length). */
function applyEdits(value: string, edits: Edit[]): string {
  let s = value;
  for (const e of edits) {
    const at = e.at % (s.length + 1);
    if (e.kind === "insert") s = s.slice(0, at) + e.ch + s.slice(at);
    else if (e.kind === "delete") s = s.slice(0, at) + s.slice(at + 1);
    else s = s.slice(0, at) + e.ch + s.slice(at + 1);
  }
  return s;
}

/** Near misses of `valid`: one to three random edits with characters from `alphabet` or hostile ones. */
export function mutated(valid: fc.Arbitrary<string>, alphabet: string): fc.Arbitrary<string> {
  const edit = fc.record({ kind: fc.constantFrom("insert" as const, "delete" as const, "replace" as const), at: fc.nat(), ch: charFrom(alphabet) });
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([v, edits]) => applyEdits(v, edits));
}

/** Whitespace that String.prototype.trim removes (ASCII and Unicode). */
export const padding = fc.string({ unit: fc.constantFrom(" ", "\t", "\n", "\r", "\u00a0", "\u2028", "\u3000", "\ufeff"), maxLength: 2 });

/** `arb` with optional trimmable whitespace on both sides. */
export function padded(arb: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(padding, arb, padding).map(([a, v, b]) => a + v + b);
}

/** Valid values, their near misses, strings from the same alphabet, and arbitrary Unicode. */
export function candidates(valid: fc.Arbitrary<string>, alphabet: string, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(padded(valid), mutated(valid, alphabet), stringFrom(alphabet, maxLength), fc.string({ unit: "binary", maxLength }));
}

/** `safeParse` as a value: `{ ok: true, data }` or `{ ok: false }`. Throws whatever the schema throws. */
export function accepted<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.output<S> } | { ok: false } {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, data: r.data } : { ok: false };
}

export const HEX = "0123456789abcdefABCDEF";
export const hexString = (length: number) => fc.string({ unit: fc.constantFrom(...HEX), minLength: length, maxLength: length });
export const byteHex = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, "0"));
