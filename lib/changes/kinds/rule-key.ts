/**
 * Fresh product keys for firewall rules (the `comment` by which firewall-rule kinds find a rule again,
 * nocRuleKey in lib/validation/routeros.ts). Client-safe: Web Crypto runs in the browser and on the server.
 */

/**
 * A fresh key `noc:<yyyymmdd>-<8 hex>`: the UTC date of `now` and 4 random bytes. Unique in practice; the
 * planner still refuses a key already present on the router.
 */
export function freshNocKey(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(4));
  return `noc:${day}-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
