import { supportsFeature } from "../lib/routeros/version";
import { LOGGING_ACTION_FIELDS, LOGGING_RULE_FIELDS, loggingRuleDefaults } from "./system-logging";
import type { Row } from "./types";

/**
 * What the simulator knows about each RouterOS menu it serves: where its rows live, which fields a
 * print shows (in RouterOS order), what `add` fills in, which arguments name other objects, and what
 * counts as a duplicate. Whether a menu/command/argument exists at all comes from the version's
 * schema file (sim/schema.ts), not from here.
 */

/** Kinds of references an argument can hold (checked on add/set: `input does not match any value of <arg>`). */
export type RefKind = "interface" | "interface-list" | "macsec-profile" | "pool" | "dhcp-server" | "logging-action";

/** Hooks an add needs from the router: auto names, parent lookups, MAC and key generators (the router's seeded rng). */
export interface AddContext {
  findInterface(name: string): Row | undefined;
  nextName(prefix: string): string;
  randomMac(): string;
  /** `bytes` random bytes as lower-case hex (`2 × bytes` digits). */
  randomHex(bytes: number): string;
  /** Whether this version's `add` of the menu takes `arg` (fields newer than the version are not printed). */
  takes(arg: string): boolean;
  version: string;
}

export interface MenuDef {
  kind: "table" | "singleton" | "sessions";
  /** Key of the row store; every interface menu shares the store `interface`. */
  store: string;
  /** For interface views: the `type` shown by this menu (`vlan`, `macvlan`, ...). */
  ifaceType?: string;
  /** Printed fields in order (after `.id`); missing values are left out. Undefined = every stored field. */
  fields?: readonly string[];
  /** Arguments an add must carry (`failure: <arg> not specified`, assumed wording). */
  required?: readonly string[];
  /** Prefix for the default name (`vlan` → `vlan1`, `vlan2`...). */
  autoName?: string;
  /** Values an add starts from, before the request's arguments. */
  defaults?: (ctx: AddContext, args: Row) => Row;
  refs?: Readonly<Record<string, RefKind>>;
  /** Field sets that must be unique, with the duplicate-add detail text. */
  unique?: ReadonlyArray<{ fields: readonly string[]; detail: string }>;
  /**
   * Values RouterOS leaves out of a print (`/ip/dhcp-server/lease` `server=all`): an add or set giving
   * one stores the field absent, and uniqueness reads an absent field as this value.
   */
  absentMeans?: Readonly<Record<string, string>>;
}

const COMMON_TAIL = ["running", "disabled", "comment"] as const;

/** `/interface` traffic counters, computed at print time by sim/dynamics.ts. */
export const INTERFACE_COUNTERS = [
  "rx-byte",
  "tx-byte",
  "rx-packet",
  "tx-packet",
  "rx-drop",
  "tx-drop",
  "tx-queue-drop",
  "rx-error",
  "tx-error",
  "fp-rx-byte",
  "fp-tx-byte",
  "fp-rx-packet",
  "fp-tx-packet",
] as const;

/**
 * Fields of `/interface` (general view): counters and link state (`last-link-down-time` only after a
 * link down) come from sim/dynamics.ts.
 */
const INTERFACE_FIELDS = [
  "name",
  "default-name",
  "type",
  "mtu",
  "actual-mtu",
  "l2mtu",
  "max-l2mtu",
  "mac-address",
  "last-link-down-time",
  "last-link-up-time",
  "link-downs",
  ...INTERFACE_COUNTERS,
  "dynamic",
  "inactive",
  "slave",
  ...COMMON_TAIL,
] as const;

/**
 * Flags every configured interface row stores (all `false`: no dynamic, inactive or bridge-slave
 * interfaces in the sim); `/interface` prints them all, typed views those their printed dump lists.
 */
export const INTERFACE_FLAGS: Readonly<Row> = { dynamic: "false", inactive: "false", slave: "false" };

const IFACE_UNIQUE = [{ fields: ["name"], detail: "failure: already have interface with such name" }] as const;
const L2_DEFAULTS = { ...INTERFACE_FLAGS, arp: "enabled", "arp-timeout": "auto", "loop-protect": "default", disabled: "false" };

function parentL2mtu(ctx: AddContext, args: Row): string {
  const parent = args.interface ? ctx.findInterface(args.interface) : undefined;
  return parent?.l2mtu ?? "1592";
}

