import fc from "fast-check";
import type { z } from "zod";
import { describe, expect, it } from "vitest";
import { hostAddressProblem, interfaceAddressProblem, unicastMacProblem } from "./addresses";
import * as routeros from "./routeros";
import {
  API_URL_MAX_LENGTH,
  BUILTIN_INTERFACE_LISTS,
  IPV4_ADDRESS_RE,
  MAC_ADDRESS_RE,
  MONTHS,
  allowedInterfaceList,
  apiBaseUrl,
  formatRouterOsDuration,
  hostIpv4Address,
  interfaceAddress,
  interfaceListName,
  interfaceMtu,
  interfaceName,
  ipv4Address,
  ipv4Cidr,
  macAddress,
  macsecCak,
  macsecCkn,
  macvlanMode,
  normaliseMac,
  parseRouterOsDate,
  parseRouterOsDuration,
  routerOsBool,
  routerOsComment,
  routerOsCounter,
  routerOsDuration,
  routerOsId,
  routerOsInt,
  routerOsName,
  sha256Fingerprint,
  unicastMac,
} from "./routeros";
import { textProblem } from "./text";

/*
 * Property-based tests of the RouterOS value validators. Each acceptance property compares a validator
 * with an independent oracle written from the grammar its docstring states (not from its regex), over
 * generators biased towards near misses: valid values with one character inserted, deleted or replaced,
 * strings from the value's own alphabet mixed with control, bidi, zero-width, look-alike and Unicode
 * space characters, and arbitrary code points.
 */

/** Cheap regex-only properties run this many times; a few costlier ones 300; the rest fast-check's default (100). */
const MANY = { numRuns: 500 };

/** Characters that break naive validators: C0/C1 controls, DEL, bidi and zero-width marks, Unicode spaces, look-alikes, lone surrogates, punctuation. */
const HOSTILE_CHARS = [
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
const HOSTILE_NON_SPACE = HOSTILE_CHARS.filter((c) => c.trim() !== "");

/** One character: mostly from `alphabet`, sometimes hostile, sometimes any code point. */
function charFrom(alphabet: string): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...alphabet), weight: 6 },
    { arbitrary: fc.constantFrom(...HOSTILE_CHARS), weight: 2 },
    { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 1 },
  );
}

/** Strings over `alphabet` polluted with hostile characters. */
function stringFrom(alphabet: string, maxLength: number): fc.Arbitrary<string> {
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
function mutated(valid: fc.Arbitrary<string>, alphabet: string): fc.Arbitrary<string> {
  const edit = fc.record({ kind: fc.constantFrom("insert" as const, "delete" as const, "replace" as const), at: fc.nat(), ch: charFrom(alphabet) });
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([v, edits]) => applyEdits(v, edits));
}

/** Whitespace that String.prototype.trim removes (ASCII and Unicode). */
const padding = fc.string({ unit: fc.constantFrom(" ", "\t", "\n", "\r", "\u00a0", "\u2028", "\u3000", "\ufeff"), maxLength: 2 });

/** `arb` with optional trimmable whitespace on both sides. */
function padded(arb: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(padding, arb, padding).map(([a, v, b]) => a + v + b);
}

/** Valid values, their near misses, strings from the same alphabet, and arbitrary Unicode. */
function candidates(valid: fc.Arbitrary<string>, alphabet: string, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(padded(valid), mutated(valid, alphabet), stringFrom(alphabet, maxLength), fc.string({ unit: "binary", maxLength }));
}

/** `safeParse` as a value: `{ ok: true, data }` or `{ ok: false }`. Throws whatever the schema throws. */
function accepted<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.output<S> } | { ok: false } {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, data: r.data } : { ok: false };
}

const HEX = "0123456789abcdefABCDEF";
const hexString = (length: number) => fc.string({ unit: fc.constantFrom(...HEX), minLength: length, maxLength: length });
const byteHex = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, "0"));

