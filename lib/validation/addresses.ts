import { cidr, cidrContains, formatIp, lastAddress, parseCidr, parseIp, type Cidr } from "../net/ip";

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
