import fc from "fast-check";
import { STATUS_CODES } from "node:http";
import { describe, expect, it } from "vitest";
import { formatRouterOsDuration, MONTHS } from "../validation/routeros";
import type { RouterOsClient } from "./client";
import { badJson, errorFromResponse } from "./error-mapping";
import {
  RouterOsApiError,
  RouterOsBadResponseError,
  RouterOsError,
  RouterOsPermissionError,
  RouterOsUnauthorizedError,
  type RouterOsRequestInfo,
} from "./errors";
import { escapeControlCharacters, parseLenientJson } from "./lenient-json";
import { listDhcpLeases, listDhcpNetworks, listDhcpServers, listIpPools } from "./menus/dhcp";
import { listInterfaceListMembers, listInterfaceLists } from "./menus/interface-list";
import { listInterfaceCounters, monitorTraffic } from "./menus/interfaces";
import { listIpAddresses } from "./menus/ip-address";
import { getMacServerSettings, listMacServerSessions } from "./menus/mac-server";
import { listMacsec, listMacsecProfiles, listMacsecStats } from "./menus/macsec";
import { MACSEC_STATS_FIELDS } from "./menus/macsec-counters";
import { listMacvlans } from "./menus/macvlan";
import { getSystemFacts } from "./menus/system";
import { toRouterOsRecord, toRouterOsRows } from "./rows";
import { fixtureClient } from "./testdata/fixture-client";
import type { FixtureReply } from "./testdata/fixture-server";

/*
 * Property-based tests of the RouterOS reply parser: lenient JSON, rows/records, error bodies, and the
 * zod menu readers end to end through the fixture HTTP server. Whatever a router (or something posing
 * as one) answers, the parser returns well-formed values or throws one of its documented errors.
 */

/** Cheap pure-function properties run this many times, those over larger JSON values fewer; the rest use fast-check's default (100), or less over HTTP. */
const MANY = { numRuns: 500 };
const SOME = { numRuns: 300 };

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C0_NOT_JSON_SPACE = C0.filter((c) => c !== "\t" && c !== "\n" && c !== "\r");

/** A string unit: any code point, a raw C0 control, a lone surrogate, or a character JSON must escape. */
const jsonStringUnit = fc.oneof(
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.constantFrom(...C0), weight: 3 },
  { arbitrary: fc.constantFrom('"', "\\", "/", "\u2028", "\u2029", "\ud800", "\udfff", "\u007f"), weight: 2 },
);
const anyJson = fc.jsonValue({ stringUnit: jsonStringUnit, maxDepth: 4 });

/**
 * JSON text as RouterOS writes it: control characters inside strings are raw, not escaped. With
 * `looseBackslash`, a backslash followed by a control character is written unescaped (RouterOS reads
 * that pair as a literal backslash and the character).
 */
