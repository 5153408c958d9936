import { z } from "zod";
import { hostAddressProblem, interfaceAddressProblem, networkProblem, parsePoolRanges, unicastMacProblem } from "./addresses";
import { safeName, safeText } from "./text";

/**
 * Zod schemas for RouterOS values, shared by forms, server actions, the RouterOS client and the
 * simulator. Sources: docs/routeros.md and /console/inspect argument types
 * (sim/routeros-schema/<version>.json).
 */

/** MAC address as RouterOS accepts it (`AB[:|-|.]CD...`, one separator style or none). */
export const MAC_ADDRESS_RE = /^[0-9A-Fa-f]{2}([:\-.]?)[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/;

/**
 * Dotted-quad IPv4 address, each octet 0-255 in decimal without leading zeros (`010` is octal to some parsers: an
 * ambiguous address is refused), no prefix.
 */
export const IPV4_ADDRESS_RE = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** MAC address as RouterOS accepts it ({@link MAC_ADDRESS_RE}), normalised to upper-case colon form. */
export const macAddress = z
  .string()
  .trim()
  .regex(MAC_ADDRESS_RE, "MAC address must look like 00:11:22:33:44:55")
  .transform((v) => normaliseMac(v));

/**
 * A MAC that names one station ({@link macAddress}, normalised), where RouterOS takes a unicast address (MACVLAN
 * `mac-address`, a static lease's `mac-address`): all zeros, the broadcast FF:FF:FF:FF:FF:FF and group (multicast)
 * addresses are refused.
 */
export const unicastMac = macAddress.superRefine((value, ctx) => {
  const problem = unicastMacProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: `MAC address ${value} ${problem}` });
});

/** Upper-case, colon-separated MAC (RouterOS prints MACs this way). Assumes a valid 12-hex-digit input. */
export function normaliseMac(value: string): string {
  const hex = value.replace(/[^0-9A-Fa-f]/g, "").toUpperCase();
  return hex.match(/.{2}/g)?.join(":") ?? hex;
}

/**
 * Interface name: RouterOS allows most printable characters; we accept 1-64 chars of letters,
 * digits and `-_.:/+@` (no spaces, no quotes), which covers every default and common name
 * (ether1, vlan-68, macvlan-iot, sfp-sfpplus1, wlan1.100). *Assumed* limit: RouterOS's exact
 * maximum is not documented; 64 is conservative. Surrounding spaces are refused, not trimmed.
 */
export const interfaceName = safeName("interface name", 64).regex(
  /^[A-Za-z0-9][A-Za-z0-9_\-.:/+@]*$/,
  "interface name may contain letters, digits and - _ . : / + @",
);

/** Interface-list name (`/interface/list` `name`); same characters as an interface name. */
export const interfaceListName = interfaceName;

/** The built-in interface lists every RouterOS v7 router has (`builtin=true`; they take no members). */
export const BUILTIN_INTERFACE_LISTS = ["all", "none", "dynamic", "static"] as const;

/**
 * `allowed-interface-list` of `/tool/mac-server` and `/tool/mac-server/mac-winbox`: `all`, `none` or the
 * name of an `/interface/list` (docs/routeros.md). Whether the list exists is checked against the router.
 */
export const allowedInterfaceList = z.union([z.enum(["all", "none"]), interfaceListName]);

/** `/interface/macvlan` `mode` (docs/routeros.md: `bridge` default, `private`). */
export const macvlanMode = z.enum(["bridge", "private"]);

/**
 * Interface `mtu` in bytes, as a number or numeric string (forms), output as a number. Range 64-65535:
 * *assumed* (RouterOS's inspect dumps give no bounds for `mtu`; the simulator checks the same range).
 * Whether it fits the parent (MACVLAN `mtu` ≤ parent's) is checked against the router.
 */
export const interfaceMtu = z
  .union([z.number(), z.string().trim().regex(/^\d+$/, "MTU must be a whole number of bytes")])
  .transform((v) => Number(v))
  .pipe(z.number().int("MTU must be a whole number of bytes").min(64, "MTU is at least 64 bytes").max(65535, "MTU is at most 65535 bytes"));

