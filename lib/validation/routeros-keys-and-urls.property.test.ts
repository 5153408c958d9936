import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { API_URL_MAX_LENGTH, apiBaseUrl, macsecCak, macsecCkn, sha256Fingerprint } from "./routeros";
import { HEX, MANY, accepted, byteHex, candidates, hexString, padded, stringFrom } from "./testdata/arbitraries";

/*
 * Property-based tests of the RouterOS value validators (lib/validation/routeros.ts): MACsec keys, certificate
 * fingerprints and the API base URL. Shared generators, and how the properties are built:
 * lib/validation/testdata/arbitraries.ts.
 */

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