describe("MAC addresses", () => {
  /** Oracle: six hex pairs, all separated by the same one of `:` `-` `.` or by nothing; upper-case colon form. */
  function expectedMac(s: string): string | null {
    for (const sep of [":", "-", "."]) {
      const parts = s.split(sep);
      if (parts.length === 6 && parts.every((p) => /^[0-9A-Fa-f]{2}$/.test(p))) return parts.join(":").toUpperCase();
    }
    if (s.length !== 12) return null;
    const pairs = [0, 2, 4, 6, 8, 10].map((i) => s.slice(i, i + 2));
    return pairs.every((p) => /^[0-9A-Fa-f]{2}$/.test(p)) ? pairs.join(":").toUpperCase() : null;
  }

  const validMac = fc
    .tuple(fc.array(byteHex, { minLength: 6, maxLength: 6 }), fc.constantFrom(":", "-", ".", ""))
    .chain(([bytes, sep]) => fc.mixedCase(fc.constant(bytes.join(sep))));
  const macCandidates = fc.oneof(
    candidates(validMac, `${HEX}:-.`, 24),
    // One pair with another separator: mixed separator styles.
    fc
      .tuple(
        validMac.filter((m) => m.length === 17),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(":", "-", ".", "", " "),
      )
      .map(([m, i, sep]) => m.slice(0, 2 + 3 * i) + sep + m.slice(3 + 3 * i)),
  );

  it("accepts exactly the strings that are (after trimming) six hex pairs with one separator style, as upper-case colon form", () => {
    fc.assert(
      fc.property(macCandidates, (s) => {
        const expected = expectedMac(s.trim());
        const r = accepted(macAddress, s);
        expect(r.ok).toBe(expected !== null);
        if (r.ok) expect(r.data).toBe(expected);
        expect(MAC_ADDRESS_RE.test(s)).toBe(expectedMac(s) !== null);
      }),
      MANY,
    );
  });

  it("accepts every valid MAC in any accepted format, case and padding, and normalises it idempotently", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }),
        fc.constantFrom(":", "-", ".", ""),
        padding,
        (bytes, sep, pad) => {
          const canonical = bytes.map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
          for (const text of [bytes.map((b) => b.toString(16).padStart(2, "0")).join(sep), canonical.replaceAll(":", sep)]) {
            const out = macAddress.parse(pad + text + pad);
            expect(out).toBe(canonical);
            expect(macAddress.parse(out)).toBe(out);
            expect(normaliseMac(out)).toBe(out);
            expect(normaliseMac(text)).toBe(canonical);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("unicastMac accepts exactly the valid MACs whose first octet is even (not a group address) and that are not all zeros", () => {
    const specialMacs = fc.constantFrom(
      "00:00:00:00:00:00",
      "000000000000",
      "FF:FF:FF:FF:FF:FF",
      "ff-ff-ff-ff-ff-ff",
      "01:00:5E:00:00:01",
      "33:33:00:00:00:01",
      "02:00:00:00:00:00",
    );
    fc.assert(
      fc.property(fc.oneof(macCandidates, specialMacs), (s) => {
        const mac = expectedMac(s.trim());
        const unicast = mac !== null && Number.parseInt(mac.slice(0, 2), 16) % 2 === 0 && mac !== "00:00:00:00:00:00";
        const r = accepted(unicastMac, s);
        expect(r.ok).toBe(unicast);
        if (r.ok) expect(r.data).toBe(mac);
        if (mac !== null) expect(unicastMacProblem(mac) === null).toBe(unicast);
      }),
      MANY,
    );
  });

  it("refuses a valid MAC with any non-space control, bidi, zero-width or look-alike character inserted anywhere", () => {
    fc.assert(
      fc.property(validMac, fc.nat(), fc.constantFrom(...HOSTILE_NON_SPACE), (mac, at, ch) => {
        const i = at % (mac.length + 1);
        const s = mac.slice(0, i) + ch + mac.slice(i);
        fc.pre(expectedMac(s) === null);
        expect(macAddress.safeParse(s).success).toBe(false);
      }),
      MANY,
    );
  });
});

/** Oracle: four decimal octets 0-255 without leading zeros (`010` reads as 8 in inet_aton, so is ambiguous). */
function isCanonicalIpv4(s: string): boolean {
  const octets = s.split(".");
  return octets.length === 4 && octets.every((o) => /^(0|[1-9][0-9]{0,2})$/.test(o) && Number(o) <= 255);
}

/** Oracle: canonical IPv4 `/` prefix 0-32 without leading zeros. */
function isCanonicalCidr(s: string): boolean {
  const parts = s.split("/");
  const [ip, prefix] = parts;
  return parts.length === 2 && ip !== undefined && prefix !== undefined && isCanonicalIpv4(ip) && /^(0|[1-9][0-9]?)$/.test(prefix) && Number(prefix) <= 32;
}

describe("IPv4 addresses and prefixes", () => {
  const octetText = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 255 }).map(String), weight: 6 },
    { arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 3 })).map(([n, w]) => String(n).padStart(w, "0")), weight: 2 },
    { arbitrary: fc.integer({ min: 256, max: 999 }).map(String), weight: 1 },
    { arbitrary: fc.constantFrom("", "-1", "+1", "0x1", "1e2", "1 ", "\u0661", "00", "0000"), weight: 1 },
  );
  const dottedQuad = fc.oneof(
    fc.array(octetText, { minLength: 4, maxLength: 4 }).map((o) => o.join(".")),
    fc.array(octetText, { minLength: 3, maxLength: 5 }).map((o) => o.join(".")),
    // A valid address with one octet written with leading zeros (`10.0.01.1`).
    fc.tuple(fc.ipV4(), fc.nat(3), fc.constantFrom("0", "00")).map(([a, i, zeros]) =>
      a
        .split(".")
        .map((o, j) => (j === i ? zeros + o : o))
        .join("."),
    ),
  );
  const prefixText = fc.oneof(
    fc.integer({ min: 0, max: 32 }).map(String),
    fc.integer({ min: 0, max: 99 }).map(String),
    fc.integer({ min: 0, max: 32 }).map((n) => String(n).padStart(2, "0")),
    fc.constantFrom("", "-1", "+8", "024", "32 "),
  );
  const addressCandidates = fc.oneof(fc.ipV4(), dottedQuad, candidates(fc.ipV4(), "0123456789.", 20));
  const cidrCandidates = fc.oneof(
    fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`),
    fc.tuple(dottedQuad, prefixText).map(([a, p]) => `${a}/${p}`),
    candidates(
      fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`),
      "0123456789./",
      24,
    ),
  );

  it("ipv4Address accepts exactly four octets 0-255 without leading zeros (after trimming), unchanged", () => {
    fc.assert(
      fc.property(addressCandidates, (s) => {
        const r = accepted(ipv4Address, s);
        expect(r.ok).toBe(isCanonicalIpv4(s.trim()));
        if (r.ok) expect(r.data).toBe(s.trim());
        expect(IPV4_ADDRESS_RE.test(s)).toBe(isCanonicalIpv4(s));
      }),
      MANY,
    );
  });

  it("ipv4Cidr accepts exactly a canonical address with a prefix 0-32 (after trimming), unchanged", () => {
    fc.assert(
      fc.property(cidrCandidates, (s) => {
        const r = accepted(ipv4Cidr, s);
        expect(r.ok).toBe(isCanonicalCidr(s.trim()));
        if (r.ok) expect(r.data).toBe(s.trim());
      }),
      MANY,
    );
  });

  /** Octets biased towards the special-purpose ranges and their edges. */
  const octet = fc.oneof(fc.constantFrom(0, 1, 10, 127, 169, 172, 192, 223, 224, 239, 240, 254, 255), fc.integer({ min: 0, max: 255 }));
  const octets = fc.array(octet, { minLength: 4, maxLength: 4 });
  const toUint = (o: number[]) => o.reduce((acc, x) => acc * 256 + x, 0);
  const toDotted = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");

  /** RFC 6890 ranges lib/validation/addresses.ts documents as no host's: 0/8, 127/8, 169.254/16, 224/4, 240/4 (with 255.255.255.255). */
  function isSpecialHost(o: number[]): boolean {
    const [a = 0, b = 0] = o;
    return a === 0 || a === 127 || (a === 169 && b === 254) || a >= 224;
  }

  /** Oracle of interfaceAddress: canonical CIDR, prefix 1-32, a host address, and (prefix up to /30) neither the network nor the broadcast address. */
  function isInterfaceAddress(s: string): boolean {
    if (!isCanonicalCidr(s)) return false;
    const [address, prefixText] = s.split("/");
    const o = (address ?? "").split(".").map(Number);
    const prefix = Number(prefixText);
    if (prefix === 0 || isSpecialHost(o)) return false;
    if (prefix > 30) return true;
    const size = 2 ** (32 - prefix);
    const host = toUint(o) % size;
    return host !== 0 && host !== size - 1;
  }

  const interfaceCandidates = fc.oneof(
    fc.tuple(octets, fc.integer({ min: 0, max: 32 }), fc.constantFrom("as is", "network", "broadcast")).map(([o, prefix, which]) => {
      const size = 2 ** (32 - prefix);
      const network = Math.floor(toUint(o) / size) * size;
      const v = which === "network" ? network : which === "broadcast" ? network + size - 1 : toUint(o);
      return `${toDotted(v)}/${prefix}`;
    }),
    cidrCandidates,
  );

  it("interfaceAddress accepts exactly canonical host addresses with a prefix 1-32, not a subnet's network or broadcast address up to /30", () => {
    fc.assert(
      fc.property(interfaceCandidates, (s) => {
        const expected = isInterfaceAddress(s.trim());
        const r = accepted(interfaceAddress, s);
        expect(r.ok).toBe(expected);
        if (r.ok) expect(r.data).toBe(s.trim());
        expect(interfaceAddressProblem(s) === null).toBe(isInterfaceAddress(s));
      }),
      MANY,
    );
  });

  it("hostIpv4Address accepts exactly canonical addresses outside 0/8, 127/8, 169.254/16, 224/4 and 240/4", () => {
    const hostCandidates = fc.oneof(
      octets.map((o) => o.join(".")),
      addressCandidates,
    );
    fc.assert(
      fc.property(hostCandidates, (s) => {
        const expected = (t: string) => isCanonicalIpv4(t) && !isSpecialHost(t.split(".").map(Number));
        const r = accepted(hostIpv4Address, s);
        expect(r.ok).toBe(expected(s.trim()));
        if (r.ok) expect(r.data).toBe(s.trim());
        expect(hostAddressProblem(s) === null).toBe(expected(s));
      }),
      MANY,
    );
  });

  it("accepts every address and every prefix 0-32 (fast-check's ipV4 is canonical)", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), padding, (address, prefix, pad) => {
        expect(ipv4Address.parse(pad + address + pad)).toBe(address);
        expect(ipv4Cidr.parse(`${pad}${address}/${prefix}${pad}`)).toBe(`${address}/${prefix}`);
      }),
      MANY,
    );
  });
});

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

