import { BlockList, isIP } from "node:net";
import { z } from "zod";

/** Longest textual IP address accepted (a full IPv6 address with an embedded IPv4 tail is 45 characters). */
const MAX_IP_LENGTH = 45;

/**
 * Canonical text of an IP address, or null when `raw` is not one: IPv4 as is, IPv6 lower-cased and
 * compressed (WHATWG URL serialisation), IPv4-mapped IPv6 (`::ffff:192.0.2.1`, as Node reports IPv4
 * peers on a dual-stack socket) as plain IPv4. Zone ids (`fe80::1%eth0`), ports, brackets and anything
 * longer than 45 characters are refused, so nothing but an address can come out of it.
 */
export function normalizeIp(raw: string): string | null {
  const value = raw.trim();
  if (value.length === 0 || value.length > MAX_IP_LENGTH || value.includes("%")) return null;
  const family = isIP(value);
  if (family === 4) return value;
  if (family !== 6) return null;
  const compressed = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const [, highText, lowText] = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(compressed) ?? [];
  if (highText === undefined || lowText === undefined) return compressed;
  const high = parseInt(highText, 16);
  const low = parseInt(lowText, 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/** One network: a canonical address and a prefix length (32 / 128 for a single address). */
export interface IpNetwork {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/**
 * Parses one IP address or CIDR network (`10.0.0.1`, `10.0.0.0/8`, `2001:db8::/32`).
 * @returns the network, or null when `raw` is neither
 */
export function parseIpNetwork(raw: string): IpNetwork | null {
  const [addressText, prefixText, ...rest] = raw.trim().split("/");
  if (rest.length > 0 || addressText === undefined) return null;
  const address = normalizeIp(addressText);
  if (address === null) return null;
  const family = isIP(address) === 4 ? "ipv4" : "ipv6";
  const max = family === "ipv4" ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= max ? { address, prefix, family } : null;
}

/**
 * Zod schema for a comma-separated list of IP addresses and CIDR networks (blank entries ignored; an empty
 * string is the empty list). Used by env var TRUSTED_PROXIES (lib/env.ts).
 */
export const ipNetworkListSchema = z.string().transform((value, ctx): IpNetwork[] => {
  const networks: IpNetwork[] = [];
  for (const entry of value
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "")) {
    const network = parseIpNetwork(entry);
    if (network === null) ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 60)}" is not an IP address or CIDR network` });
    else networks.push(network);
  }
  return networks;
});

const blockLists = new WeakMap<readonly IpNetwork[], BlockList>();

/** True when canonical address `ip` (from normalizeIp) lies in one of `networks`. */
export function ipInNetworks(ip: string, networks: readonly IpNetwork[]): boolean {
  if (networks.length === 0) return false;
  let list = blockLists.get(networks);
  if (!list) {
    list = new BlockList();
    for (const n of networks) list.addSubnet(n.address, n.prefix, n.family);
    blockLists.set(networks, list);
  }
  return list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
}
