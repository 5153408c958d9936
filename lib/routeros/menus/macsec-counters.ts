/**
 * MACsec statistics of `/interface/macsec print stats` (RouterOS 7.21+), mapped onto the IEEE 802.1AE
 * SecY MIB names (as Linux `ip -s macsec show` prints them) that the product stores and charts.
 *
 * The RouterOS field names are those real RouterOS 7.21.5 and 7.22.3 print for `/interface/macsec`
 * (the `.proplist` completions of real builds in sim/routeros-schema/printed/): 29 counters, of the
 * secure channel (`rx-sc-*`, `tx-sc-*`), of the secure associations (`rx-sa-*`, `tx-sa-*`) and of the
 * SecY itself (`rx-no-tag`, `tx-untagged`, ...). The SA counters are the per-SA forms of the SC ones
 * (IEEE 802.1AE clause 10.7: InPktsOK … per receive SA; OutPktsProtected/Encrypted per transmit SA);
 * they get the canonical names with an `Sa` prefix. Values are packets (`*-packet`, unsuffixed) or bytes
 * (`*-byte`), 64-bit counters since the interface came up.
 */

/** RouterOS `print stats` field → canonical IEEE 802.1AE counter name. */
export const MACSEC_STATS_FIELDS = {
  "tx-untagged": "OutPktsUntagged",
  "tx-too-long": "OutPktsTooLong",
  "tx-sc-protected-packet": "OutPktsProtected",
  "tx-sc-encrypted-packet": "OutPktsEncrypted",
  "tx-sc-protected-byte": "OutOctetsProtected",
  "tx-sc-encrypted-byte": "OutOctetsEncrypted",
  "tx-sa-protected": "SaOutPktsProtected",
  "tx-sa-encrypted": "SaOutPktsEncrypted",
  "rx-untagged": "InPktsUntagged",
  "rx-no-tag": "InPktsNoTag",
  "rx-bad-tag": "InPktsBadTag",
  "rx-unknown-sci": "InPktsUnknownSCI",
  "rx-no-sci": "InPktsNoSCI",
  "rx-overrun": "InPktsOverrun",
  "rx-sc-ok": "InPktsOK",
  "rx-sc-invalid": "InPktsInvalid",
  "rx-sc-not-valid": "InPktsNotValid",
  "rx-sc-late": "InPktsLate",
  "rx-sc-delayed": "InPktsDelayed",
  "rx-sc-unchecked": "InPktsUnchecked",
  "rx-sc-not-using-sa": "InPktsNotUsingSA",
  "rx-sc-unused-sa": "InPktsUnusedSA",
  "rx-sc-validated-byte": "InOctetsValidated",
  "rx-sc-decrypted-byte": "InOctetsDecrypted",
  "rx-sa-ok": "SaInPktsOK",
  "rx-sa-invalid": "SaInPktsInvalid",
  "rx-sa-not-valid": "SaInPktsNotValid",
  "rx-sa-not-using-sa": "SaInPktsNotUsingSA",
  "rx-sa-unused-sa": "SaInPktsUnusedSA",
} as const;

/** A RouterOS `print stats` counter field (`rx-sc-ok`, `tx-sc-encrypted-packet`, ...). */
export type MacsecStatsField = keyof typeof MACSEC_STATS_FIELDS;

/** Canonical MACsec counter names (IEEE 802.1AE MIB / Linux), e.g. `InPktsOK`, `OutPktsEncrypted`. */
export type MacsecCounterName = (typeof MACSEC_STATS_FIELDS)[MacsecStatsField];

/** Counters RouterOS printed, as bigint; a counter RouterOS did not print (or printed as a non-integer) is absent. */
export type MacsecCounters = Partial<Record<MacsecCounterName, bigint>>;

/** The `.proplist` of a stats read: `name` and the 29 counters, so that `cak` is never in the reply. */
export const MACSEC_STATS_PROPLIST: readonly string[] = ["name", ...Object.keys(MACSEC_STATS_FIELDS)];

/** Maps one `print stats` row to canonical counters; fields that are not counters are ignored. */
export function mapMacsecCounters(row: Record<string, string>): MacsecCounters {
  const counters: MacsecCounters = {};
  for (const [field, name] of Object.entries(MACSEC_STATS_FIELDS)) {
    const value = row[field];
    if (value !== undefined && /^\d+$/.test(value)) counters[name] = BigInt(value);
  }
  return counters;
}