/**
 * RouterOS `comment` ("string value" in inspect): free text without control characters, bidi controls or
 * surrounding spaces (lib/validation/text.ts), at most 255 characters (*assumed* limit; RouterOS documents none).
 */
export const routerOsComment = safeText("comment", 255);

/** Name of a RouterOS object other than an interface (`/ip/dhcp-server` name, MACsec profile name): same rule as interfaceName. */
export const routerOsName = interfaceName;

/** MACsec CAK: 16 bytes = 32 hex digits (`/interface/macsec` cak: "hexadecimal string value, max length 16"). */
export const macsecCak = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f]{32}$/, "CAK must be exactly 32 hexadecimal digits (16 bytes)")
  .transform((v) => v.toLowerCase());

/** MACsec CKN: up to 32 bytes; we require the full 64 hex digits as docs/routeros.md specifies. */
export const macsecCkn = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f]{64}$/, "CKN must be exactly 64 hexadecimal digits (32 bytes)")
  .transform((v) => v.toLowerCase());

/** IPv4 address with prefix, as `/ip/address` `address` (e.g. `192.168.99.1/24`). */
export const ipv4Cidr = z
  .string()
  .trim()
  .regex(/^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/, "address must look like 192.168.99.1/24");

/**
 * An IPv4 address with prefix that an interface may carry (`/ip/address add address=`, e.g. the address of a new
 * MACVLAN): {@link ipv4Cidr}, and not 0.0.0.0/0, 255.255.255.255/32, loopback, link-local, multicast, reserved, nor
 * (prefix up to /30) its subnet's network or broadcast address (lib/validation/addresses.ts).
 */
export const interfaceAddress = ipv4Cidr.superRefine((value, ctx) => {
  const problem = interfaceAddressProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: `interface address ${problem}` });
});

/** IPv4 address without prefix (e.g. a DHCP lease address). */
export const ipv4Address = z.string().trim().regex(IPV4_ADDRESS_RE, "address must look like 192.168.99.10");

/**
 * An IPv4 address a host may be given (a static DHCP lease's `address`): {@link ipv4Address}, and not unspecified,
 * loopback, link-local, multicast, reserved or broadcast. Whether it fits the DHCP server's network is checked
 * against the router.
 */
export const hostIpv4Address = ipv4Address.superRefine((value, ctx) => {
  const problem = hostAddressProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: `address ${problem}` });
});

/**
 * An IPv4 network with prefix (`/ip/dhcp-server/network` `address`, e.g. `192.168.88.0/24`): host bits zero, prefix
 * 1-32, not inside loopback, link-local, multicast or reserved space (lib/validation/addresses.ts networkProblem).
 */
export const ipv4Network = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = networkProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `network ${problem}` });
  });

/**
 * `/ip/pool` `ranges`: one or more `first-last` ranges of host addresses, comma-separated, each first ≤ last, none
 * sharing an address (parsePoolRanges). Output: the ranges trimmed and joined by `,`, as RouterOS prints them
 * (docs/routeros.md). A single address is written `a-a`; the `/prefix` form inspect also allows is not accepted.
 */
export const ipPoolRanges = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const parsed = parsePoolRanges(value);
    if ("problem" in parsed) {
      ctx.addIssue({ code: "custom", message: `ranges: ${parsed.problem}` });
      return z.NEVER;
    }
    return value
      .split(",")
      .map((part) => part.trim())
      .join(",");
  });

/**
 * A list of IPv4 addresses (`/ip/dhcp-server/network` `dns-server`): comma-separated host addresses
 * ({@link hostIpv4Address}), no duplicates. Output joined by `,` without spaces, as RouterOS prints lists.
 */
export const ipv4AddressList = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const parts = value.split(",").map((p) => p.trim());
    for (const part of parts) {
      const problem = IPV4_ADDRESS_RE.test(part) ? hostAddressProblem(part) : "must look like 192.168.88.1";
      if (problem) {
        ctx.addIssue({ code: "custom", message: `${part || "(empty)"}: ${problem}` });
        return z.NEVER;
      }
    }
    if (new Set(parts).size !== parts.length) {
      ctx.addIssue({ code: "custom", message: "an address is listed twice" });
      return z.NEVER;
    }
    return parts.join(",");
  });

