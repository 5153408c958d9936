import { z } from "zod";
import { cidrCovers, formatIp, lastAddress, parseCidr, type Cidr } from "../../net/ip";
import { interfaceListName, interfaceName, macvlanMode } from "../../validation/routeros";
import type { SetUpInput } from "../setup/types";

/**
 * The "isolated MACVLAN segment" template (the MACVLAN guide, docs/routeros.md): on each router a MACVLAN on a
 * parent, its gateway address, a pool, a DHCP server and network, firewall rules that isolate the segment, and
 * masquerade out of the WAN list when no rule covers the subnet yet. One set-up for one router or many (bulk),
 * each with its own parent and subnet. Client-safe (the form validates with the same schema).
 *
 * Rules, each keyed by a product comment `noc:<segment>-<role>` (firewall-rule kinds find rules by it):
 * - forward, in this order at the top of the chain: accept `connection-state=established,related`; accept
 *   from the segment to the WAN list; drop from the segment to the LAN list (the guide calls this isolation
 *   the most critical part);
 * - input, at the top: accept DHCP (udp 67) and DNS (udp and tcp 53) from the segment, then drop every other
 *   new connection from the segment to the router;
 * - srcnat: masquerade `src-address=<subnet>` out of the WAN list, unless an enabled masquerade rule out of
 *   the WAN list already covers the subnet (no `src-address`, or one that contains it).
 * Rules placed "top" are added in reverse order, so each lands above the one added before it.
 */
export const ISOLATED_MACVLAN = "isolated-macvlan";

/** A subnet for a segment: an IPv4 network (no host bits) from /16 to /29, so that it has a gateway and a pool. */
const segmentSubnet = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseCidr(value);
    if (!parsed || parsed.cidr.family !== 4) ctx.addIssue({ code: "custom", message: "subnet must be an IPv4 network such as 10.20.30.0/24" });
    else if (parsed.hostBitsSet) ctx.addIssue({ code: "custom", message: `subnet has host bits set: write the network address` });
    else if (parsed.cidr.prefix < 16 || parsed.cidr.prefix > 29) ctx.addIssue({ code: "custom", message: "subnet must be from /16 to /29" });
  });

/** The template's form: what every router shares, and one row per router. */
export const isolatedMacvlanSchema = z
  .strictObject({
    name: interfaceName.default("macvlan-guest"),
    /** `private`: MACVLANs on one parent cannot reach each other (the guide's choice for an isolated segment). */
    mode: macvlanMode.default("private"),
    wanList: interfaceListName.default("WAN"),
    lanList: interfaceListName.default("LAN"),
    routers: z
      .array(z.strictObject({ deviceId: z.string().min(1), parent: interfaceName, subnet: segmentSubnet }))
      .min(1, "choose at least one router")
      .max(100, "at most 100 routers per set-up"),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.routers.forEach((r, i) => {
      if (seen.has(r.deviceId)) ctx.addIssue({ code: "custom", path: ["routers", i, "deviceId"], message: "each router once" });
      seen.add(r.deviceId);
    });
  });

export type IsolatedMacvlanInput = z.input<typeof isolatedMacvlanSchema>;

/** A router's srcnat rule as printed (`/ip/firewall/nat`): the fields that decide whether it covers a subnet. */
export interface NatRule {
  action?: string;
  chain?: string;
  "out-interface-list"?: string;
  "src-address"?: string;
  disabled?: string;
}

/** Gateway, pool range and network of a segment subnet: gateway = first host; pool from the 10th host (the 2nd below /27) to the last. */
export function segmentAddresses(subnet: Cidr): { gateway: string; address: string; network: string; ranges: string } {
  const ip = (value: bigint) => formatIp({ family: 4, value });
  const last = lastAddress(subnet) - 1n;
  const first = subnet.network + (subnet.prefix <= 26 ? 10n : 2n);
  return {
    gateway: ip(subnet.network + 1n),
    address: `${ip(subnet.network + 1n)}/${subnet.prefix}`,
    network: `${ip(subnet.network)}/${subnet.prefix}`,
    ranges: `${ip(first)}-${ip(last)}`,
  };
}