const interfaceMenus: Record<string, MenuDef> = {
  "/interface": { kind: "table", store: "interface", fields: INTERFACE_FIELDS },
  "/interface/ethernet": {
    kind: "table",
    store: "interface",
    ifaceType: "ether",
    fields: [
      "name",
      "default-name",
      "mtu",
      "l2mtu",
      "mac-address",
      "orig-mac-address",
      "arp",
      "arp-timeout",
      "auto-negotiation",
      "loop-protect",
      "rx-flow-control",
      "tx-flow-control",
      "slave",
      ...COMMON_TAIL,
    ],
    unique: IFACE_UNIQUE,
  },
  "/interface/vlan": {
    kind: "table",
    store: "interface",
    ifaceType: "vlan",
    autoName: "vlan",
    required: ["interface", "vlan-id"],
    fields: ["name", "mtu", "l2mtu", "mac-address", "arp", "arp-timeout", "loop-protect", "vlan-id", "interface", "use-service-tag", "mvrp", ...COMMON_TAIL],
    refs: { interface: "interface" },
    unique: IFACE_UNIQUE,
    defaults: (ctx, args) => ({
      ...L2_DEFAULTS,
      mtu: "1500",
      "use-service-tag": "false",
      ...(ctx.takes("mvrp") ? { mvrp: "false" } : {}),
      l2mtu: String(Number(parentL2mtu(ctx, args)) - 4),
      "mac-address": ctx.findInterface(args.interface ?? "")?.["mac-address"] ?? ctx.randomMac(),
    }),
  },
  "/interface/macvlan": {
    kind: "table",
    store: "interface",
    ifaceType: "macvlan",
    autoName: "macvlan",
    required: ["interface"],
    fields: ["name", "mtu", "l2mtu", "mac-address", "arp", "arp-timeout", "loop-protect", "interface", "mode", ...COMMON_TAIL],
    refs: { interface: "interface" },
    unique: IFACE_UNIQUE,
    defaults: (ctx, args) => ({
      ...L2_DEFAULTS,
      mtu: "1500",
      mode: "bridge",
      l2mtu: parentL2mtu(ctx, args),
      "mac-address": ctx.randomMac(),
    }),
  },
  "/interface/macsec": {
    kind: "table",
    store: "interface",
    ifaceType: "macsec",
    autoName: "macsec",
    required: ["interface"],
    fields: ["name", "mtu", "interface", "cak", "ckn", "profile", "status", "inactive", ...COMMON_TAIL],
    refs: { interface: "interface", profile: "macsec-profile" },
    unique: IFACE_UNIQUE,
    // MikroTik MACsec manual: without `cak`/`ckn` the router generates them (CAK 16 bytes, CKN 32 bytes).
    defaults: (ctx, args) => ({
      ...INTERFACE_FLAGS,
      mtu: "1468",
      profile: "default",
      disabled: "false",
      ...(args.cak ? {} : { cak: ctx.randomHex(16) }),
      ...(args.ckn ? {} : { ckn: ctx.randomHex(32) }),
    }),
  },
  "/interface/bridge": {
    kind: "table",
    store: "interface",
    ifaceType: "bridge",
    autoName: "bridge",
    fields: [
      "name",
      "mtu",
      "actual-mtu",
      "l2mtu",
      "arp",
      "arp-timeout",
      "mac-address",
      "protocol-mode",
      "fast-forward",
      "igmp-snooping",
      "auto-mac",
      "ageing-time",
      "priority",
      "vlan-filtering",
      "dynamic",
      ...COMMON_TAIL,
    ],
    unique: IFACE_UNIQUE,
    defaults: (ctx) => ({
      ...L2_DEFAULTS,
      mtu: "auto",
      "actual-mtu": "1500",
      l2mtu: "65535",
      "mac-address": ctx.randomMac(),
      "protocol-mode": "rstp",
      "fast-forward": "true",
      "igmp-snooping": "false",
      "auto-mac": "true",
      "ageing-time": "5m",
      priority: "0x8000",
      "vlan-filtering": "false",
    }),
  },
};