/** RouterOS `.id`: `*` followed by upper-case hex (`*1`, `*1B59`). Not stable across reboots. */
export const routerOsId = z.string().regex(/^\*[0-9A-Fa-f]+$/, "RouterOS .id looks like *1A");

/** Longest API URL accepted, in characters. */
export const API_URL_MAX_LENGTH = 2048;

/**
 * Router API base URL (without `/rest`): http or https, host, optional port and path prefix, at most
 * {@link API_URL_MAX_LENGTH} characters. The simulator's routers live at `http://127.0.0.1:PORT/<name>`. Refused: a
 * user name or password in the URL (they belong in the device's username/password fields, and would otherwise be
 * stored and shown in clear), a query (`?…`) and a fragment (`#…`), which the REST client would not send as meant,
 * port 0, and a path still ending in `/rest` once one is dropped (it would lose another one each time it is read).
 * Output: the WHATWG form of scheme, host and port (so `http://2130706433` is stored and shown as the
 * `http://127.0.0.1` it connects to), then the path without trailing slashes and without one trailing `/rest`: parsing
 * the output again gives the output. Which hosts a device may point at is the router-network policy's job
 * (lib/net/router-networks.ts).
 */
export const apiBaseUrl = z
  .url({ protocol: /^https?$/, error: "API URL must be an http:// or https:// URL" })
  .max(API_URL_MAX_LENGTH, `API URL is at most ${API_URL_MAX_LENGTH} characters`)
  .check((ctx) => {
    const v = ctx.value;
    if (!URL.canParse(v)) return;
    const url = new URL(v);
    if (url.username !== "" || url.password !== "" || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(v)) {
      ctx.issues.push({ code: "custom", input: v, message: "API URL must not contain a user name or password: use the Username and Password fields" });
    }
    if (v.includes("?")) ctx.issues.push({ code: "custom", input: v, message: "API URL must not contain a query (?…): give only scheme, host, port and path" });
    if (v.includes("#"))
      ctx.issues.push({ code: "custom", input: v, message: "API URL must not contain a fragment (#…): give only scheme, host, port and path" });
    if (url.port === "0") ctx.issues.push({ code: "custom", input: v, message: "API URL port must be 1-65535" });
  })
  .transform((v, ctx) => {
    const url = new URL(v);
    const path = url.pathname
      .replace(/\/+$/, "")
      .replace(/\/rest$/, "")
      .replace(/\/+$/, "");
    const base = `${url.protocol}//${url.host}${path}`;
    if (/\/rest$/.test(path)) ctx.addIssue({ code: "custom", message: "API URL must not end in /rest/rest: give the base URL without /rest" });
    else if (base.length > API_URL_MAX_LENGTH) ctx.addIssue({ code: "custom", message: `API URL is at most ${API_URL_MAX_LENGTH} characters` });
    else return base;
    return z.NEVER;
  });

/** SHA-256 certificate fingerprint: 64 hex digits, colons or spaces allowed; normalised to lower hex. */
export const sha256Fingerprint = z
  .string()
  .trim()
  .transform((v) => v.replace(/[:\s]/g, "").toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, "fingerprint must be 64 hexadecimal digits (SHA-256)"));

/** Seconds per RouterOS duration unit, in the order the units must appear. */
const DURATION_UNITS = [
  ["w", 604_800],
  ["d", 86_400],
  ["h", 3_600],
  ["m", 60],
  ["s", 1],
  ["ms", 0.001],
] as const;

