import fc from "fast-check";
import { formatRouterOsDuration, MONTHS } from "../../validation/routeros";
import type { RouterOsRequestInfo } from "../errors";
import { parseLenientJson } from "../lenient-json";
import type { FixtureReply } from "./fixture-server";

/*
 * Generators and helpers shared by the property-based tests of the RouterOS reply parser (the
 * reply-*.property.test.ts files of lib/routeros): JSON as RouterOS writes it and near-JSON garbage, error
 * bodies, secret-looking tokens, and the field values of menu rows. Tests only.
 */

/** Cheap pure-function properties run this many times, those over larger JSON values fewer; the rest use fast-check's default (100), or less over HTTP. */
export const MANY = { numRuns: 500 };
export const SOME = { numRuns: 300 };

export const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
export const C0_NOT_JSON_SPACE = C0.filter((c) => c !== "\t" && c !== "\n" && c !== "\r");

/** A string unit: any code point, a raw C0 control, a lone surrogate, or a character JSON must escape. */
export const jsonStringUnit = fc.oneof(
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.constantFrom(...C0), weight: 3 },
  { arbitrary: fc.constantFrom('"', "\\", "/", "\u2028", "\u2029", "\ud800", "\udfff", "\u007f"), weight: 2 },
);
export const anyJson = fc.jsonValue({ stringUnit: jsonStringUnit, maxDepth: 4 });

/**
 * JSON text as RouterOS writes it: control characters inside strings are raw, not escaped. With
 * `looseBackslash`, a backslash followed by a control character is written unescaped (RouterOS reads
 * that pair as a literal backslash and the character).
 */
export function routerOsJson(v: unknown, looseBackslash: boolean): string {
  if (typeof v === "string") return quote(v, looseBackslash);
  if (Array.isArray(v)) return `[${v.map((x) => routerOsJson(x, looseBackslash)).join(",")}]`;
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return `{${entries.map(([k, x]) => `${quote(k, looseBackslash)}:${routerOsJson(x, looseBackslash)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

function quote(s: string, looseBackslash: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += looseBackslash && i + 1 < s.length && s.charCodeAt(i + 1) < 0x20 ? "\\" : "\\\\";
    else out += ch;
  }
  return `${out}"`;
}

/** Pieces of JSON and of things that are not JSON, to glue into near-JSON garbage. */
export const JSON_TOKENS = [
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  '"',
  "\\",
  "1",
  "0",
  "-",
  ".",
  "e",
  "E",
  "+",
  "true",
  "false",
  "null",
  " ",
  "\n",
  "\t",
  "\r",
  "a",
  '"x"',
  "\\u00",
  "\\u",
  "u",
  "\u007f",
  "\u2028",
  "\ud800",
  "<html>",
  "\u{1f4a5}",
  "NaN",
  "Infinity",
  "'",
];
export const garbage = fc.oneof(
  fc.array(fc.constantFrom(...JSON_TOKENS, ...C0), { maxLength: 30 }).map((parts) => parts.join("")),
  fc.string({ unit: jsonStringUnit, maxLength: 40 }),
  fc.tuple(fc.json(), fc.nat(), fc.constantFrom(...JSON_TOKENS, ...C0)).map(([t, at, ch]) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + ch + t.slice(i);
  }),
);

/** `f()`'s value, or the error it threw. */
export function outcome(f: () => unknown): { value: unknown } | { error: unknown } {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

export const REQUEST: RouterOsRequestInfo = { method: "GET", path: "/rest/interface" };

/** Every string inside `v` (values only, not keys). */
export function stringsIn(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(stringsIn);
  if (typeof v === "object" && v !== null) return Object.values(v).flatMap(stringsIn);
  return [];
}

/**
 * Body texts, short and longer than the 200 characters an error may quote (built from a repeated character:
 * fast-check keeps strings short by default, and shrinks a long random string very slowly).
 */
export const bodyText = fc.oneof(
  fc.string({ unit: jsonStringUnit, maxLength: 40 }),
  fc
    .tuple(
      fc.string({ unit: jsonStringUnit, maxLength: 10 }),
      fc.integer({ min: 201, max: 3000 }),
      fc.constantFrom("a", " ", "\u00e9", "\u{1f600}", "\u0000", '"'),
    )
    .map(([head, n, ch]) => head + ch.repeat(n)),
);
const permissionText = fc.constantFrom("not enough permissions (9)", "failure: NOT ENOUGH PERMISSIONS", "Not Enough Permissions");
const errorFieldText = fc.oneof(
  { arbitrary: fc.string({ unit: jsonStringUnit, maxLength: 60 }), weight: 4 },
  { arbitrary: bodyText, weight: 1 },
  { arbitrary: permissionText, weight: 1 },
);
const errorBody = fc.record(
  {
    error: fc.oneof(fc.integer({ min: 100, max: 999 }), fc.string()),
    message: fc.oneof(errorFieldText, fc.integer(), fc.constant(null)),
    detail: fc.oneof(errorFieldText, fc.integer(), fc.constant(null)),
  },
  { requiredKeys: [] },
);
export const errorResponseText = fc.oneof(
  fc.tuple(errorBody, fc.boolean()).map(([b, raw]) => (raw ? routerOsJson(b, false) : JSON.stringify(b))),
  bodyText,
  fc.tuple(bodyText, permissionText).map(([t, p]) => `<html>${t}${p}</html>`),
  garbage,
  anyJson.map((v) => JSON.stringify(v)),
);

/** A secret-looking token: what must never leak from a body into an error message. */
const token = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), minLength: 8, maxLength: 40 });
export const notJsonWithToken = fc
  .tuple(fc.constantFrom("", "<html>", "cak=", 'password: "', '{"cak":"', "[", "Bad Gateway "), token, fc.constantFrom("", "</html>", '"', "}"))
  .map(([before, secret, after]) => ({ secret, text: before + secret + after }))
  .filter(({ text }) => "error" in outcome(() => parseLenientJson(text)));