const ipMenus: Record<string, MenuDef> = {
  "/ip/address": {
    kind: "table",
    store: "/ip/address",
    required: ["address", "interface"],
    fields: ["address", "network", "interface", "actual-interface", "invalid", "dynamic", "disabled", "comment"],
    refs: { interface: "interface" },
    unique: [{ fields: ["address", "interface"], detail: "failure: already have such address" }],
    defaults: () => ({ invalid: "false", dynamic: "false", disabled: "false" }),
  },
  "/ip/pool": {
    kind: "table",
    store: "/ip/pool",
    autoName: "pool",
    fields: ["name", "ranges", "next-pool", "comment"],
    refs: { "next-pool": "pool" },
    unique: [{ fields: ["name"], detail: "failure: already have pool with such name" }],
  },
  "/ip/dhcp-server": {
    kind: "table",
    store: "/ip/dhcp-server",
    autoName: "dhcp",
    required: ["interface"],
    fields: ["name", "interface", "address-pool", "lease-time", "authoritative", "use-radius", "dynamic", "invalid", "disabled", "comment"],
    refs: { interface: "interface", "address-pool": "pool" },
    unique: [{ fields: ["name"], detail: "failure: already have server with such name" }],
    defaults: () => ({
      "address-pool": "static-only",
      "lease-time": "30m",
      authoritative: "yes",
      "use-radius": "no",
      dynamic: "false",
      invalid: "false",
      disabled: "false",
    }),
  },
  "/ip/dhcp-server/network": {
    kind: "table",
    store: "/ip/dhcp-server/network",
    required: ["address"],
    fields: ["address", "gateway", "dns-server", "netmask", "domain", "dynamic", "comment"],
    unique: [{ fields: ["address"], detail: "failure: already have such network" }],
    defaults: () => ({ dynamic: "false" }),
  },
  "/ip/dhcp-server/lease": {
    kind: "table",
    store: "/ip/dhcp-server/lease",
    required: ["address", "mac-address"],
    fields: [
      "address",
      "mac-address",
      "client-id",
      "address-lists",
      "server",
      "dhcp-option",
      "status",
      "last-seen",
      "expires-after",
      "active-address",
      "active-mac-address",
      "host-name",
      "radius",
      "dynamic",
      "blocked",
      "disabled",
      "comment",
    ],
    refs: { server: "dhcp-server" },
    unique: [{ fields: ["mac-address", "server"], detail: "failure: already have static lease for this client" }],
    absentMeans: { server: "all" },
    defaults: () => ({
      status: "waiting",
      "last-seen": "never",
      radius: "false",
      dynamic: "false",
      blocked: "false",
      disabled: "false",
      "address-lists": "",
      "dhcp-option": "",
    }),
  },
  "/ip/firewall/filter": firewallMenu("/ip/firewall/filter", ["connection-state", "connection-nat-state"]),
  "/ip/firewall/nat": firewallMenu("/ip/firewall/nat", ["to-addresses"]),
  "/ip/service": {
    kind: "table",
    store: "/ip/service",
    fields: ["name", "port", "address", "certificate", "tls-version", "max-sessions", "vrf", "invalid", "disabled"],
  },
};

/** A firewall table; `own` are its fields the other table lacks (filter `connection-state`, `connection-nat-state`; nat `to-addresses`). */
function firewallMenu(store: string, own: readonly string[]): MenuDef {
  return {
    kind: "table",
    store,
    required: ["chain"],
    fields: [
      "chain",
      "action",
      "src-address",
      "dst-address",
      "protocol",
      "dst-port",
      "in-interface",
      "out-interface",
      "in-interface-list",
      "out-interface-list",
      ...own,
      "log",
      "log-prefix",
      "bytes",
      "packets",
      "invalid",
      "dynamic",
      "disabled",
      "comment",
    ],
    refs: { "in-interface": "interface", "out-interface": "interface", "in-interface-list": "interface-list", "out-interface-list": "interface-list" },
    defaults: () => ({ action: "accept", log: "false", "log-prefix": "", bytes: "0", packets: "0", invalid: "false", dynamic: "false", disabled: "false" }),
  };
}