/** `1w2d3h4m5s500ms`: each unit at most once, in this order, each amount a decimal number. */
const UNIT_DURATION_RE = /^(?:(\d+(?:\.\d+)?)w)?(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/;

/** `[<w>w][<d>d][ ]hh:mm:ss[.fff]`: one or two hour digits, minutes and seconds 00-59. */
const CLOCK_DURATION_RE = /^(?:(\d+)w)?(?:(\d+)d)?\s*(\d{1,2}):([0-5]\d):([0-5]\d(?:\.\d+)?)$/;

/**
 * Parses a RouterOS duration to seconds: `1w2d3h4m5s`, `3h4m`, `500ms`, `00:01:02`, `1d00:01:02`,
 * `2w3d 04:05:06`. Units appear at most once each, in the order w d h m s ms; a clock's minutes and
 * seconds are 00-59. Fractional amounts are kept (`1.5s` → 1.5). Returns null for anything else, and for
 * a total above Number.MAX_SAFE_INTEGER seconds (no router prints one; a longer run of digits would
 * round or overflow to Infinity).
 */
export function parseRouterOsDuration(value: string): number | null {
  const v = value.trim();
  if (v === "") return null;
  const clock = CLOCK_DURATION_RE.exec(v);
  const amounts = clock ? [clock[1], clock[2], clock[3], clock[4], clock[5]] : UNIT_DURATION_RE.exec(v)?.slice(1);
  if (!amounts) return null;
  const total = DURATION_UNITS.reduce((sum, [, size], i) => {
    const amount = amounts[i];
    return sum + (amount === undefined ? 0 : Number(amount) * size);
  }, 0);
  return total <= Number.MAX_SAFE_INTEGER ? total : null;
}

/** Formats seconds as a RouterOS duration (`1w2d3h4m5s`; `0s` for zero). Fractions are dropped. */
export function formatRouterOsDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [
    ["w", 604_800],
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.length ? parts.join("") : "0s";
}

/** RouterOS month abbreviations of v6-style dates (`dec/04/2020`), January first. */
export const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * Parses a RouterOS date(-time) to a Date in UTC. Both formats: v6/early v7 `dec/04/2020 13:01:02`
 * and v7 ISO `2020-12-04 13:01:02` (also with `T`); a date alone is midnight. Years 0000-9999 mean
 * themselves. RouterOS prints the router's local clock with no zone: *assumed* UTC (set the routers'
 * clocks to UTC, as most NOCs do). Returns null for any other text and for a field out of range (month
 * 1-12, day within its month, hour 0-23, minute and second 0-59).
 */
export function parseRouterOsDate(value: string): Date | null {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(v);
  const old = /^([a-z]{3})\/(\d{2})\/(\d{4})(?:\s+(\d{2}):(\d{2}):(\d{2}))?$/i.exec(v);
  let y: number, mo: number, d: number, time: (string | undefined)[];
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])];
    time = iso.slice(4, 7);
  } else if (old) {
    mo = MONTHS.indexOf((old[1] ?? "").toLowerCase());
    if (mo < 0) return null;
    [d, y] = [Number(old[2]), Number(old[3])];
    time = old.slice(4, 7);
  } else {
    return null;
  }
  const [h = 0, mi = 0, s = 0] = time.map((t) => (t === undefined ? 0 : Number(t)));
  if (h > 23 || mi > 59 || s > 59) return null;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo && date.getUTCDate() === d ? date : null;
}

/** RouterOS boolean strings: `true`/`yes` → true, `false`/`no` → false. */
export const routerOsBool = z.union([z.boolean(), z.enum(["true", "false", "yes", "no"])]).transform((v) => v === true || v === "true" || v === "yes");

/**
 * RouterOS integer (`"1500"`, or a JSON number) → number, for fields that stay well below 2^53 (`mtu`,
 * `cpu-load`, `link-downs`, `*-per-second`). Only safe integers (|n| ≤ 2^53 - 1): a longer value is
 * refused, never rounded. Counters that may exceed 2^53 use routerOsCounter (bigint).
 */
export const routerOsInt = z
  .union([z.number(), z.string().regex(/^-?\d+$/, "must be a whole number")])
  .transform((v) => Number(v))
  .refine((n) => Number.isSafeInteger(n), "must be a whole number between -(2^53 - 1) and 2^53 - 1");

/**
 * RouterOS 64-bit counter (`"264237"`, or a JSON number) → bigint (counters exceed 2^53). Non-negative
 * integers only: any run of decimal digits as text (exact, whatever its length), a safe integer as a
 * number (a larger JSON number has already lost its exact value).
 */
export const routerOsCounter = z
  .union([
    z.number().refine((n) => Number.isSafeInteger(n) && n >= 0, "must be a whole number of at least 0 below 2^53"),
    z.string().regex(/^\d+$/, "must be a whole number of at least 0"),
  ])
  .transform((v) => BigInt(v));

