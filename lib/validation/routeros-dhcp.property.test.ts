import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCidr } from "../net/ip";
import { dhcpLeaseTime, formatRouterOsDuration, ipPoolRanges, ipv4AddressList, ipv4Network, parseRouterOsDuration } from "./routeros";
import { MANY, accepted, padding } from "./testdata/arbitraries";

/*
 * Property-based tests of the addressing validators (lib/validation/routeros.ts): DHCP networks, pool ranges,
 * address lists and lease times. Shared generators: lib/validation/testdata/arbitraries.ts.
 */

/** Ordinary unicast space (10.0.0.0/8), so that the special ranges never get in the way of a property. */
const tenNet = fc.integer({ min: 0, max: 2 ** 24 - 1 }).map((n) => 10 * 2 ** 24 + n);
const dotted = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");

describe("ipv4Network", () => {
  it("accepts exactly the prefixes whose host bits are zero", () => {
    fc.assert(
      fc.property(tenNet, fc.integer({ min: 8, max: 32 }), padding, (n, prefix, pad) => {
        const text = `${dotted(n)}/${prefix}`;
        const r = accepted(ipv4Network, `${pad}${text}${pad}`);
        expect(r.ok).toBe(parseCidr(text)?.hostBitsSet === false);
        if (r.ok) expect(r.data).toBe(text);
      }),
      MANY,
    );
  });
});

describe("ipPoolRanges", () => {
  it("accepts ordered, disjoint first-last ranges and prints them joined by commas", () => {
    fc.assert(
      fc.property(fc.uniqueArray(tenNet, { minLength: 2, maxLength: 8 }), (points) => {
        const sorted = [...points].sort((a, b) => a - b);
        const ranges = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push(`${dotted(sorted[i] ?? 0)}-${dotted(sorted[i + 1] ?? 0)}`);
        const r = accepted(ipPoolRanges, ranges.join(" , "));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.data).toBe(ranges.join(","));
      }),
      MANY,
    );
  });

  it("refuses a range that starts above its end", () => {
    fc.assert(
      fc.property(tenNet, tenNet, (a, b) => {
        fc.pre(a !== b);
        expect(accepted(ipPoolRanges, `${dotted(Math.max(a, b))}-${dotted(Math.min(a, b))}`).ok).toBe(false);
      }),
      MANY,
    );
  });
});

describe("ipv4AddressList", () => {
  it("accepts distinct host addresses in any spacing and refuses a repeated one", () => {
    fc.assert(
      fc.property(fc.uniqueArray(tenNet, { minLength: 1, maxLength: 5 }), (ips) => {
        const r = accepted(ipv4AddressList, ips.map(dotted).join(" ,"));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.data).toBe(ips.map(dotted).join(","));
        expect(accepted(ipv4AddressList, [...ips, ips[0] ?? 0].map(dotted).join(",")).ok).toBe(false);
      }),
      MANY,
    );
  });
});

describe("dhcpLeaseTime", () => {
  it("writes any whole number of seconds in range as RouterOS prints it, idempotently, from either syntax", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4_294_967_295 }), (seconds) => {
        const printed = formatRouterOsDuration(seconds);
        const days = Math.floor(seconds / 86_400);
        const rest = seconds % 86_400;
        const clock = `${days}d ${String(Math.floor(rest / 3600)).padStart(2, "0")}:${String(Math.floor(rest / 60) % 60).padStart(2, "0")}:${String(rest % 60).padStart(2, "0")}`;
        for (const text of [printed, clock]) {
          const r = accepted(dhcpLeaseTime, text);
          expect(r.ok, text).toBe(true);
          if (r.ok) expect(r.data).toBe(printed);
        }
        expect(parseRouterOsDuration(printed)).toBe(seconds);
      }),
      MANY,
    );
    expect(accepted(dhcpLeaseTime, "7101w3d6h28m16s").ok).toBe(false);
  });
});
