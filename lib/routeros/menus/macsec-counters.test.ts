import { describe, expect, it } from "vitest";
import { MACSEC_STATS_FIELDS, MACSEC_STATS_PROPLIST, mapMacsecCounters } from "./macsec-counters";

describe("mapMacsecCounters", () => {
  it("maps RouterOS's print stats names to IEEE 802.1AE names, as bigint", () => {
    const counters = mapMacsecCounters({
      name: "macsec1",
      "rx-sc-ok": "18446744073709551615",
      "rx-sc-not-valid": "2",
      "rx-sc-late": "0",
      "rx-no-tag": "3",
      "rx-bad-tag": "4",
      "rx-unknown-sci": "5",
      "tx-sc-protected-packet": "6",
      "tx-sc-encrypted-packet": "7",
      "tx-sc-encrypted-byte": "8000",
      "rx-sc-validated-byte": "9000",
      "rx-sa-ok": "10",
    });
    expect(counters).toEqual({
      InPktsOK: BigInt("18446744073709551615"),
      InPktsNotValid: 2n,
      InPktsLate: 0n,
      InPktsNoTag: 3n,
      InPktsBadTag: 4n,
      InPktsUnknownSCI: 5n,
      OutPktsProtected: 6n,
      OutPktsEncrypted: 7n,
      OutOctetsEncrypted: 8000n,
      InOctetsValidated: 9000n,
      SaInPktsOK: 10n,
    });
  });

  it("ignores configuration fields, the CAK, unknown names and values that are not integers", () => {
    const counters = mapMacsecCounters({
      cak: "00112233445566778899aabbccddeeff",
      status: "open-encrypted",
      "in-pkts-ok": "5",
      "rx-sc-invalid": "n/a",
      "rx-sc-ok": "-1",
    });
    expect(counters).toEqual({});
  });

  it("asks for name and the 29 counters, never cak", () => {
    expect(MACSEC_STATS_PROPLIST).toEqual(["name", ...Object.keys(MACSEC_STATS_FIELDS)]);
    expect(MACSEC_STATS_PROPLIST).toHaveLength(30);
    expect(MACSEC_STATS_PROPLIST).not.toContain("cak");
    expect(new Set(Object.values(MACSEC_STATS_FIELDS)).size).toBe(29);
  });
});
