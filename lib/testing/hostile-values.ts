/**
 * Tables of hostile values shared by the validation tests (lib/validation, lib/devices, lib/changes/kinds): each
 * entry is `[label, value]`. Tests only.
 */

/** Characters that must never reach a stored name or a router (each test embeds them in an otherwise good name). */
export const HOSTILE_CHARACTERS: [string, string][] = [
  ["NUL", "\u0000"],
  ["line feed", "\n"],
  ["carriage return", "\r"],
  ["tab", "\t"],
  ["escape", "\u001b"],
  ["DEL", "\u007f"],
  ["C1 NEL", "\u0085"],
  ["C1 CSI", "\u009b"],
  ["LRE U+202A", "\u202a"],
  ["RLE U+202B", "\u202b"],
  ["PDF U+202C", "\u202c"],
  ["LRO U+202D", "\u202d"],
  ["RLO U+202E", "\u202e"],
  ["LRI U+2066", "\u2066"],
  ["RLI U+2067", "\u2067"],
  ["FSI U+2068", "\u2068"],
  ["PDI U+2069", "\u2069"],
  ["LRM U+200E", "\u200e"],
  ["RLM U+200F", "\u200f"],
  ["ALM U+061C", "\u061c"],
  ["zero-width space", "\u200b"],
  ["BOM", "\ufeff"],
  ["line separator", "\u2028"],
  ["paragraph separator", "\u2029"],
  ["lone high surrogate", "\ud800"],
  ["lone low surrogate", "\udfff"],
];

/** Names with surrounding whitespace (refused, not trimmed). */
export const HOSTILE_EDGES: [string, string][] = [
  ["leading space", " edge-1"],
  ["trailing space", "edge-1 "],
  ["only spaces", "   "],
  ["leading no-break space", "\u00a0edge-1"],
  ["trailing ideographic space", "edge-1\u3000"],
  ["trailing en space", "edge-1\u2002"],
];

/** Every hostile name: each hostile character inside `edge<ch>1`, then the surrounding-whitespace cases. */
export const HOSTILE_NAMES: [string, string][] = [...HOSTILE_CHARACTERS.map(([label, ch]): [string, string] => [label, `edge${ch}1`]), ...HOSTILE_EDGES];

/** MACs that are well-formed but not one station's address. */
export const NON_UNICAST_MACS: [string, string][] = [
  ["all zeros", "00:00:00:00:00:00"],
  ["all zeros, dashes", "00-00-00-00-00-00"],
  ["broadcast", "FF:FF:FF:FF:FF:FF"],
  ["broadcast, lower case", "ff:ff:ff:ff:ff:ff"],
  ["IPv4 multicast", "01:00:5E:00:00:FB"],
  ["IPv6 multicast", "33:33:00:00:00:01"],
  ["STP group", "01:80:C2:00:00:00"],
  ["CDP group", "01:00:0C:CC:CC:CC"],
  ["odd first octet", "03:00:00:00:00:01"],
  ["odd first octet, no separators", "0F0000000001"],
];

/** IPv4 interface addresses (with prefix) that no interface should carry. */
export const BAD_INTERFACE_ADDRESSES: [string, string][] = [
  ["default route", "0.0.0.0/0"],
  ["unspecified /32", "0.0.0.0/32"],
  ["this network", "0.1.2.3/8"],
  ["limited broadcast", "255.255.255.255/32"],
  ["loopback", "127.0.0.1/8"],
  ["loopback /32", "127.0.0.53/32"],
  ["link-local", "169.254.10.1/16"],
  ["cloud metadata", "169.254.169.254/32"],
  ["multicast", "224.0.0.1/24"],
  ["multicast high", "239.255.255.250/32"],
  ["reserved", "240.0.0.1/4"],
  ["prefix /0", "10.0.0.1/0"],
  ["network address", "192.168.99.0/24"],
  ["broadcast address", "192.168.99.255/24"],
  ["network address /30", "10.0.0.4/30"],
  ["broadcast address /30", "10.0.0.7/30"],
  ["leading zero", "192.168.099.1/24"],
];
