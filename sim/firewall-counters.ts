import { unit } from "./prng";
import type { RouterState } from "./router-state";
import type { Row, StoredRow } from "./types";

/** The firewall tables whose rules count what they match. */
const FIREWALL_STORES = new Set(["/ip/firewall/filter", "/ip/firewall/nat"]);

/** True for rows of `/ip/firewall/filter` and `/ip/firewall/nat`. */
export function isFirewallStore(store: string): boolean {
  return FIREWALL_STORES.has(store);
}

/**
 * A firewall rule's `packets` and `bytes` at `nowMs`, as RouterOS prints them (decimal strings): the rule matches
 * at a steady rate chosen from the seed and its `.id` (a fifth of the rules never match; the others 0.5 to 300
 * packets/s of 64 to 1,400 bytes) from boot or from its add, whichever is later. A disabled rule prints the
 * stored counters (0: the simulator does not remember when a rule was disabled; `reset-counters` is not modelled).
 */
export function firewallCounters(state: RouterState, store: string, row: StoredRow, nowMs: number): Row {
  if (row.disabled === "true") return {};
  const key = `${store}${row[".id"]}`;
  const u = unit(state.spec.seed, "firewall", key);
  if (u < 0.2) return {};
  const perSecond = 0.5 + 300 * ((u - 0.2) / 0.8) ** 3;
  const size = 64 + Math.floor(1_336 * unit(state.spec.seed, "firewall-size", key));
  const since = Math.max(state.createdAt.get(row[".id"]) ?? 0, state.spec.bootAtMs);
  const packets = Math.floor((Math.max(0, nowMs - since) / 1000) * perSecond);
  return { packets: String(packets), bytes: String(BigInt(packets) * BigInt(size)) };
}