describe("MACsec keys", () => {
  it.each([
    { name: "macsecCak", schema: macsecCak, digits: 32 },
    { name: "macsecCkn", schema: macsecCkn, digits: 64 },
  ])("$name accepts exactly $digits hex digits (after trimming) and lower-cases them idempotently", ({ schema, digits }) => {
    const keyCandidates = fc.oneof(
      padded(hexString(digits)),
      fc.integer({ min: 0, max: digits * 2 + 2 }).chain((n) => hexString(n)),
      candidates(hexString(digits), HEX, digits + 4),
    );
    fc.assert(
      fc.property(keyCandidates, (s) => {
        const t = s.trim();
        const expected = t.length === digits && [...t].every((c) => c.length === 1 && HEX.includes(c));
        const r = accepted(schema, s);
        expect(r.ok).toBe(expected);
        if (r.ok) {
          expect(r.data).toBe(t.toLowerCase());
          expect(schema.parse(r.data)).toBe(r.data);
        }
      }),
      MANY,
    );
  });

  it("sha256Fingerprint accepts exactly 64 hex digits once colons and whitespace are removed, as lower hex", () => {
    const valid = fc
      .tuple(fc.array(byteHex, { minLength: 32, maxLength: 32 }), fc.constantFrom(":", " ", "", "\t"))
      .chain(([bytes, sep]) => fc.mixedCase(fc.constant(bytes.join(sep))));
    fc.assert(
      fc.property(candidates(valid, `${HEX}: `, 100), (s) => {
        const stripped = [...s].filter((c) => c !== ":" && !/^\s$/.test(c)).join("");
        const expected = stripped.length === 64 && [...stripped].every((c) => HEX.includes(c));
        const r = accepted(sha256Fingerprint, s);
        expect(r.ok).toBe(expected);
        if (r.ok) {
          expect(r.data).toBe(stripped.toLowerCase());
          expect(sha256Fingerprint.parse(r.data)).toBe(r.data);
        }
      }),
    );
  });
});

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