function routerOsJson(v: unknown, looseBackslash: boolean): string {
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
const JSON_TOKENS = [
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
const garbage = fc.oneof(
  fc.array(fc.constantFrom(...JSON_TOKENS, ...C0), { maxLength: 30 }).map((parts) => parts.join("")),
  fc.string({ unit: jsonStringUnit, maxLength: 40 }),
  fc.tuple(fc.json(), fc.nat(), fc.constantFrom(...JSON_TOKENS, ...C0)).map(([t, at, ch]) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + ch + t.slice(i);
  }),
);
const garbageWithoutControls = fc.array(fc.constantFrom(...JSON_TOKENS), { maxLength: 30 }).map((parts) => parts.join(""));

/** Valid JSON texts, scalars (numbers, literals) as often as structures. */
const jsonText = fc.oneof(
  fc.json(),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom("true", "false", "null"),
);

/** `f()`'s value, or the error it threw. */
function outcome(f: () => unknown): { value: unknown } | { error: unknown } {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

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

const REQUEST: RouterOsRequestInfo = { method: "GET", path: "/rest/interface" };

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

/** Every string inside `v` (values only, not keys). */
function stringsIn(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(stringsIn);
  if (typeof v === "object" && v !== null) return Object.values(v).flatMap(stringsIn);
  return [];
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

const METHODS = ["GET", "PUT", "PATCH", "DELETE", "POST", "HEAD"] as const;
const requestArb = fc
  .tuple(
    fc.constantFrom(...METHODS),
    fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { maxLength: 3 }),
    fc.constantFrom("print", "get", "monitor", "monitor-traffic", "set", "add", "remove", "export", "*1B"),
  )
  .map(([method, menu, last]): RouterOsRequestInfo => ({ method, path: `/rest/${[...menu, last].join("/")}` }));

/** The policy the documentation says a request needs. */
function policyOf(request: RouterOsRequestInfo): "read" | "write" | null {
  if (request.method === "GET") return "read";
  if (["PUT", "PATCH", "DELETE"].includes(request.method)) return "write";
  if (request.method !== "POST") return null;
  return ["print", "get", "monitor", "monitor-traffic"].includes(request.path.split("/").pop() ?? "") ? "read" : "write";
}

/**
 * Body texts, short and longer than the 200 characters an error may quote (built from a repeated character:
 * fast-check keeps strings short by default, and shrinks a long random string very slowly).
 */
const bodyText = fc.oneof(
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
const errorResponseText = fc.oneof(
  fc.tuple(errorBody, fc.boolean()).map(([b, raw]) => (raw ? routerOsJson(b, false) : JSON.stringify(b))),
  bodyText,
  fc.tuple(bodyText, permissionText).map(([t, p]) => `<html>${t}${p}</html>`),
  garbage,
  anyJson.map((v) => JSON.stringify(v)),
);

/** True when `s` holds no lone surrogate (String.prototype.isWellFormed). */
function isWellFormed(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** Fixed wording of the longest error message, without the router's texts (see errors.ts). */
const MESSAGE_OVERHEAD = 400;
/** Characters of the body an error message may quote. */
const BODY_SLICE = 200;

describe("errorFromResponse", () => {
  it("returns, for any status 400-599 and any body, the documented RouterOsApiError subclass", () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), errorResponseText, requestArb, (status, text, request) => {
        const err = errorFromResponse(status, text, request);
        expect(err).toBeInstanceOf(RouterOsApiError);
        expect(err.status).toBe(status);
        expect(err.request).toEqual(request);
        const body = outcome(() => parseLenientJson(text));
        const fields =
          "value" in body && typeof body.value === "object" && body.value !== null && !Array.isArray(body.value) ? (body.value as Record<string, unknown>) : {};
        const routerMessage = typeof fields.message === "string" && fields.message !== "" ? fields.message : (STATUS_CODES[status] ?? `HTTP ${status}`);
        expect(err.routerMessage).toBe(routerMessage);
        if (err.detail !== undefined && /not enough permissions/i.test(err.detail)) {
          expect(err).toBeInstanceOf(RouterOsPermissionError);
          expect(err.kind).toBe("permission");
          expect((err as RouterOsPermissionError).policy).toBe(policyOf(request));
        } else if (status === 401) {
          expect(err).toBeInstanceOf(RouterOsUnauthorizedError);
          expect(err.kind).toBe("unauthorized");
        } else {
          expect(err.constructor).toBe(RouterOsApiError);
          expect(err.kind).toBe("api");
        }
      }),
      SOME,
    );
  });

  it("keeps a JSON body's message and detail, raw control characters included", () => {
    const field = fc.string({ unit: jsonStringUnit, minLength: 1, maxLength: 60 }).filter((s) => !/not enough permissions/i.test(s));
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }).filter((s) => s !== 401),
        field,
        field,
        fc.boolean(),
        (status, message, detail, raw) => {
          const body = { error: status, message, detail };
          const err = errorFromResponse(status, raw ? routerOsJson(body, false) : JSON.stringify(body), REQUEST);
          expect(err.routerMessage).toBe(message);
          expect(err.detail).toBe(detail);
          expect(err.message).toContain(detail);
        },
      ),
      SOME,
    );
  });

  it("keeps a non-JSON body only as a trimmed detail of at most 200 characters, behind the HTTP status text", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }),
        fc.oneof(bodyText, garbage).map((t) => `<${t}`),
        (status, text) => {
          const err = errorFromResponse(status, text, REQUEST);
          expect(err.routerMessage).toBe(STATUS_CODES[status] ?? `HTTP ${status}`);
          expect(err.detail).toBeDefined();
          expect(text.trim().startsWith(err.detail ?? "")).toBe(true);
          expect((err.detail ?? "").length).toBeLessThanOrEqual(BODY_SLICE);
        },
      ),
      SOME,
    );
  });

  it("never puts more than a bounded slice of the body into the message", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }),
        fc.oneof(
          errorResponseText,
          fc.record({ message: bodyText, detail: bodyText }).map((b) => JSON.stringify(b)),
        ),
        requestArb,
        (status, text, request) => {
          const err = errorFromResponse(status, text, request);
          expect(err.message.length).toBeLessThanOrEqual(2 * BODY_SLICE + MESSAGE_OVERHEAD + request.method.length + request.path.length);
        },
      ),
    );
  });

  it("never cuts a character in half when it shortens a body", () => {
    const wellFormedBody = fc
      .tuple(
        fc.integer({ min: 180, max: 210 }),
        fc.string({ unit: fc.constantFrom("a", " ", "\u00e9", "\u{1f600}", "\u{10348}"), minLength: 10, maxLength: 40 }),
      )
      .map(([n, tail]) => `<${"a".repeat(n)}${tail}`);
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), wellFormedBody, (status, text) => {
        const err = errorFromResponse(status, text, REQUEST);
        expect(isWellFormed(err.message)).toBe(true);
      }),
    );
  });
});

