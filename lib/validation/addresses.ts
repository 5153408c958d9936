import { cidr, cidrContains, cidrCovers, formatCidr, formatIp, lastAddress, parseCidr, parseIp, type Cidr } from "../net/ip";

/**
 * Checks of addresses that are well-formed but cannot be what the admin meant: a MAC that is not a unicast station
 * address, an IPv4 address that no host or interface may carry (RFC 6890 special-purpose ranges), an interface
 * address that is its subnet's network or broadcast address. Client-safe (no node: imports).
 */

/** IPv4 ranges no interface or DHCP client may be given, most specific first. */
const NOT_FOR_HOSTS: { net: Cidr; what: string }[] = [
  { net: cidr("255.255.255.255/32"), what: "the limited broadcast address" },
  { net: cidr("0.0.0.0/8"), what: 'an unspecified ("this network") address' },
  { net: cidr("127.0.0.0/8"), what: "a loopback address" },
  { net: cidr("169.254.0.0/16"), what: "a link-local address" },
  { net: cidr("224.0.0.0/4"), what: "a multicast address" },
  { net: cidr("240.0.0.0/4"), what: "a reserved address (240.0.0.0/4)" },
];

/**
 * Why a MAC (12 hex digits, any RouterOS separator) is not a unicast station address, or null when it is:
 * all zeros, the broadcast FF:FF:FF:FF:FF:FF, or a group address (least significant bit of the first octet set).
 */
export function unicastMacProblem(mac: string): string | null {
  const hex = mac.replace(/[^0-9A-Fa-f]/g, "").toUpperCase();
  if (/^0{12}$/.test(hex)) return "is all zeros: give a unicast MAC address";
  if (/^F{12}$/.test(hex)) return "is the broadcast address: give a unicast MAC address";
  if (Number.parseInt(hex.slice(0, 2), 16) & 1) return "is a multicast (group) address: the first octet must be even";
  return null;
}

/** Why an IPv4 address (dotted quad) cannot be a host's own address, or null when it can. */
export function hostAddressProblem(address: string): string | null {
  const ip = parseIp(address);
  if (!ip || ip.family !== 4 || address.includes(":")) return "must be a dotted-quad IPv4 address without leading zeros";
  const special = NOT_FOR_HOSTS.find((s) => cidrContains(s.net, ip));
  return special ? `${formatIp(ip)} is ${special.what}` : null;
}

/**
 * Why an IPv4 interface address with prefix (`/ip/address` `address`, e.g. `192.168.99.1/24`) is wrong, or null:
 * a /0 prefix, an address no host may carry ({@link hostAddressProblem}: 0.0.0.0, loopback, link-local, multicast,
 * reserved, 255.255.255.255), or, for prefixes up to /30, its subnet's network or broadcast address.
 */
export function interfaceAddressProblem(value: string): string | null {
  const slash = value.indexOf("/");
  const parsed = parseCidr(value);
  if (slash < 0 || !parsed || parsed.cidr.family !== 4) return "must look like 192.168.99.1/24 (dotted quad without leading zeros, prefix 1-32)";
  const host = hostAddressProblem(value.slice(0, slash));
  if (host) return host;
  const { cidr: net } = parsed;
  if (net.prefix === 0) return "prefix /0 would put every address on this interface: give the subnet's prefix";
  const ip = parseIp(value.slice(0, slash));
  if (ip && net.prefix <= 30) {
    const subnet = `${formatIp({ family: 4, value: net.network })}/${net.prefix}`;
    if (ip.value === net.network) return `${formatIp(ip)} is the network address of ${subnet}, not a host address`;
    if (ip.value === lastAddress(net)) return `${formatIp(ip)} is the broadcast address of ${subnet}, not a host address`;
  }
  return null;
}

/** One `/ip/pool` range: first and last address as 32-bit numbers (inclusive). */
export interface PoolRange {
  first: bigint;
  last: bigint;
}

/**
 * Parses `/ip/pool` `ranges` written as `first-last` ranges of dotted quads, comma-separated
 * (`192.168.88.10-192.168.88.254,192.168.88.2-192.168.88.5`; docs/routeros.md). Returns the ranges, or why the
 * text is not such a list: a part that is not `first-last`, a first address above its last, an address no host may
 * carry ({@link hostAddressProblem}), or two ranges that share an address.
 */
export function parsePoolRanges(text: string): { ranges: PoolRange[] } | { problem: string } {
  const ranges: PoolRange[] = [];
  for (const part of text.split(",")) {
    const [firstText = "", lastText, extra] = part.trim().split("-");
    const first = parseIp(firstText);
    const last = lastText === undefined ? null : parseIp(lastText);
    if (extra !== undefined || !first || !last || first.family !== 4 || last.family !== 4) {
      return { problem: `${part.trim() || "(empty)"} is not a range like 192.168.88.10-192.168.88.254` };
    }
    const special = hostAddressProblem(firstText) ?? hostAddressProblem(lastText ?? "");
    if (special) return { problem: special };
    if (first.value > last.value) return { problem: `${part.trim()} starts above its end` };
    const clash = ranges.find((r) => first.value <= r.last && r.first <= last.value);
    if (clash) return { problem: `${part.trim()} overlaps another range of the list` };
    ranges.push({ first: first.value, last: last.value });
  }
  return { ranges };
}

/** True when a pool range and a network share at least one address. */
export function rangeOverlapsNetwork(range: PoolRange, net: Cidr): boolean {
  return net.family === 4 && range.first <= lastAddress(net) && net.network <= range.last;
}

/**
 * Why an IPv4 network with prefix (`/ip/dhcp-server/network` `address`, e.g. `192.168.88.0/24`) is wrong, or null:
 * not `a.b.c.d/n`, a /0 prefix, host bits set (`192.168.88.1/24` is an interface address, not a network), or a
 * network inside a range no host may use (loopback, link-local, multicast, reserved).
 */
export function networkProblem(value: string): string | null {
  const parsed = parseCidr(value);
  if (!parsed || parsed.cidr.family !== 4 || !value.includes(".")) return "must look like 192.168.88.0/24 (dotted quad without leading zeros, prefix 1-32)";
  if (parsed.cidr.prefix === 0) return "prefix /0 is every address: give the subnet's prefix";
  if (parsed.hostBitsSet) return `has host bits set: the network of ${value} is ${formatIp({ family: 4, value: parsed.cidr.network })}/${parsed.cidr.prefix}`;
  const special = NOT_FOR_HOSTS.find((s) => s.net.prefix < 32 && (cidrCovers(s.net, parsed.cidr) || cidrCovers(parsed.cidr, s.net)));
  return special ? `overlaps ${formatCidr(special.net)} (${special.what.replace(/^an? /, "")} range)` : null;
}