describe("API base URL", () => {
  const urlParts = fc.record({
    scheme: fc.constantFrom("http", "https", "HTTPS", "ftp", "file", "javascript"),
    slashes: fc.constantFrom("//", "//", "//", "/", "", "\\\\", "///"),
    userinfo: fc.constantFrom("", "", "", "noc@", "noc:hunter2@", ":hunter2@", "@", "a%40b@"),
    host: fc.oneof(fc.ipV4(), fc.domain(), fc.constantFrom("[::1]", "localhost", "", "a b", "10.0.0.1%0a")),
    port: fc.oneof(
      fc.constant(""),
      fc.integer({ min: 0, max: 70_000 }).map((p) => `:${p}`),
    ),
    path: fc.array(
      fc.oneof({ arbitrary: fc.constantFrom("rest", ""), weight: 3 }, fc.constantFrom("r1", "core-1", "x@y", "%2e%2e", "..", "a?b", "a#b", "\u00fc")),
      { maxLength: 4 },
    ),
    tail: fc.constantFrom("", "", "/", "//", "?", "?x=1", "#", "#frag", " "),
  });
  const urlCandidates = fc.oneof(
    urlParts.map((u) => `${u.scheme}:${u.slashes}${u.userinfo}${u.host}${u.port}${u.path.map((p) => `/${p}`).join("")}${u.tail}`),
    stringFrom("abcdefhpst:/.@?#%0123456789", 30),
    fc.string({ unit: "binary", maxLength: 30 }),
  );

  it("never throws, whatever the string (a malformed URL is a validation issue)", () => {
    fc.assert(
      fc.property(urlCandidates, (s) => {
        expect(() => apiBaseUrl.safeParse(s)).not.toThrow();
      }),
      MANY,
    );
  });

  it("accepts only http(s) URLs without user name, password, query or fragment, with no trailing slash", () => {
    fc.assert(
      fc.property(urlParts, (u) => {
        const s = `${u.scheme}:${u.slashes}${u.userinfo}${u.host}${u.port}${u.path.map((p) => `/${p}`).join("")}${u.tail}`;
        const r = accepted(apiBaseUrl, s);
        if (!r.ok) return;
        const url = new URL(r.data);
        expect(["http:", "https:"]).toContain(url.protocol);
        expect(url.username).toBe("");
        expect(url.password).toBe("");
        expect(s).not.toMatch(/[?#]/);
        expect(s.length).toBeLessThanOrEqual(API_URL_MAX_LENGTH);
        expect(r.data).not.toMatch(/\/$/);
      }),
      MANY,
    );
  });

  it("normalisation is idempotent (what is stored parses to itself)", () => {
    fc.assert(
      fc.property(urlParts, (u) => {
        const s = `${u.scheme}://${u.host}${u.port}${u.path.map((p) => `/${p}`).join("")}${u.tail}`;
        const first = accepted(apiBaseUrl, s);
        if (first.ok) expect(apiBaseUrl.parse(first.data)).toBe(first.data);
      }),
      MANY,
    );
  });

  it("accepts a plain URL exactly up to API_URL_MAX_LENGTH characters", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: API_URL_MAX_LENGTH - 40, max: API_URL_MAX_LENGTH + 40 }),
        fc.constantFrom("http://10.0.0.1/", "https://router.example/"),
        (length, base) => {
          expect(apiBaseUrl.safeParse(base + "a".repeat(length - base.length)).success).toBe(length <= API_URL_MAX_LENGTH);
        },
      ),
    );
  });

  it("accepts every plain http(s) URL and drops trailing slashes and one trailing /rest", () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}$/);
    fc.assert(
      fc.property(
        fc.constantFrom("http", "https"),
        fc.oneof(fc.ipV4(), fc.domain()),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        fc.array(segment, { maxLength: 3 }),
        fc.constantFrom("", "/", "/rest", "/rest/"),
        (scheme, host, port, segments, tail) => {
          const base = `${scheme}://${host}${port === undefined ? "" : `:${port}`}${segments.map((p) => `/${p}`).join("")}`;
          expect(apiBaseUrl.parse(base + tail)).toBe(base);
        },
      ),
    );
  });
});

