/**
 * IPv4 / IPv6 addresses and CIDR networks as numbers, for the router-network allowlist (lib/net/router-networks.ts)
 * and the address checks of lib/validation. Only canonical text forms are parsed: dotted-quad IPv4 (four decimal
 * octets, no leading zeros, no `0x`/octal/short forms: callers normalise URL hosts with the WHATWG URL parser first,
 * which turns `2130706433`, `0x7f.1` and `127.1` into `127.0.0.1`) and IPv6 (RFC 4291 text, optionally with an
 * IPv4 tail), without a zone (`%eth0`). IPv4-mapped IPv6 (`::ffff:127.0.0.1`, `::ffff:7f00:1`) is read as the IPv4
 * address it maps. No node: imports: client components reach this module through lib/validation.
 */

/** Address family. */
export type IpFamily = 4 | 6;

/** One address: its family and its value as an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  family: IpFamily;
  value: bigint;
}

/** A network: family, network address (host bits zero) and prefix length in bits. */
export interface Cidr {
  family: IpFamily;
  network: bigint;
  prefix: number;
}

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** The upper 96 bits of an IPv4-mapped IPv6 address (`::ffff:0:0/96`). */
const MAPPED_HIGH = 0xffffn;

function bits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

function parseIpv4(text: string): bigint | null {
  if (!IPV4_RE.test(text)) return null;
  return text.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function parseIpv6(text: string): bigint | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (part: string): string[] | null => (part === "" ? [] : part.split(":"));
  const [head = "", tail] = halves;
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  if (!left || !right) return null;
  const last = halves.length === 2 ? right : left;
  const words: bigint[] = [];
  if (last.at(-1)?.includes(".")) {
    const v4 = parseIpv4(last.pop() ?? "");
    if (v4 === null) return null;
    words.push(v4 >> 16n, v4 & 0xffffn);
  }
  if (![...left, ...right].every((g) => HEX_GROUP.test(g))) return null;
  const explicit = left.length + right.length + words.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return null;
  const zeros = Array.from({ length: 8 - explicit }, () => 0n);
  const all = [...left.map((g) => BigInt(`0x${g}`)), ...zeros, ...right.map((g) => BigInt(`0x${g}`)), ...words];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/**
 * Parses one address (`192.0.2.1`, `2001:db8::1`, `[2001:db8::1]`); IPv4-mapped IPv6 becomes IPv4.
 * Returns null for anything else (names, `127.1`, `0x7f000001`, zones such as `fe80::1%eth0`).
 */
export function parseIp(text: string): IpAddress | null {
  const t = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const v4 = parseIpv4(t);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(t);
  if (v6 === null) return null;
  if (v6 >> 32n === MAPPED_HIGH) return { family: 4, value: v6 & 0xffff_ffffn };
  return { family: 6, value: v6 };
}

/** The canonical text of an address: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

function mask(family: IpFamily, prefix: number): bigint {
  const width = bits(family);
  return ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);
}

/** Result of parsing a CIDR: the network, and whether the text had host bits set (`10.1.2.3/8`). */
export interface ParsedCidr {
  cidr: Cidr;
  hostBitsSet: boolean;
}

/**
 * Parses `address/prefix` (`10.0.0.0/8`, `fc00::/7`). The prefix is decimal, 0-32 (IPv4) or 0-128 (IPv6).
 * IPv4-mapped IPv6 networks (`::ffff:10.0.0.0/104`) are refused: write the IPv4 network.
 * Returns null when it does not parse.
 */
export function parseCidr(text: string): ParsedCidr | null {
  const [, raw, prefixText] = /^([^/]+)\/(\d{1,3})$/.exec(text) ?? [];
  if (raw === undefined || prefixText === undefined) return null;
  const prefix = Number(prefixText);
  if (String(prefix) !== prefixText) return null;
  const ip = parseIp(raw);
  if (!ip || (ip.family === 4 && !IPV4_RE.test(raw))) return null;
  if (prefix > bits(ip.family)) return null;
  const network = ip.value & mask(ip.family, prefix);
  return { cidr: { family: ip.family, network, prefix }, hostBitsSet: network !== ip.value };
}

/** Canonical `network/prefix` text of a CIDR. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.network })}/${cidr.prefix}`;
}

/** True when `ip` is inside `cidr` (same family, same leading `prefix` bits). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  return cidr.family === ip.family && (ip.value & mask(cidr.family, cidr.prefix)) === cidr.network;
}

/** True when every address of `inner` is inside `outer`. */
export function cidrCovers(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.prefix <= inner.prefix && cidrContains(outer, { family: inner.family, value: inner.network });
}

/** The last address of a network (its IPv4 broadcast address). */
export function lastAddress(cidr: Cidr): bigint {
  return cidr.network | ((1n << BigInt(bits(cidr.family) - cidr.prefix)) - 1n);
}

/**
 * Parses a CIDR written in code (the built-in lists).
 * @throws Error when it does not parse or has host bits set (a programming error)
 */
export function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed || parsed.hostBitsSet) throw new Error(`not a network: ${text}`);
  return parsed.cidr;
}
