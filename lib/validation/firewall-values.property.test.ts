import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freshNocKey } from "../changes/kinds/rule-key";
import { connectionStates, firewallPorts, MACSEC_CIPHERS, macsecCiphers, nocRuleKey } from "./routeros";

/** Properties of the firewall and MACsec profile value validators (lib/validation/routeros.ts). */

const STATES = ["established", "related", "new", "invalid", "untracked"];

describe("firewall and MACsec profile values", () => {
  it("nocRuleKey accepts every fresh key and refuses upper case, spaces and other prefixes", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }),
        (d) => nocRuleKey.safeParse(freshNocKey(d)).success,
      ),
    );
    expect(freshNocKey(new Date("2026-12-03T10:00:00Z"))).toMatch(/^noc:20261203-[0-9a-f]{8}$/);
    expect(freshNocKey()).not.toBe(freshNocKey());
    for (const bad of ["noc:A", "noc:a b", "NOC:a", "noc-a", "noc:a:b", "noc:"]) expect(nocRuleKey.safeParse(bad).success, bad).toBe(false);
  });

  it("connectionStates accepts any non-empty set of distinct states in any order, refuses repeats and unknown words", () => {
    fc.assert(fc.property(fc.shuffledSubarray(STATES, { minLength: 1 }), (states) => connectionStates.safeParse(states.join(",")).success));
    fc.assert(
      fc.property(
        fc.constantFrom(...STATES),
        fc.string({ minLength: 1, maxLength: 8 }),
        (state, word) =>
          STATES.includes(word) || (!connectionStates.safeParse(`${state},${word}`).success && !connectionStates.safeParse(`${state},${state}`).success),
      ),
    );
  });

  it("firewallPorts accepts ports and ordered ranges of 1-65535 and refuses 0, 65536 and reversed ranges", () => {
    const port = fc.integer({ min: 1, max: 65535 });
    fc.assert(fc.property(port, port, (a, b) => firewallPorts.safeParse(`${Math.min(a, b)}-${Math.max(a, b)},${a}`).success));
    fc.assert(fc.property(port, port, (a, b) => a === b || !firewallPorts.safeParse(`${Math.max(a, b)}-${Math.min(a, b)}`).success));
    for (const bad of ["0", "65536", "53,", "x", "1-2-3"]) expect(firewallPorts.safeParse(bad).success, bad).toBe(false);
  });

  it("macsecCiphers accepts any non-empty set of the four suites", () => {
    fc.assert(fc.property(fc.shuffledSubarray([...MACSEC_CIPHERS], { minLength: 1 }), (c) => macsecCiphers.safeParse(c.join(",")).success));
    expect(macsecCiphers.safeParse("gcm-aes-128,").success).toBe(false);
  });
});
