import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compareVersions } from "../lib/routeros/version";
import { IPV4_ADDRESS_RE as IPV4, MAC_ADDRESS_RE as MAC, parseRouterOsDuration } from "../lib/validation/routeros";

/**
 * The per-version RouterOS command schema (`sim/routeros-schema/<version>.json`, a copy of the shared `routeros-schema/`, extracted
 * from `/console/inspect` of real RouterOS builds): for each menu path (`/interface/macvlan`), each
 * command (`add`, `set`, `print`, `monitor`) and its arguments with their value type text
 * (`"time interval"`, `"A.B.C.D    (IP address)"`, `""` = not described).
 */
export type CommandArgs = Record<string, string>;
export type MenuCommands = Record<string, CommandArgs>;

export interface RouterOsSchema {
  routeros: string;
  menus: Record<string, MenuCommands>;
}

/**
 * Finds the schema directory: `explicit` if given (throws if it does not exist), else the copy vendored
 * beside this module (`sim/routeros-schema/`, copied from the project's shared `routeros-schema/`, which
 * was extracted from /console/inspect of real builds), so a fresh clone runs without anything beside it.
 */
export function resolveSchemaDir(explicit?: string): string {
  const dir = explicit ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "routeros-schema");
  if (!existsSync(dir)) throw new Error(`RouterOS schema directory not found: ${dir}`);
  return dir;
}

/**
 * Interface menus of real RouterOS that the schema files do not cover (packages such as wireless,
 * wifi, lte): a request for them is refused as a missing menu, not as an unknown item.
 */
const OTHER_ROUTEROS_MENUS = [
  "wireless",
  "wifi",
  "wifiwave2",
  "lte",
  "ppp",
  "wireguard",
  "bonding",
  "eoip",
  "gre",
  "vrrp",
  "vxlan",
  "veth",
  "pppoe-client",
  "pppoe-server",
  "l2tp-client",
  "sstp-client",
  "ovpn-client",
  "ipip",
  "6to4",
  "lora",
  "w60g",
];

/** All schema versions of a directory, loaded once, oldest first. */
export class SchemaSet {
  readonly versions: string[];
  private readonly byVersion = new Map<string, RouterOsSchema>();
  /** Last path segments of every menu in any version (`macvlan`, `sessions`): known menu names. */
  readonly menuNames = new Set<string>();

  constructor(dir: string) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const parsed = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as RouterOsSchema;
      this.byVersion.set(parsed.routeros, parsed);
      for (const menu of Object.keys(parsed.menus)) this.menuNames.add(menu.split("/").pop() ?? menu);
    }
    for (const name of OTHER_ROUTEROS_MENUS) this.menuNames.add(name);
    this.versions = [...this.byVersion.keys()].sort(compareVersions);
    if (this.versions.length === 0) throw new Error(`no RouterOS schema files in ${dir}`);
  }

  /** The schema of exactly this version; throws for a version without a file. */
  get(version: string): RouterOsSchema {
    const schema = this.byVersion.get(version);
    if (!schema) throw new Error(`no RouterOS schema for version ${version}`);
    return schema;
  }

  /** Commands of a menu in a version, or undefined when that version lacks the menu. */
  menu(version: string, menuPath: string): MenuCommands | undefined {
    const { menus } = this.get(version);
    return Object.hasOwn(menus, menuPath) ? menus[menuPath] : undefined;
  }
}

/** Arguments whose inspect type is `""` but whose values RouterOS checks; the sim checks them too. */
const EXTRA_TYPES: Record<string, (v: string) => boolean> = {
  disabled: isBool,
  enabled: isBool,
  "use-service-tag": isBool,
  mtu: (v) => isIntIn(v, 64, 65535),
  l2mtu: (v) => isIntIn(v, 0, 65535),
  "vlan-id": (v) => isIntIn(v, 1, 4094),
  "server-priority": (v) => isIntIn(v, 0, 255),
  port: (v) => isIntIn(v, 1, 65535),
  ciphers: (v) => isListOf(v, ["gcm-aes-128", "gcm-aes-256", "gcm-aes-xpn-128", "gcm-aes-xpn-256"]),
  "connection-state": (v) => isListOf(v, ["established", "related", "new", "invalid", "untracked"]),
  "connection-nat-state": (v) => isListOf(v, ["srcnat", "dstnat"]),
};