/** A secret-looking token: what must never leak from a body into an error message. */
const token = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), minLength: 8, maxLength: 40 });
const notJsonWithToken = fc
  .tuple(fc.constantFrom("", "<html>", "cak=", 'password: "', '{"cak":"', "[", "Bad Gateway "), token, fc.constantFrom("", "</html>", '"', "}"))
  .map(([before, secret, after]) => ({ secret, text: before + secret + after }))
  .filter(({ text }) => "error" in outcome(() => parseLenientJson(text)));

/** True when `message` contains 6 consecutive characters of `secret`. */
function leaks(message: string, secret: string): boolean {
  for (let i = 0; i + 6 <= secret.length; i++) if (message.includes(secret.slice(i, i + 6))) return true;
  return false;
}

describe("badJson", () => {
  it("never includes any part of the body in its message (a 2xx body may hold secrets)", () => {
    fc.assert(
      fc.property(notJsonWithToken, ({ secret, text }) => {
        const parsed = outcome(() => parseLenientJson(text));
        const err = badJson("error" in parsed ? parsed.error : undefined, text.length, REQUEST);
        expect(err).toBeInstanceOf(RouterOsBadResponseError);
        expect(leaks(err.message, secret)).toBe(false);
      }),
    );
  });
});

const two = (n: number) => String(n).padStart(2, "0");
const byteHex = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, "0"));
const idValue = fc.stringMatching(/^\*[0-9A-F]{1,4}$/);
const nameValue = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const macValue = fc
  .tuple(fc.array(byteHex, { minLength: 6, maxLength: 6 }), fc.constantFrom(":", "-", ".", ""))
  .chain(([bytes, sep]) => fc.mixedCase(fc.constant(bytes.join(sep))));
const flagValue = fc.constantFrom("true", "false", "yes", "no");
const intValue = fc.integer({ min: 0, max: 65535 }).map(String);
const counterValue = fc.bigInt({ min: BigInt(0), max: BigInt(2) ** BigInt(64) - BigInt(1) }).map(String);
const durationValue = fc.oneof(
  fc.nat(10 ** 9).map(formatRouterOsDuration),
  fc.tuple(fc.nat(6), fc.nat(23), fc.nat(59), fc.nat(59)).map(([d, h, m, s]) => `${d > 0 ? `${d}d` : ""}${two(h)}:${two(m)}:${two(s)}`),
);
const dateValue = fc
  .tuple(fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), fc.boolean())
  .map(([d, v6]) => {
    const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
    return v6
      ? `${MONTHS[d.getUTCMonth()]}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${time}`
      : `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${time}`;
  });
const textValue = fc.string({ unit: jsonStringUnit, maxLength: 20 });
const ipValue = fc.ipV4();
const listValue = fc.array(fc.oneof(nameValue, ipValue), { maxLength: 3 }).map((l) => l.join(","));
const hexValue = (n: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: n, maxLength: n });

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

type Fields = Record<string, fc.Arbitrary<string>>;

