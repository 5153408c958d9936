import { z } from "zod";
import type { RouterOsClient } from "../client";
import { counter, flag, id, parseRows, text } from "./parse";

/** The two firewall tables this product shows: `/ip/firewall/filter` and `/ip/firewall/nat`. */
export type FirewallTable = "filter" | "nat";

/**
 * One rule of `/ip/firewall/filter` or `/ip/firewall/nat`, in print order (the order RouterOS evaluates
 * the rules of a chain). Matchers RouterOS leaves out of a print (not set) are null.
 */
export interface FirewallRule {
  id: string;
  chain: string;
  action: string;
  protocol: string | null;
  srcAddress: string | null;
  dstAddress: string | null;
  srcAddressList: string | null;
  dstAddressList: string | null;
  srcPort: string | null;
  dstPort: string | null;
  inInterface: string | null;
  outInterface: string | null;
  inInterfaceList: string | null;
  outInterfaceList: string | null;
  /** Filter only: `connection-state` (`established,related`); null in NAT rules. */
  connectionState: string | null;
  /** Filter only: `connection-nat-state` (`dstnat`); null in NAT rules. */
  connectionNatState: string | null;
  /** `jump-target` chain of `action=jump`. */
  jumpTarget: string | null;
  /** NAT only: `to-addresses` of `dst-nat`/`src-nat`/`netmap`. */
  toAddresses: string | null;
  /** NAT only: `to-ports`. */
  toPorts: string | null;
  log: boolean;
  comment: string | null;
  disabled: boolean;
  dynamic: boolean;
  invalid: boolean;
  /** Bytes the rule matched since boot or `reset-counters` (64-bit, `bytes`). */
  bytes: bigint;
  /** Packets the rule matched (`packets`). */
  packets: bigint;
}

/** Fields both tables print (real 7.21.5 and 7.22.3 prints, docs/routeros.md "What the device page reads live"). */
const COMMON = [
  ".id",
  "chain",
  "action",
  "protocol",
  "src-address",
  "dst-address",
  "src-address-list",
  "dst-address-list",
  "src-port",
  "dst-port",
  "in-interface",
  "out-interface",
  "in-interface-list",
  "out-interface-list",
  "jump-target",
  "log",
  "comment",
  "disabled",
  "dynamic",
  "invalid",
  "bytes",
  "packets",
] as const;

/** The `.proplist` of each table: the common fields and those only that table prints. */
export const FIREWALL_PROPLIST: Readonly<Record<FirewallTable, readonly string[]>> = {
  filter: [...COMMON, "connection-state", "connection-nat-state"],
  nat: [...COMMON, "to-addresses", "to-ports"],
};

const ruleSchema = z
  .object({
    ".id": id,
    chain: z.string(),
    action: z.string().optional(),
    protocol: text,
    "src-address": text,
    "dst-address": text,
    "src-address-list": text,
    "dst-address-list": text,
    "src-port": text,
    "dst-port": text,
    "in-interface": text,
    "out-interface": text,
    "in-interface-list": text,
    "out-interface-list": text,
    "connection-state": text,
    "connection-nat-state": text,
    "jump-target": text,
    "to-addresses": text,
    "to-ports": text,
    log: flag,
    comment: text,
    disabled: flag,
    dynamic: flag,
    invalid: flag,
    bytes: counter,
    packets: counter,
  })
  .transform((r): FirewallRule => ({
    id: r[".id"],
    chain: r.chain,
    // RouterOS's default action of a rule added without one is `accept`.
    action: r.action ?? "accept",
    protocol: r.protocol,
    srcAddress: r["src-address"],
    dstAddress: r["dst-address"],
    srcAddressList: r["src-address-list"],
    dstAddressList: r["dst-address-list"],
    srcPort: r["src-port"],
    dstPort: r["dst-port"],
    inInterface: r["in-interface"],
    outInterface: r["out-interface"],
    inInterfaceList: r["in-interface-list"],
    outInterfaceList: r["out-interface-list"],
    connectionState: r["connection-state"],
    connectionNatState: r["connection-nat-state"],
    jumpTarget: r["jump-target"],
    toAddresses: r["to-addresses"],
    toPorts: r["to-ports"],
    log: r.log,
    comment: r.comment,
    disabled: r.disabled,
    dynamic: r.dynamic,
    invalid: r.invalid,
    bytes: r.bytes,
    packets: r.packets,
  }));

/**
 * Lists the rules of `/ip/firewall/<table>` in print order (`GET` with the table's `.proplist`), with their
 * `bytes` and `packets` counters. Throws RouterOsError subclasses; RouterOsBadResponseError on an unexpected shape.
 */
export async function listFirewallRules(client: RouterOsClient, table: FirewallTable): Promise<FirewallRule[]> {
  const menu = `/ip/firewall/${table}`;
  const rows = await client.print(menu, { proplist: [...FIREWALL_PROPLIST[table]] });
  return parseRows(ruleSchema, rows, menu);
}
