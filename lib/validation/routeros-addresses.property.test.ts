import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostAddressProblem, interfaceAddressProblem, unicastMacProblem } from "./addresses";
import { IPV4_ADDRESS_RE, MAC_ADDRESS_RE, hostIpv4Address, interfaceAddress, ipv4Address, ipv4Cidr, macAddress, normaliseMac, unicastMac } from "./routeros";
import { HEX, HOSTILE_NON_SPACE, MANY, accepted, byteHex, candidates, padding } from "./testdata/arbitraries";

/*
 * Property-based tests of the RouterOS value validators (lib/validation/routeros.ts): MAC and IPv4 addresses
 * and prefixes. Shared generators, and how the properties are built: lib/validation/testdata/arbitraries.ts.
 */

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