/** A 200 reply of rows with `fields` (one object, one-element array or several), JSON as RouterOS writes it. */
function rowsReply(fields: Fields): fc.Arbitrary<FixtureReply> {
  const row = fc.record(Object.fromEntries(Object.entries(fields).map(([k, arb]) => [k, field(arb)])));
  const rows = fc.oneof(row, fc.array(row, { minLength: 1, maxLength: 1 }), fc.array(row, { maxLength: 3 }));
  return fc.tuple(rows, fc.boolean()).map(([v, raw]) => ({ status: 200, body: raw ? routerOsJson(v, false) : JSON.stringify(v) }));
}

/** Replies that are not rows at all: non-JSON, other JSON, error statuses, redirects. */
const brokenReply: fc.Arbitrary<FixtureReply> = fc.oneof(
  garbage.map((body) => ({ status: 200, body })),
  anyJson.map((v) => ({ status: 200, body: JSON.stringify(v) })),
  fc.tuple(fc.integer({ min: 400, max: 599 }), errorResponseText).map(([status, body]) => ({ status, body })),
  fc
    .integer({ min: 300, max: 399 })
    .filter((s) => s !== 304)
    .map((status) => ({ status, body: "" })),
);

interface ReaderCase {
  name: string;
  /** Fixture routes (`"GET /rest/ip/pool"`) and the fields of their rows. */
  routes: Record<string, Fields>;
  read: (client: RouterOsClient) => Promise<unknown>;
}