describe("durations", () => {
  const UNIT_SECONDS = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 } as const;

  it("round-trips: parse(format(n)) = n for whole seconds", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 100_000 })), (n) => {
        expect(parseRouterOsDuration(formatRouterOsDuration(n))).toBe(n);
      }),
      MANY,
    );
  });

  it("formats canonically (each unit once, in order, below the next unit, no leading zeros) and drops fractions", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e12, noNaN: true }), (x) => {
        const text = formatRouterOsDuration(x);
        const expected = Math.max(0, Math.floor(x));
        expect(parseRouterOsDuration(text)).toBe(expected);
        if (expected === 0) {
          expect(text).toBe("0s");
          return;
        }
        const m = /^(?:([1-9]\d*)w)?(?:([1-9]\d*)d)?(?:([1-9]\d*)h)?(?:([1-9]\d*)m)?(?:([1-9]\d*)s)?$/.exec(text);
        expect(m).not.toBeNull();
        const [, , d, h, mi, s] = m ?? [];
        if (d !== undefined) expect(Number(d)).toBeLessThan(7);
        if (h !== undefined) expect(Number(h)).toBeLessThan(24);
        if (mi !== undefined) expect(Number(mi)).toBeLessThan(60);
        if (s !== undefined) expect(Number(s)).toBeLessThan(60);
      }),
      MANY,
    );
  });

  it("parses every well-formed RouterOS duration (units in order, or [w][d] hh:mm:ss) to its number of seconds", () => {
    const unitForm = fc
      .record({
        w: fc.option(fc.nat(500)),
        d: fc.option(fc.nat(6)),
        h: fc.option(fc.nat(23)),
        m: fc.option(fc.nat(59)),
        s: fc.option(fc.nat(59)),
        ms: fc.option(fc.nat(999)),
      })
      .filter((r) => Object.values(r).some((v) => v !== null))
      .map((r) => ({
        text: (["w", "d", "h", "m", "s", "ms"] as const).map((u) => (r[u] === null ? "" : `${r[u]}${u}`)).join(""),
        seconds: (r.w ?? 0) * UNIT_SECONDS.w + (r.d ?? 0) * UNIT_SECONDS.d + (r.h ?? 0) * 3_600 + (r.m ?? 0) * 60 + (r.s ?? 0) + (r.ms ?? 0) / 1000,
      }));
    const two = (n: number) => String(n).padStart(2, "0");
    const clockForm = fc
      .record({
        w: fc.option(fc.nat(500)),
        d: fc.option(fc.nat(6)),
        space: fc.boolean(),
        h: fc.nat(23),
        hWidth: fc.constantFrom(1, 2),
        m: fc.nat(59),
        s: fc.nat(59),
        frac: fc.option(fc.nat(999)),
      })
      .map((r) => ({
        text:
          `${r.w === null ? "" : `${r.w}w`}${r.d === null ? "" : `${r.d}d`}${r.space ? " " : ""}` +
          `${String(r.h).padStart(r.hWidth, "0")}:${two(r.m)}:${two(r.s)}${r.frac === null ? "" : `.${String(r.frac).padStart(3, "0")}`}`,
        seconds: (r.w ?? 0) * UNIT_SECONDS.w + (r.d ?? 0) * UNIT_SECONDS.d + r.h * 3_600 + r.m * 60 + r.s + (r.frac ?? 0) / 1000,
      }));
    fc.assert(
      fc.property(fc.oneof(unitForm, clockForm), padding, ({ text, seconds }, pad) => {
        const parsed = parseRouterOsDuration(pad + text + pad);
        expect(parsed).not.toBeNull();
        expect(Math.abs((parsed ?? NaN) - seconds)).toBeLessThan(1e-6);
        expect(routerOsDuration.parse(text)).toBe(parsed);
      }),
      MANY,
    );
  });

  const durationCandidates = fc.oneof(
    stringFrom("0123456789wdhms:. ", 16),
    fc.tuple(fc.integer({ min: 15, max: 400 }), fc.constantFrom("w", "d", "h", "m", "s", "ms", "")).map(([n, u]) => `${"9".repeat(n)}${u}`),
    fc
      .array(fc.tuple(fc.nat(99), fc.constantFrom("w", "d", "h", "m", "s", "ms")), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.map(([n, u]) => `${n}${u}`).join("")),
    fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map(([h, m, s]) => `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`),
  );

  it("never throws: returns null or a finite number of seconds >= 0, and routerOsDuration agrees", () => {
    fc.assert(
      fc.property(durationCandidates, (s) => {
        const parsed = parseRouterOsDuration(s);
        if (parsed !== null) {
          expect(Number.isFinite(parsed)).toBe(true);
          expect(parsed).toBeGreaterThanOrEqual(0);
        }
        const r = accepted(routerOsDuration, s);
        expect(r.ok).toBe(parsed !== null);
        if (r.ok) expect(r.data).toBe(parsed);
      }),
      MANY,
    );
  });

  it("accepts only the documented grammar: units at most once each, in order w d h m s ms, or a clock with minutes and seconds below 60", () => {
    const strict = /^(?:\d+(?:\.\d+)?w)?(?:\d+(?:\.\d+)?d)?(?:\d+(?:\.\d+)?h)?(?:\d+(?:\.\d+)?m)?(?:\d+(?:\.\d+)?s)?(?:\d+(?:\.\d+)?ms)?$/;
    const clock = /^(?:\d+w)?(?:\d+d)?\s*\d{1,2}:([0-5]\d):([0-5]\d(?:\.\d+)?)$/;
    fc.assert(
      fc.property(durationCandidates, (s) => {
        const t = s.trim();
        if (parseRouterOsDuration(s) !== null) expect(strict.test(t) || clock.test(t)).toBe(true);
      }),
      MANY,
    );
  });
});

