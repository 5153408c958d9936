import "server-only";
import { lookup as dnsLookup } from "node:dns/promises";
import { networkInterfaces } from "node:os";
import { cidr, cidrContains, cidrCovers, formatCidr, formatIp, parseCidr, parseIp, type Cidr, type IpAddress } from "./ip";
import { ExpectedError } from "../errors";

/**
 * The router-network policy: which addresses the NOC may open a connection to as a "router" (the API URL of a
 * device). Admins keep the list (table RouterNetwork, lib/devices/router-networks.ts); an empty table means
 * {@link DEFAULT_ROUTER_NETWORKS}. Whatever the list says, {@link NEVER_ALLOWED} stays refused, loopback is only
 * reached through a network an admin added for it (`127.0.0.1/32`, as the demo does for its simulator), and the
 * app's own port is refused on loopback and on this host's own addresses. The check runs at save (lib/devices) and
 * again at every connect (the RouterOS client's agent, lib/routeros/agent.ts), on every address a name resolves to.
 */

/** The networks in effect while the admin list is empty: the private ranges (RFC 1918, RFC 4193). */
export const DEFAULT_ROUTER_NETWORKS: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

/**
 * Refused whatever the list says: unspecified and "this network" (0.0.0.0 reaches the local host on Linux),
 * link-local (169.254/16, fe80::/10: where cloud metadata services live), the metadata addresses of Alibaba
 * (100.100.100.200) and AWS over IPv6 (fd00:ec2::254, inside the default fc00::/7), multicast and broadcast.
 */
export const NEVER_ALLOWED: readonly { cidr: string; why: string }[] = [
  { cidr: "0.0.0.0/8", why: 'an unspecified or "this network" address' },
  { cidr: "::/128", why: "the unspecified address" },
  { cidr: "169.254.0.0/16", why: "a link-local address (cloud metadata services live there)" },
  { cidr: "fe80::/10", why: "a link-local address" },
  { cidr: "100.100.100.200/32", why: "a cloud metadata address" },
  { cidr: "fd00:ec2::254/128", why: "a cloud metadata address" },
  { cidr: "224.0.0.0/4", why: "a multicast address" },
  { cidr: "ff00::/8", why: "a multicast address" },
  { cidr: "255.255.255.255/32", why: "the broadcast address" },
];

/** Loopback networks: reached only through an admin-added network that lies inside them. */
const LOOPBACK_NETWORKS: readonly string[] = ["127.0.0.0/8", "::1/128"];

const NEVER = NEVER_ALLOWED.map((n) => ({ net: cidr(n.cidr), why: n.why }));
const LOOPBACK = LOOPBACK_NETWORKS.map(cidr);

/** The neutral text of every refusal at connect time, whatever the reason and whatever the port's state. */
export const ROUTER_ADDRESS_DENIED_MESSAGE = "the router's address is not allowed (outside the allowed router networks, or the NOC server itself)";

/** `code` of {@link RouterAddressDeniedError}. */
export const ROUTER_ADDRESS_DENIED = "ROUTER_ADDRESS_DENIED";

/**
 * A connection target the policy refuses. `message` is always {@link ROUTER_ADDRESS_DENIED_MESSAGE} (what Test
 * connection and the poller show: it never depends on whether a port is open); `reason` says why, for the save
 * form's field error (e.g. `127.0.0.1 is not in the allowed router networks`).
 */
export class RouterAddressDeniedError extends ExpectedError {
  override name = "RouterAddressDeniedError";
  readonly code = ROUTER_ADDRESS_DENIED;

  constructor(readonly reason: string) {
    super(ROUTER_ADDRESS_DENIED_MESSAGE);
  }
}

/** True for 127.0.0.0/8 and ::1 (IPv4-mapped forms included: they are read as IPv4). */
function isLoopback(ip: IpAddress): boolean {
  return LOOPBACK.some((n) => cidrContains(n, ip));
}

/** Why `ip` is never allowed, or null when it may be. */
function neverAllowedReason(ip: IpAddress): string | null {
  return NEVER.find((n) => cidrContains(n.net, ip))?.why ?? null;
}

/** The parsed networks in effect: the admin's (unparsable entries allow nothing) or, when there are none, the defaults. */
export function effectiveNetworks(adminCidrs: readonly string[]): Cidr[] {
  const source = adminCidrs.length > 0 ? adminCidrs : DEFAULT_ROUTER_NETWORKS;
  return source.flatMap((text) => {
    const parsed = parseCidr(text);
    return parsed && !parsed.hostBitsSet ? [parsed.cidr] : [];
  });
}

/**
 * Why the policy refuses one address, or null when it is allowed: never-allowed ranges first; loopback only when
 * an allowed network lies inside loopback (so a broad entry cannot open it by accident); otherwise it must be
 * inside one of `networks`.
 */