/** True when `message` contains 6 consecutive characters of `secret`. */
export function leaks(message: string, secret: string): boolean {
  for (let i = 0; i + 6 <= secret.length; i++) if (message.includes(secret.slice(i, i + 6))) return true;
  return false;
}

const two = (n: number) => String(n).padStart(2, "0");
const byteHex = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, "0"));
export const idValue = fc.stringMatching(/^\*[0-9A-F]{1,4}$/);
export const nameValue = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
export const macValue = fc
  .tuple(fc.array(byteHex, { minLength: 6, maxLength: 6 }), fc.constantFrom(":", "-", ".", ""))
  .chain(([bytes, sep]) => fc.mixedCase(fc.constant(bytes.join(sep))));
export const flagValue = fc.constantFrom("true", "false", "yes", "no");
export const intValue = fc.integer({ min: 0, max: 65535 }).map(String);
export const counterValue = fc.bigInt({ min: BigInt(0), max: BigInt(2) ** BigInt(64) - BigInt(1) }).map(String);
export const durationValue = fc.oneof(
  fc.nat(10 ** 9).map(formatRouterOsDuration),
  fc.tuple(fc.nat(6), fc.nat(23), fc.nat(59), fc.nat(59)).map(([d, h, m, s]) => `${d > 0 ? `${d}d` : ""}${two(h)}:${two(m)}:${two(s)}`),
);
export const dateValue = fc
  .tuple(fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), fc.boolean())
  .map(([d, v6]) => {
    const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
    return v6
      ? `${MONTHS[d.getUTCMonth()]}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${time}`
      : `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${time}`;
  });
export const textValue = fc.string({ unit: jsonStringUnit, maxLength: 20 });
export const ipValue = fc.ipV4();
export const listValue = fc.array(fc.oneof(nameValue, ipValue), { maxLength: 3 }).map((l) => l.join(","));
export const hexValue = (n: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: n, maxLength: n });

/** What a broken or hostile router may put in any field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: jsonStringUnit, maxLength: 30 }),
  fc.integer({ min: 16, max: 400 }).map((n) => "9".repeat(n)),
  fc.tuple(fc.integer({ min: 16, max: 400 }), fc.constantFrom("w", "s", "ms")).map(([n, u]) => "9".repeat(n) + u),
  fc.constantFrom("-1", "1.5", "", " ", "\u0000", "0x10", "NaN", "Infinity", "*", "* 1", "zz:zz:zz:zz:zz:zz", "never", "2020-01-01 00:60:00", "0:60:00"),
  fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
  anyJson,
);

/** A field: usually a valid value, sometimes hostile, sometimes absent. */
function field(valid: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: hostileValue, weight: 2 }, { arbitrary: fc.constant(undefined), weight: 1 });
}

export type Fields = Record<string, fc.Arbitrary<string>>;

/** A 200 reply of rows with `fields` (one object, one-element array or several), JSON as RouterOS writes it. */
export function rowsReply(fields: Fields): fc.Arbitrary<FixtureReply> {
  const row = fc.record(Object.fromEntries(Object.entries(fields).map(([k, arb]) => [k, field(arb)])));
  const rows = fc.oneof(row, fc.array(row, { minLength: 1, maxLength: 1 }), fc.array(row, { maxLength: 3 }));
  return fc.tuple(rows, fc.boolean()).map(([v, raw]) => ({ status: 200, body: raw ? routerOsJson(v, false) : JSON.stringify(v) }));
}

/** Replies that are not rows at all: non-JSON, other JSON, error statuses, redirects. */
export const brokenReply: fc.Arbitrary<FixtureReply> = fc.oneof(
  garbage.map((body) => ({ status: 200, body })),
  anyJson.map((v) => ({ status: 200, body: JSON.stringify(v) })),
  fc.tuple(fc.integer({ min: 400, max: 599 }), errorResponseText).map(([status, body]) => ({ status, body })),
  fc
    .integer({ min: 300, max: 399 })
    .filter((s) => s !== 304)
    .map((status) => ({ status, body: "" })),
);