describe("dates", () => {
  const two = (n: number) => String(n).padStart(2, "0");
  const four = (n: number) => String(n).padStart(4, "0");
  const wholeSeconds = fc
    .date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
    .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));

  /** RouterOS v7 form (`2020-12-04 13:01:02`, also with `T`, or the date alone at midnight). */
  function isoText(d: Date, sep: string, withTime: boolean): string {
    const date = `${four(d.getUTCFullYear())}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
    return withTime ? `${date}${sep}${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}` : date;
  }

  /** RouterOS v6 form (`dec/04/2020 13:01:02`, or the date alone at midnight). */
  function v6Text(d: Date, withTime: boolean): string {
    const date = `${MONTHS[d.getUTCMonth()]}/${two(d.getUTCDate())}/${four(d.getUTCFullYear())}`;
    return withTime ? `${date} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}` : date;
  }

  it("round-trips every UTC date-time of years 0000-9999 in the v7 ISO and v6 forms", () => {
    fc.assert(
      fc.property(wholeSeconds, fc.constantFrom(" ", "T"), fc.boolean(), fc.boolean(), (d, sep, withTime, upper) => {
        const expected = new Date(d);
        if (!withTime) expected.setUTCHours(0, 0, 0, 0);
        expect(parseRouterOsDate(isoText(d, sep, withTime))?.toISOString()).toBe(expected.toISOString());
        const v6 = v6Text(d, withTime);
        expect(parseRouterOsDate(upper ? v6.toUpperCase() : v6)?.toISOString()).toBe(expected.toISOString());
      }),
    );
  });

  /** Days in `month` (1-12) of `year`, Gregorian. */
  function daysIn(year: number, month: number): number {
    if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
  }

  it("accepts a date only when month, day, hour, minute and second are in range, and then means exactly them", () => {
    const fields = fc.record({
      y: fc.integer({ min: 1900, max: 2100 }),
      mo: fc.integer({ min: 0, max: 13 }),
      d: fc.integer({ min: 0, max: 32 }),
      time: fc.option(fc.record({ h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 61 }), s: fc.integer({ min: 0, max: 61 }) })),
      v6: fc.boolean(),
    });
    fc.assert(
      fc.property(fields, ({ y, mo, d, time, v6 }) => {
        const monthText = v6 ? (mo >= 1 && mo <= 12 ? MONTHS[mo - 1] : "xyz") : two(mo);
        const dateText = v6 ? `${monthText}/${two(d)}/${four(y)}` : `${four(y)}-${monthText}-${two(d)}`;
        const text = time ? `${dateText} ${two(time.h)}:${two(time.mi)}:${two(time.s)}` : dateText;
        const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) && (!time || (time.h < 24 && time.mi < 60 && time.s < 60));
        const parsed = parseRouterOsDate(text);
        expect(parsed !== null).toBe(valid);
        if (parsed) expect(parsed.getTime()).toBe(Date.UTC(y, mo - 1, d, time?.h ?? 0, time?.mi ?? 0, time?.s ?? 0));
      }),
      MANY,
    );
  });

  it("never throws on hostile text and returns null or a valid Date", () => {
    const dateCandidates = fc.oneof(
      candidates(
        wholeSeconds.map((d) => isoText(d, " ", true)),
        "0123456789-: T",
        24,
      ),
      candidates(
        wholeSeconds.map((d) => v6Text(d, true)),
        "0123456789/: abcdefghijklmnopqrstuvwxyz",
        24,
      ),
    );
    fc.assert(
      fc.property(dateCandidates, (s) => {
        const parsed = parseRouterOsDate(s);
        if (parsed !== null) expect(Number.isNaN(parsed.getTime())).toBe(false);
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

describe("every exported schema", () => {
  const SCHEMAS: Record<string, z.ZodType> = {
    macAddress,
    unicastMac,
    interfaceName,
    interfaceListName,
    allowedInterfaceList,
    macvlanMode,
    interfaceMtu,
    routerOsComment,
    routerOsName,
    macsecCak,
    macsecCkn,
    ipv4Cidr,
    interfaceAddress,
    ipv4Address,
    hostIpv4Address,
    routerOsId,
    apiBaseUrl,
    sha256Fingerprint,
    routerOsBool,
    routerOsInt,
    routerOsCounter,
    routerOsDuration,
  };
  const FUNCTIONS_AND_CONSTANTS = [
    "MAC_ADDRESS_RE",
    "IPV4_ADDRESS_RE",
    "normaliseMac",
    "BUILTIN_INTERFACE_LISTS",
    "API_URL_MAX_LENGTH",
    "parseRouterOsDuration",
    "formatRouterOsDuration",
    "MONTHS",
    "parseRouterOsDate",
  ];

  it("has a property here (a new export needs one)", () => {
    expect(Object.keys(routeros).sort()).toEqual([...Object.keys(SCHEMAS), ...FUNCTIONS_AND_CONSTANTS].sort());
  });

  it.each(Object.entries(SCHEMAS))("%s: safeParse never throws, whatever the input", (_name, schema) => {
    const input = fc.oneof(fc.anything(), fc.string({ unit: "binary", maxLength: 40 }), stringFrom("0123456789abcdef:./-*", 40), fc.double(), fc.integer());
    fc.assert(
      fc.property(input, (v) => {
        expect(() => schema.safeParse(v)).not.toThrow();
      }),
    );
  });
});