export function addressRefusal(ip: IpAddress, networks: readonly Cidr[]): string | null {
  const text = formatIp(ip);
  const never = neverAllowedReason(ip);
  if (never) return `${text} is ${never}: never allowed`;
  const inside = networks.filter((n) => cidrContains(n, ip));
  if (isLoopback(ip)) {
    return inside.some((n) => LOOPBACK.some((l) => cidrCovers(l, n))) ? null : `${text} is a loopback address: add it under Router networks to allow it`;
  }
  return inside.length > 0 ? null : `${text} is not in the allowed router networks`;
}

/**
 * Checks an admin's new network entry: canonical `network/prefix`, host bits zero, not inside a never-allowed
 * range, and either inside loopback or free of it (loopback is added on its own, e.g. `127.0.0.1/32`).
 * @returns the canonical CIDR text, or `{ error }` with a message for the form
 */
export function checkNetworkEntry(text: string): { cidr: string } | { error: string } {
  const parsed = parseCidr(text);
  if (!parsed) return { error: "give a network as address/prefix, e.g. 10.20.0.0/16 or fd12:3456::/48" };
  const canonical = formatCidr(parsed.cidr);
  if (parsed.hostBitsSet) return { error: `host bits are set: did you mean ${canonical}?` };
  const never = NEVER.find((n) => cidrCovers(n.net, parsed.cidr));
  if (never) return { error: `${canonical} is ${never.why}: never allowed` };
  const touchesLoopback = LOOPBACK.some((l) => cidrCovers(parsed.cidr, l) || cidrCovers(l, parsed.cidr));
  const insideLoopback = LOOPBACK.some((l) => cidrCovers(l, parsed.cidr));
  if (touchesLoopback && !insideLoopback) return { error: `${canonical} contains loopback: add loopback on its own (e.g. 127.0.0.1/32) if routers live there` };
  return { cidr: canonical };
}

/** One resolved address of a target, as node:dns `lookup` returns it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** What a target check needs besides the target: the allowed networks and the app's own ports. */
export interface RouterTargetPolicy {
  /** The networks in effect now (read at every check: an admin's change applies to the next connection). */
  networks(): Promise<Cidr[]>;
  /** TCP ports this NOC serves on (PORT, NEXTAUTH_URL's port): refused on loopback and on this host's addresses. */
  selfPorts: readonly number[];
  /** Name resolution, every address (default node:dns `lookup` with `all: true`); tests pass their own. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

async function resolveAll(hostname: string): Promise<ResolvedAddress[]> {
  const found = await dnsLookup(hostname, { all: true, order: "verbatim" });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** Every address of this host's interfaces (the app may listen on any of them). */
function ownAddresses(): IpAddress[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).flatMap((i) => parseIp(i.address) ?? []));
}

/**
 * The host of a URL as the connection uses it: the WHATWG hostname (numeric IPv4 forms such as `2130706433`,
 * `0x7f.1` and `127.1` are already `127.0.0.1` there) without IPv6 brackets and without a trailing dot.
 */
export function connectHost(hostname: string): string {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return bare.endsWith(".") ? bare.slice(0, -1) : bare;
}

/**
 * Vets a connection target before any packet is sent to it: an address literal is checked as is, a name is
 * resolved (every address) and every address must pass {@link addressRefusal}; the app's own ports are refused on
 * loopback and on this host's addresses. Returns the addresses to connect to (exactly those checked, so a second
 * resolution cannot swap them).
 * @param hostname URL hostname (WHATWG-normalised, brackets allowed)
 * @param port TCP port the connection will use
 * @throws RouterAddressDeniedError when any address is refused (nothing is connected); the resolver's error
 *   (e.g. ENOTFOUND) when the name does not resolve
 */
export async function vetRouterTarget(hostname: string, port: number, policy: RouterTargetPolicy): Promise<ResolvedAddress[]> {
  const host = connectHost(hostname);
  const literal = parseIp(host);
  const resolved: ResolvedAddress[] = literal ? [{ address: host, family: host.includes(":") ? 6 : 4 }] : await (policy.resolve ?? resolveAll)(host);
  if (resolved.length === 0) throw new RouterAddressDeniedError(`${host} resolves to no address`);
  const networks = await policy.networks();
  const own = policy.selfPorts.includes(port) ? ownAddresses() : [];
  for (const r of resolved) {
    const ip = parseIp(r.address);
    if (!ip) throw new RouterAddressDeniedError(`${host} resolves to ${r.address}, which is not an address`);
    const via = literal ? "" : `${host} resolves to ${formatIp(ip)}; `;
    const refusal = addressRefusal(ip, networks);
    if (refusal) throw new RouterAddressDeniedError(`${via}${refusal}`);
    if (policy.selfPorts.includes(port) && (isLoopback(ip) || own.some((o) => o.family === ip.family && o.value === ip.value))) {
      throw new RouterAddressDeniedError(`${via}${formatIp(ip)} port ${port} is this NOC server itself`);
    }
  }
  return resolved;
}

/** The port a URL connects to: its explicit port, else 443 for https and 80 for http. */
export function urlPort(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}