const COUNTERS = ["rx-byte", "tx-byte", "rx-packet", "tx-packet", "rx-drop", "tx-drop", "rx-error", "tx-error"];
const READERS: ReaderCase[] = [
  {
    name: "listMacvlans",
    routes: {
      "GET /rest/interface/macvlan": {
        ".id": idValue,
        name: nameValue,
        interface: nameValue,
        "mac-address": macValue,
        mode: fc.constantFrom("bridge", "private"),
        mtu: intValue,
        arp: fc.constantFrom("enabled", "disabled", "proxy-arp"),
        running: flagValue,
        disabled: flagValue,
        comment: textValue,
      },
    },
    read: listMacvlans,
  },
  {
    name: "listMacsec",
    routes: {
      "GET /rest/interface/macsec": {
        ".id": idValue,
        name: nameValue,
        interface: nameValue,
        cak: hexValue(32),
        ckn: hexValue(64),
        profile: nameValue,
        mtu: intValue,
        status: fc.constantFrom("open-encrypted", "negotiating"),
        running: flagValue,
        disabled: flagValue,
        comment: textValue,
      },
    },
    read: listMacsec,
  },
  {
    name: "listMacsecProfiles",
    routes: { "GET /rest/interface/macsec/profile": { ".id": idValue, name: nameValue, "server-priority": intValue, ciphers: listValue } },
    read: listMacsecProfiles,
  },
  {
    name: "listMacsecStats",
    routes: {
      "POST /rest/interface/macsec/print": {
        name: nameValue,
        ...Object.fromEntries(
          Object.keys(MACSEC_STATS_FIELDS)
            .slice(0, 8)
            .map((k) => [k, counterValue]),
        ),
      },
    },
    read: listMacsecStats,
  },
  {
    name: "listMacServerSessions",
    routes: { "GET /rest/tool/mac-server/sessions": { ".id": idValue, interface: nameValue, "src-address": macValue, uptime: durationValue } },
    read: listMacServerSessions,
  },
  {
    name: "getMacServerSettings",
    routes: {
      "GET /rest/tool/mac-server": { "allowed-interface-list": nameValue },
      "GET /rest/tool/mac-server/mac-winbox": { "allowed-interface-list": nameValue },
      "GET /rest/tool/mac-server/ping": { enabled: flagValue },
    },
    read: getMacServerSettings,
  },
  {
    name: "listInterfaceCounters",
    routes: {
      "GET /rest/interface": {
        name: nameValue,
        type: fc.constant("macvlan"),
        running: flagValue,
        disabled: flagValue,
        ...Object.fromEntries(COUNTERS.map((k) => [k, counterValue])),
        "link-downs": intValue,
        "last-link-up-time": dateValue,
      },
    },
    read: (c) => listInterfaceCounters(c, "macvlan"),
  },
  {
    name: "monitorTraffic",
    routes: {
      "POST /rest/interface/monitor-traffic": {
        name: fc.constant("ether1"),
        "rx-bits-per-second": intValue,
        "tx-bits-per-second": intValue,
        "rx-packets-per-second": intValue,
        "tx-packets-per-second": intValue,
      },
    },
    read: (c) => monitorTraffic(c, "ether1"),
  },
  {
    name: "listInterfaceLists",
    routes: { "GET /rest/interface/list": { ".id": idValue, name: nameValue, builtin: flagValue, dynamic: flagValue, comment: textValue } },
    read: listInterfaceLists,
  },
  {
    name: "listInterfaceListMembers",
    routes: {
      "GET /rest/interface/list/member": { ".id": idValue, list: nameValue, interface: nameValue, disabled: flagValue, dynamic: flagValue, comment: textValue },
    },
    read: listInterfaceListMembers,
  },
  {
    name: "listDhcpServers",
    routes: {
      "GET /rest/ip/dhcp-server": {
        ".id": idValue,
        name: nameValue,
        interface: nameValue,
        "address-pool": nameValue,
        "lease-time": durationValue,
        disabled: flagValue,
        invalid: flagValue,
      },
    },
    read: listDhcpServers,
  },
  {
    name: "listDhcpLeases",
    routes: {
      "GET /rest/ip/dhcp-server/lease": {
        ".id": idValue,
        address: ipValue,
        "mac-address": macValue,
        server: nameValue,
        comment: textValue,
        disabled: flagValue,
        status: fc.constantFrom("bound", "waiting"),
        dynamic: flagValue,
        "active-address": ipValue,
        "host-name": nameValue,
        "last-seen": fc.oneof(durationValue, fc.constant("never")),
      },
    },
    read: listDhcpLeases,
  },
  {
    name: "listDhcpNetworks",
    routes: {
      "GET /rest/ip/dhcp-server/network": {
        ".id": idValue,
        address: ipValue.map((a) => `${a}/24`),
        gateway: ipValue,
        "dns-server": listValue,
        comment: textValue,
      },
    },
    read: listDhcpNetworks,
  },
  {
    name: "listIpPools",
    routes: { "GET /rest/ip/pool": { ".id": idValue, name: nameValue, ranges: listValue, comment: textValue } },
    read: listIpPools,
  },
  {
    name: "listIpAddresses",
    routes: {
      "GET /rest/ip/address": {
        ".id": idValue,
        address: ipValue.map((a) => `${a}/24`),
        network: ipValue,
        interface: nameValue,
        disabled: flagValue,
        dynamic: flagValue,
        invalid: flagValue,
        comment: textValue,
      },
    },
    read: listIpAddresses,
  },
  {
    name: "getSystemFacts",
    routes: {
      "GET /rest/system/identity": { name: nameValue },
      "GET /rest/system/resource": {
        version: fc.constantFrom("7.23.3 (stable)", "7.12 (stable)", "7.24beta2 (testing)"),
        uptime: durationValue,
        "cpu-load": fc.integer({ min: 0, max: 100 }).map(String),
        "free-memory": counterValue,
        "total-memory": counterValue,
        "board-name": nameValue,
        "architecture-name": fc.constantFrom("arm64", "x86_64"),
      },
      "GET /rest/system/routerboard": { routerboard: flagValue, model: nameValue, "serial-number": nameValue },
    },
    read: getSystemFacts,
  },
];

/** Checks the invariants of a reader's output by property name: canonical MACs and ids, finite seconds, exact integers, valid dates. */
function expectWellFormed(value: unknown, key = ""): void {
  if (value === null || value === undefined || typeof value === "boolean") return;
  if (Array.isArray(value)) {
    for (const v of value) expectWellFormed(v, key);
    return;
  }
  if (value instanceof Date) {
    expect(Number.isNaN(value.getTime()), key).toBe(false);
    return;
  }
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) expectWellFormed(v, k);
    return;
  }
  if (typeof value === "bigint") {
    expect(value >= BigInt(0), key).toBe(true);
    return;
  }
  if (typeof value === "number") {
    if (key.endsWith("Sec")) {
      expect(Number.isFinite(value) && value >= 0, `${key} = ${value}`).toBe(true);
    } else {
      expect(Number.isSafeInteger(value), `${key} = ${value}`).toBe(true);
    }
    return;
  }
  if (key === "id") expect(value).toMatch(/^\*[0-9A-Fa-f]+$/);
  if (key === "macAddress" || key === "srcAddress") expect(value).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
}