/** A comma list of values out of `allowed` (RouterOS list arguments; the values are those of docs/routeros.md). */
function isListOf(v: string, allowed: readonly string[]): boolean {
  return v.split(",").every((part) => allowed.includes(part));
}

function isBool(v: string): boolean {
  return ["yes", "no", "true", "false"].includes(v);
}

function isIntIn(v: string, min: number, max: number): boolean {
  if (!/^\d+$/.test(v)) return false;
  const n = Number(v);
  return n >= min && n <= max;
}

function durationIn(v: string, range: string): boolean {
  const seconds = parseRouterOsDuration(v);
  if (seconds === null) return false;
  const [lo, hi] = range.split("..");
  const min = lo ? parseRouterOsDuration(lo) : null;
  const max = hi ? parseRouterOsDuration(hi) : null;
  return (min === null || seconds >= min) && (max === null || seconds <= max);
}

function isIpRange(v: string): boolean {
  return v.split(",").every((part) => {
    const [a = "", b] = part.split("-");
    if (b !== undefined) return IPV4.test(a) && IPV4.test(b);
    const [ip = "", mask] = a.split("/");
    return IPV4.test(ip) && (mask === undefined || isIntIn(mask, 0, 32) || IPV4.test(mask));
  });
}

/**
 * Arguments that take a comma-separated list although inspect types them as one element (`dns-server`: "A.B.C.D
 * (IP address)" before 7.24; the DHCP Server manual: a list of IPs, e.g. `dns-server=192.168.88.1,9.9.9.9`): each
 * element is checked against the type.
 */
const LIST_ARGS = new Set(["dns-server", "ntp-server"]);

/**
 * Checks one argument value against its inspect type text. Types the schema does not describe
 * (`""`, `"script"`, `"see documentation"`) accept anything unless EXTRA_TYPES knows the argument.
 * `cak`/`ckn`: inspect says "string value, max length 16" before 7.20 and "hexadecimal string value,
 * max length 16" after; the MACsec manual describes a hex key of that many bytes, so both are checked
 * as hex of at most 2×N digits (assumption).
 */
export function isValidArgument(name: string, type: string, value: string): boolean {
  if (LIST_ARGS.has(name) && value.includes(",")) return value.split(",").every((element) => isValidArgument("", type, element));
  const hexLen = /^(?:hexadecimal )?string value, max length (\d+)$/.exec(type);
  if (hexLen && (name === "cak" || name === "ckn" || type.startsWith("hexadecimal"))) {
    return /^[0-9A-Fa-f]*$/.test(value) && value.length % 2 === 0 && value.length <= 2 * Number(hexLen[1]);
  }
  if (type === "hexadecimal string value") return /^[0-9A-Fa-f]*$/.test(value);
  const strLen = /^string value(?:, min length (\d+))?(?:, max length (\d+))?$/.exec(type);
  if (strLen) return value.length >= Number(strLen[1] ?? 0) && (!strLen[2] || value.length <= Number(strLen[2]));
  if (type.endsWith("(MAC address)")) return MAC.test(value);
  // `/ip/address address` and `/ip/dhcp-server/network address` are typed "IP address" by inspect
  // but take a prefix (`192.168.99.1/24`), as the RouterOS manuals show.
  if (type.endsWith("(IP address)"))
    return name === "address" ? /^[^/]+(\/(3[0-2]|[12]?\d))?$/.test(value) && IPV4.test(value.split("/")[0] ?? "") : IPV4.test(value);
  if (type.endsWith("(IP prefix)")) return value.split(",").every((p) => isIpRange(p) && !p.includes("-"));
  if (type.endsWith("(IP address range)")) return isIpRange(value);
  const interval = /^(.*?)\s*\(time interval\)$/.exec(type);
  if (interval) return durationIn(value, (interval[1] ?? "").trim());
  if (type === "time interval") return parseRouterOsDuration(value) !== null;
  const enumList = /^([a-z0-9-]+(?:\|[a-z0-9-]+)+)\[,\w+\*\]$/.exec(type);
  if (enumList) {
    const allowed = (enumList[1] ?? "").split("|");
    return value.split(",").every((v) => allowed.includes(v));
  }
  const extra = Object.hasOwn(EXTRA_TYPES, name) ? EXTRA_TYPES[name] : undefined;
  return extra ? extra(value) : true;
}