const otherMenus: Record<string, MenuDef> = {
  "/interface/list": {
    kind: "table",
    store: "/interface/list",
    required: ["name"],
    fields: ["name", "builtin", "dynamic", "include", "exclude", "comment"],
    unique: [{ fields: ["name"], detail: "failure: already have interface list with such name" }],
    defaults: () => ({ builtin: "false", dynamic: "false", include: "", exclude: "" }),
  },
  "/interface/list/member": {
    kind: "table",
    store: "/interface/list/member",
    required: ["list", "interface"],
    fields: ["list", "interface", "dynamic", "disabled", "comment"],
    refs: { list: "interface-list", interface: "interface" },
    unique: [{ fields: ["list", "interface"], detail: "failure: already have such entry" }],
    defaults: () => ({ dynamic: "false", disabled: "false" }),
  },
  "/interface/macsec/profile": {
    kind: "table",
    store: "/interface/macsec/profile",
    autoName: "profile",
    fields: ["name", "server-priority", "ciphers", "default"],
    unique: [{ fields: ["name"], detail: "failure: already have profile with such name" }],
    defaults: (ctx) => ({
      "server-priority": "10",
      ...(supportsFeature(ctx.version, "macsecCiphers") ? { ciphers: "gcm-aes-128" } : {}),
      default: "false",
    }),
  },
  "/user": {
    kind: "table",
    store: "/user",
    required: ["name", "group"],
    fields: ["name", "group", "address", "last-logged-in", "inactivity-timeout", "inactivity-policy", "expired", "disabled", "comment"],
    unique: [{ fields: ["name"], detail: "failure: user with the same name already exists" }],
    defaults: (ctx) => ({
      address: "",
      ...(ctx.takes("inactivity-timeout") ? { "inactivity-timeout": "10m", "inactivity-policy": "none" } : {}),
      expired: "false",
      disabled: "false",
    }),
  },
  "/system/history": { kind: "table", store: "/system/history" },
  // Fields as real 7.21.5 prints them (sim/routeros-schema/printed/); rows written by sim/router-log.ts.
  "/log": { kind: "table", store: "/log", fields: ["time", "topics", "message"] },
  // Fields as real 7.21.5 prints them (sim/routeros-schema/printed/); rows are written by `export file=` (sim/files.ts).
  "/file": {
    kind: "table",
    store: "/file",
    required: ["name"],
    fields: ["name", "type", "size", "last-modified", "contents"],
    unique: [{ fields: ["name"], detail: "failure: file with such name already exists" }],
  },
  // Rules and actions: sim/system-logging.ts (defaults seeded at boot; default rows cannot be removed).
  "/system/logging": {
    kind: "table",
    store: "/system/logging",
    required: ["topics"],
    fields: LOGGING_RULE_FIELDS,
    refs: { action: "logging-action" },
    defaults: (ctx) => loggingRuleDefaults(ctx.takes),
  },
  "/system/logging/action": {
    kind: "table",
    store: "/system/logging/action",
    required: ["name"],
    fields: LOGGING_ACTION_FIELDS,
    unique: [{ fields: ["name"], detail: "failure: action with such name already exists" }],
    defaults: () => ({ target: "memory", default: "false" }),
  },
  "/tool/mac-server/sessions": { kind: "sessions", store: "/tool/mac-server/sessions", fields: ["interface", "src-address", "uptime"] },
  "/tool/mac-server": { kind: "singleton", store: "/tool/mac-server", refs: { "allowed-interface-list": "interface-list" } },
  "/tool/mac-server/mac-winbox": { kind: "singleton", store: "/tool/mac-server/mac-winbox", refs: { "allowed-interface-list": "interface-list" } },
  "/tool/mac-server/ping": { kind: "singleton", store: "/tool/mac-server/ping" },
  "/system/identity": { kind: "singleton", store: "/system/identity" },
  "/system/resource": { kind: "singleton", store: "/system/resource" },
  "/system/routerboard": { kind: "singleton", store: "/system/routerboard" },
  "/system/clock": { kind: "singleton", store: "/system/clock" },
};

/** Every menu the simulator serves, by RouterOS path. */
export const MENUS: Readonly<Record<string, MenuDef>> = { ...interfaceMenus, ...ipMenus, ...otherMenus };

/**
 * Menus that inspect dumps of a CHR do not list but real RouterBOARDs have, with the commands the sim
 * accepts on them. `/system/routerboard` on a CHR answers `no such command or directory (routerboard)`
 * (as a Home Assistant test for CHR routers records; see sim/README.md).
 */
export const EXTRA_MENUS: Readonly<Record<string, Record<string, Record<string, string>>>> = {
  "/system/routerboard": { print: { "as-value": "", "without-paging": "" }, get: { "value-name": "" } },
};
