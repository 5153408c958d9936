/**
 * MACsec statistics keyed by IEEE 802.1AE / Linux names. RouterOS 7.21+ prints per-interface MACsec
 * statistics (`/interface/macsec print stats`) but does not document their field names, so each
 * RouterOS field is matched case-insensitively, ignoring `-`/`_`, with `rx`→`In`, `tx`→`Out`,
 * `packets`/`packet`→`Pkts` and `bytes`→`Octets` (`in-pkts-ok`, `rx-packets-ok`, `InPktsOK` all map
 * to `InPktsOK`). Fields that match no canonical name are kept aside in `other`.
 */

/** Canonical MACsec counter names (IEEE 802.1AE MIB / Linux `ip -s macsec show`). */
export const MACSEC_COUNTER_NAMES = [
  "OutPktsProtected",
  "OutPktsEncrypted",
  "OutOctetsProtected",
  "OutOctetsEncrypted",
  "OutPktsUntagged",
  "OutPktsTooLong",
  "InPktsOK",
  "InPktsInvalid",
  "InPktsNotValid",
  "InPktsLate",
  "InPktsDelayed",
  "InPktsUnchecked",
  "InPktsNoTag",
  "InPktsBadTag",
  "InPktsUnknownSCI",
  "InPktsNoSCI",
  "InPktsNotUsingSA",
  "InPktsUnusedSA",
  "InOctetsValidated",
  "InOctetsDecrypted",
] as const;

export type MacsecCounterName = (typeof MACSEC_COUNTER_NAMES)[number];

/** Counters RouterOS printed, as bigint; a counter RouterOS did not print is absent. */
export type MacsecCounters = Partial<Record<MacsecCounterName, bigint>>;

/** Configuration and state fields of `/interface/macsec` that are not statistics. `cak` is never kept. */
const NON_COUNTER_FIELDS = new Set([
  ".id", "name", "interface", "cak", "ckn", "profile", "mtu", "l2mtu", "status", "running", "disabled",
  "comment", "dynamic", "mac-address", "type", ".nextid", ".about",
]);

const CANONICAL = new Map<string, MacsecCounterName>(MACSEC_COUNTER_NAMES.map((n) => [n.toLowerCase(), n]));

/** Maps one RouterOS field name to its canonical counter name, or null. */
export function canonicalMacsecCounter(field: string): MacsecCounterName | null {
  let key = field.toLowerCase().replace(/[-_]/g, "");
  if (key.startsWith("rx")) key = `in${key.slice(2)}`;
  else if (key.startsWith("tx")) key = `out${key.slice(2)}`;
  key = key.replace(/packets|packet/, "pkts").replace(/bytes/, "octets");
  return CANONICAL.get(key) ?? null;
}

/**
 * Splits one stats row into canonical counters (bigint) and `other` (every remaining field that is not
 * configuration/state, values as printed). A canonical field whose value is not an integer goes to `other`.
 */
export function mapMacsecCounters(row: Record<string, string>): { counters: MacsecCounters; other: Record<string, string> } {
  const counters: MacsecCounters = {};
  const other: Record<string, string> = {};
  for (const [field, value] of Object.entries(row)) {
    if (NON_COUNTER_FIELDS.has(field)) continue;
    const name = canonicalMacsecCounter(field);
    if (name && /^\d+$/.test(value)) counters[name] = BigInt(value);
    else other[field] = value;
  }
  return { counters, other };
}