/** True when an enabled masquerade rule out of `wanList` covers `subnet` (no src-address, or one containing it). */
export function natCovers(rules: NatRule[], wanList: string, subnet: Cidr): boolean {
  return rules.some((r) => {
    if (r.chain !== "srcnat" || r.action !== "masquerade" || r.disabled === "true" || r["out-interface-list"] !== wanList) return false;
    const src = r["src-address"];
    if (!src) return true;
    const parsed = parseCidr(src.includes("/") ? src : `${src}/32`);
    return parsed !== null && cidrCovers(parsed.cidr, subnet);
  });
}

/** `noc:<segment>` from the MACVLAN name: lower case, other characters as `-`, short enough for the longest role. */
function keyPrefix(name: string): string {
  return `noc:${name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .slice(0, 48)}`;
}

/**
 * The set-up for validated template input: per router, in order, `macvlan.add`, `ip-address.add`, `ip-pool.add`,
 * `dhcp-server.add`, `dhcp-network.add`, the filter rules and, when `natRules` of that router do not cover the
 * subnet, the masquerade rule. `natRules(deviceId)` gives the router's name and `/ip/firewall/nat` rows (read by the
 * caller when it builds the set-up; the plan's drift check guards the rest).
 */
export async function buildIsolatedMacvlan(
  input: z.output<typeof isolatedMacvlanSchema>,
  natRules: (deviceId: string) => Promise<{ router: string; rules: NatRule[] }>,
): Promise<{ setUp: SetUpInput; notes: string[] }> {
  const { name, mode, wanList, lanList } = input;
  const key = keyPrefix(name);
  const steps: SetUpInput["steps"] = [];
  const notes: string[] = [];
  for (const r of input.routers) {
    const subnet = (parseCidr(r.subnet) as NonNullable<ReturnType<typeof parseCidr>>).cidr;
    const a = segmentAddresses(subnet);
    const deviceId = r.deviceId;
    const rule = (params: Record<string, unknown>) =>
      steps.push({ kind: "firewall-rule.add", deviceId, params: { table: "filter", position: "top", ...params } });
    steps.push({ kind: "macvlan.add", deviceId, params: { name, interface: r.parent, mode } });
    steps.push({ kind: "ip-address.add", deviceId, params: { address: a.address, interface: name } });
    steps.push({ kind: "ip-pool.add", deviceId, params: { name: `pool-${name}`, ranges: a.ranges } });
    steps.push({ kind: "dhcp-server.add", deviceId, params: { name: `dhcp-${name}`, interface: name, addressPool: `pool-${name}` } });
    steps.push({ kind: "dhcp-network.add", deviceId, params: { address: a.network, gateway: a.gateway, dnsServers: a.gateway } });
    rule({ chain: "forward", action: "drop", inInterface: name, outInterfaceList: lanList, comment: `${key}-to-lan` });
    rule({ chain: "forward", action: "accept", inInterface: name, outInterfaceList: wanList, comment: `${key}-to-wan` });
    rule({ chain: "forward", action: "accept", connectionState: "established,related", comment: `${key}-est` });
    rule({ chain: "input", action: "drop", inInterface: name, connectionState: "new", comment: `${key}-in-drop` });
    rule({ chain: "input", action: "accept", inInterface: name, protocol: "tcp", dstPort: "53", comment: `${key}-in-dns-tcp` });
    rule({ chain: "input", action: "accept", inInterface: name, protocol: "udp", dstPort: "53,67", comment: `${key}-in-dhcp-dns` });
    const nat = await natRules(deviceId);
    if (natCovers(nat.rules, wanList, subnet)) {
      notes.push(`${nat.router}: a masquerade rule out of ${wanList} already covers ${r.subnet}; no NAT rule added`);
    } else {
      steps.push({
        kind: "firewall-rule.add",
        deviceId,
        params: {
          table: "nat",
          chain: "srcnat",
          action: "masquerade",
          position: "end",
          srcAddress: a.network,
          outInterfaceList: wanList,
          comment: `${key}-nat`,
        },
      });
    }
  }
  return {
    setUp: {
      title: `Isolated MACVLAN segment ${name} on ${input.routers.length} router${input.routers.length === 1 ? "" : "s"}`,
      template: ISOLATED_MACVLAN,
      steps,
    },
    notes,
  };
}