/** Field values of the rows a reply carries, except the row's `name` and `.id` (a bad row is labelled with them on purpose). */
function rowValues(reply: FixtureReply): string[] {
  if (reply.status !== 200) return [];
  const body = outcome(() => parseLenientJson(reply.body ?? ""));
  if (!("value" in body)) return [];
  const rows = Array.isArray(body.value) ? body.value : [body.value];
  return rows.flatMap((row: unknown) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) return [];
    const fields = row as Record<string, unknown>;
    const labels = [fields.name, fields[".id"]].filter((l): l is string => typeof l === "string");
    return Object.values(fields)
      .flatMap(stringsIn)
      .filter((v) => !labels.some((l) => l.includes(v)));
  });
}

/** Runs per reader property: each run is one to three HTTP requests to the fixture server. */
const HTTP_RUNS = { numRuns: 25 };

/** A fixture route asked for before its reply was chosen: a bug of the test itself. */
function failNoReply(route: string): never {
  throw new Error(`no reply chosen for ${route}`);
}

describe("menu readers through the fixture server", () => {
  const fixture = fixtureClient();

  it.each(READERS)("$name resolves to well-formed values or rejects with a RouterOsError whose message holds no field value", async (reader) => {
    const replies: Record<string, FixtureReply> = {};
    // An issue names the field it is about; a value that happens to equal a field name is not a leak.
    const fieldNames = new Set(Object.values(reader.routes).flatMap((fields) => Object.keys(fields)));
    const client = await fixture.clientFor(Object.fromEntries(Object.keys(reader.routes).map((key) => [key, () => replies[key] ?? failNoReply(key)])));
    const replyArbs = Object.fromEntries(
      Object.entries(reader.routes).map(([key, fields]) => [key, fc.oneof({ arbitrary: rowsReply(fields), weight: 6 }, { arbitrary: brokenReply, weight: 1 })]),
    );
    await fc.assert(
      fc.asyncProperty(fc.record(replyArbs), async (generated) => {
        Object.assign(replies, generated);
        const result = await reader.read(client).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        const values = Object.values(generated)
          .flatMap(rowValues)
          .filter((v) => !fieldNames.has(v));
        if ("error" in result) {
          expect(result.error).toBeInstanceOf(RouterOsError);
          if (!(result.error instanceof RouterOsApiError)) {
            const message = (result.error as Error).message;
            for (const v of values) if (v.length >= 8) expect(message).not.toContain(v);
          }
          return;
        }
        expectWellFormed(result.value);
      }),
      HTTP_RUNS,
    );
  });

  it("listMacsec never returns or reports a CAK, even when the router sends one", async () => {
    let reply: FixtureReply = { status: 200, body: "[]" };
    const client = await fixture.clientFor({ "GET /rest/interface/macsec": () => reply });
    const macsecFields = READERS.find((r) => r.name === "listMacsec")?.routes["GET /rest/interface/macsec"] ?? {};
    await fc.assert(
      fc.asyncProperty(hexValue(32), rowsReply({ ...macsecFields, cak: fc.constant("") }), async (cak, base) => {
        const rows = parseLenientJson(base.body ?? "[]");
        const withCak = (Array.isArray(rows) ? rows : [rows]).map((r) => ({ ...(r as object), cak }));
        reply = { status: 200, body: JSON.stringify(withCak) };
        const result = await listMacsec(client).then(
          (value) => JSON.stringify(value),
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
        expect(result).not.toContain(cak);
      }),
      HTTP_RUNS,
    );
  });

  it("a 2xx body that is not JSON rejects with RouterOsBadResponseError and no part of the body", async () => {
    let reply: FixtureReply = { status: 200, body: "" };
    const client = await fixture.clientFor({ "GET /rest/ip/pool": () => reply });
    await fc.assert(
      fc.asyncProperty(notJsonWithToken, async ({ secret, text }) => {
        reply = { status: 200, body: text };
        const err = await listIpPools(client).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(RouterOsBadResponseError);
        expect(leaks((err as Error).message, secret)).toBe(false);
      }),
      HTTP_RUNS,
    );
  });
});