/** RouterOS duration string (parseRouterOsDuration) → seconds. The issue message never quotes the value. */
export const routerOsDuration = z.string().transform((v, ctx) => {
  const s = parseRouterOsDuration(v);
  if (s === null) {
    ctx.addIssue({ code: "custom", message: "not a RouterOS duration" });
    return z.NEVER;
  }
  return s;
});

/**
 * The product's natural key of a firewall rule, written as its `comment`: `noc:` then 1-60 lower-case letters,
 * digits or `-` (e.g. `noc:20261203-3f9a1c`). The form pre-fills a fresh one (lib/changes/kinds/rule-key.ts).
 */
export const nocRuleKey = z
  .string()
  .trim()
  .regex(/^noc:[a-z0-9-]{1,60}$/, "key must be noc: followed by 1-60 lower-case letters, digits or - (e.g. noc:20261203-3f9a1c)");

/** A firewall `src-address` / `dst-address`: an IPv4 address or prefix (`192.168.99.0/24`). */
export const firewallAddress = z.union([ipv4Address, ipv4Cidr], { error: "address must look like 192.168.99.10 or 192.168.99.0/24" });

/** A comma list of distinct values out of `allowed`, in the order given (RouterOS list arguments such as `connection-state`). */
function commaSet(what: string, allowed: readonly string[]) {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const parts = value.split(",");
      const bad = parts.filter((p) => !allowed.includes(p));
      if (bad.length > 0) ctx.addIssue({ code: "custom", message: `${what} takes a comma list of ${allowed.join(", ")}; not ${bad.join(", ") || "(empty)"}` });
      else if (new Set(parts).size !== parts.length) ctx.addIssue({ code: "custom", message: `${what} lists a value twice` });
    });
}

/** Firewall `connection-state` (filter only): established, related, new, invalid, untracked (docs/routeros.md). */
export const connectionStates = commaSet("connection-state", ["established", "related", "new", "invalid", "untracked"]);

/** Firewall `connection-nat-state` (filter only): srcnat, dstnat (docs/routeros.md). */
export const connectionNatStates = commaSet("connection-nat-state", ["srcnat", "dstnat"]);

/** Firewall `dst-port`: ports 1-65535 and ranges `lo-hi` (lo ≤ hi), comma-separated, e.g. `53,67-68`. */
export const firewallPorts = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const ok = value.split(",").every((part) => {
      const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
      if (!m) return false;
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      return lo >= 1 && hi <= 65535 && lo <= hi;
    });
    if (!ok) ctx.addIssue({ code: "custom", message: "dst-port takes ports 1-65535 and ranges such as 53,67-68" });
  });

/** MACsec profile `ciphers` (7.23+): a comma list of gcm-aes-128, gcm-aes-256, gcm-aes-xpn-128, gcm-aes-xpn-256 (docs/routeros.md). */
export const MACSEC_CIPHERS = ["gcm-aes-128", "gcm-aes-256", "gcm-aes-xpn-128", "gcm-aes-xpn-256"] as const;
export const macsecCiphers = commaSet("ciphers", MACSEC_CIPHERS);
/** Bounds of `/ip/dhcp-server` `lease-time` in seconds (inspect: `1s..7101w3d6h28m15s`). */
const DHCP_LEASE_TIME_MAX_SECONDS = 4_294_967_295;

/**
 * `/ip/dhcp-server` `lease-time`: a RouterOS duration (`30m`, `1d`, `1d 00:00:00`, `12:00:00`) of whole seconds
 * within 1s..7101w3d6h28m15s (inspect), output in the form RouterOS v7 prints durations (`1d`, `1w2d3h4m5s`:
 * formatRouterOsDuration), so that the value written is the value read back (docs/routeros.md).
 */
export const dhcpLeaseTime = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const seconds = parseRouterOsDuration(value);
    if (seconds === null || !Number.isInteger(seconds) || seconds < 1 || seconds > DHCP_LEASE_TIME_MAX_SECONDS) {
      ctx.addIssue({ code: "custom", message: "lease-time must be a RouterOS duration of whole seconds from 1s to 7101w3d6h28m15s, e.g. 30m or 1d" });
      return z.NEVER;
    }
    return formatRouterOsDuration(seconds);
  });
