import { describe, expect, it } from "vitest";
import { canonicalMacsecCounter, mapMacsecCounters } from "./macsec-counters";

describe("canonicalMacsecCounter", () => {
  it("maps kebab-case, snake_case, rx/tx and IEEE spellings to one name", () => {
    expect(canonicalMacsecCounter("in-pkts-ok")).toBe("InPktsOK");
    expect(canonicalMacsecCounter("InPktsOK")).toBe("InPktsOK");
    expect(canonicalMacsecCounter("rx_pkts_ok")).toBe("InPktsOK");
    expect(canonicalMacsecCounter("rx-packets-unknown-sci")).toBe("InPktsUnknownSCI");
    expect(canonicalMacsecCounter("out-pkts-protected")).toBe("OutPktsProtected");
    expect(canonicalMacsecCounter("tx-octets-encrypted")).toBe("OutOctetsEncrypted");
    expect(canonicalMacsecCounter("rx-bytes-validated")).toBe("InOctetsValidated");
    expect(canonicalMacsecCounter("in-pkts-not-using-sa")).toBe("InPktsNotUsingSA");
  });

  it("returns null for fields that are not MACsec counters", () => {
    expect(canonicalMacsecCounter("rx-byte")).toBeNull();
    expect(canonicalMacsecCounter("status")).toBeNull();
  });
});

describe("mapMacsecCounters", () => {
  it("splits counters (bigint) from unknown fields and never keeps config or the CAK", () => {
    const { counters, other } = mapMacsecCounters({
      ".id": "*1",
      name: "macsec1",
      interface: "ether2",
      cak: "00112233445566778899aabbccddeeff",
      status: "open-encrypted",
      "in-pkts-ok": "18446744073709551615",
      "in-pkts-late": "0",
      "out-pkts-protected": "42",
      "rx-sa-count": "2",
      "in-pkts-invalid": "n/a",
    });
    expect(counters).toEqual({ InPktsOK: BigInt("18446744073709551615"), InPktsLate: BigInt(0), OutPktsProtected: BigInt(42) });
    expect(other).toEqual({ "rx-sa-count": "2", "in-pkts-invalid": "n/a" });
    expect(JSON.stringify(other)).not.toContain("00112233");
  });
});
