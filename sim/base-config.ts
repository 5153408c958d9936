import { supportsFeature } from "../lib/routeros/version";
import { formatRouterOsDateTime } from "./dynamics";
import { INTERFACE_FLAGS } from "./menus";
import { hash32, macFromHash } from "./prng";
import { seedBootLog } from "./router-log";
import { addInterface, boardPort, type BoardModel, type RouterState } from "./router-state";

/**
 * What every virtual router has regardless of its role: physical ports, the built-in interface lists,
 * LAN/WAN lists, the default MACsec profile, MAC server settings, identity, resource facts, routerboard
 * facts, clock, IP services and users. Role builders (sim/generated-config.ts, sim/guides.ts) add the rest.
 */

/** Hardware the fleet draws from (board-name, ports, memory as RouterOS reports them). */
export const BOARDS: readonly [BoardModel, ...BoardModel[]] = [
  board("RB5009UG+S+", "arm64", "ARM64", 4, 1400, 1024, [...ethers(8), "sfp-sfpplus1"]),
  board("CCR2004-1G-12S+2XS", "arm64", "ARM64", 4, 1700, 4096, ["ether1", ...numbered("sfp-sfpplus", 12), "sfp28-1", "sfp28-2"]),
  board("hAP ax^3", "arm64", "ARM64", 4, 1800, 1024, ethers(5)),
  board("CCR2116-12G-4S+", "arm64", "ARM64", 16, 2000, 16384, [...ethers(13), ...numbered("sfp-sfpplus", 4)]),
  board("RB4011iGS+", "arm", "ARMv7", 4, 1400, 1024, [...ethers(10), "sfp-sfpplus1"]),
  board("CHR", "x86_64", "Intel(R) Xeon(R) CPU", 2, 2400, 2048, ethers(4)),
];

function board(name: string, architecture: string, cpu: string, cpuCount: number, mhz: number, mib: number, ports: string[]): BoardModel {
  return { name, architecture, cpu, cpuCount, cpuFrequencyMhz: mhz, totalMemory: mib * 1024 * 1024, ports, chr: name === "CHR" };
}

function ethers(n: number): string[] {
  return numbered("ether", n);
}

function numbered(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}

/** Whether the router's version can set `arg` on `menu` (its inspect `set` takes it): older versions lack newer fields. */
function versionHas(state: RouterState, menu: string, arg: string): boolean {
  return state.env.schemas.menu(state.version, menu)?.set?.[arg] !== undefined;
}

/** Adds a list member row. */
export function addMember(state: RouterState, list: string, iface: string): void {
  state.insert("/interface/list/member", { list, interface: iface, dynamic: "false", disabled: "false" });
}

/** Adds an `/ip/address` row (network computed). */
export function addAddress(state: RouterState, address: string, iface: string, comment?: string): void {
  const [ip = "", bits] = address.split("/");
  const size = 2 ** (32 - Number(bits));
  const n = ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
  const net = Math.floor(n / size) * size;
  const network = [24, 16, 8, 0].map((s) => Math.floor(net / 2 ** s) % 256).join(".");
  state.insert("/ip/address", {
    address,
    network,
    interface: iface,
    "actual-interface": iface,
    invalid: "false",
    dynamic: "false",
    disabled: "false",
    ...(comment ? { comment } : {}),
  });
}

/** Adds a VLAN interface `name` on `parent`. */
export function addVlan(state: RouterState, name: string, vlanId: number, parent: string): void {
  const p = state.findInterface(parent);
  addInterface(state, "vlan", {
    ...INTERFACE_FLAGS,
    name,
    mtu: "1500",
    l2mtu: String(Number(p?.l2mtu ?? 1592) - 4),
    "mac-address": p?.["mac-address"] ?? "",
    arp: "enabled",
    "arp-timeout": "auto",
    "loop-protect": "default",
    "vlan-id": String(vlanId),
    interface: parent,
    "use-service-tag": "false",
    ...(versionHas(state, "/interface/vlan", "mvrp") ? { mvrp: "false" } : {}),
  });
}

/** Adds a MACVLAN interface. */
export function addMacvlan(state: RouterState, name: string, parent: string, mode: "bridge" | "private"): void {
  const p = state.findInterface(parent);
  addInterface(state, "macvlan", {
    ...INTERFACE_FLAGS,
    name,
    mtu: "1500",
    l2mtu: p?.l2mtu ?? "1592",
    "mac-address": state.rng.mac(),
    arp: "enabled",
    "arp-timeout": "auto",
    "loop-protect": "default",
    interface: parent,
    mode,
  });
}

/** Adds a MACsec interface (`cak` 32 hex, `ckn` 64 hex). */
export function addMacsec(state: RouterState, name: string, parent: string, cak: string, ckn: string, profile = "default"): void {
  addInterface(state, "macsec", { ...INTERFACE_FLAGS, name, mtu: "1468", interface: parent, cak, ckn, profile });
}

/** Adds a DHCP server with its pool and network. */
export function addDhcp(state: RouterState, o: { name: string; iface: string; pool: string; ranges: string; network: string; gateway: string }): void {
  state.insert("/ip/pool", { name: o.pool, ranges: o.ranges });
  state.insert("/ip/dhcp-server", {
    name: o.name,
    interface: o.iface,
    "address-pool": o.pool,
    "lease-time": "30m",
    authoritative: "yes",
    "use-radius": "no",
    dynamic: "false",
    invalid: "false",
    disabled: "false",
  });
  state.insert("/ip/dhcp-server/network", { address: o.network, gateway: o.gateway, "dns-server": o.gateway, dynamic: "false" });
}

/** Adds a static DHCP lease (address pinned to a MAC). */
export function addStaticLease(state: RouterState, server: string, address: string, mac: string, comment?: string): void {
  state.insert("/ip/dhcp-server/lease", {
    address,
    "mac-address": mac,
    server,
    status: "waiting",
    "last-seen": "never",
    radius: "false",
    dynamic: "false",
    blocked: "false",
    disabled: "false",
    "address-lists": "",
    "dhcp-option": "",
    ...(comment ? { comment } : {}),
  });
}

/** Adds a firewall rule to `/ip/firewall/filter` or `/ip/firewall/nat`. */
export function addRule(state: RouterState, table: "filter" | "nat", values: Record<string, string>): void {
  state.insert(`/ip/firewall/${table}`, {
    action: "accept",
    ...values,
    log: "false",
    "log-prefix": "",
    bytes: "0",
    packets: "0",
    invalid: "false",
    dynamic: "false",
    disabled: "false",
  });
}

/**
 * Builds the common base of a router. Ports get MikroTik MACs from the seed; ether1 is in WAN, the
 * other ports in LAN. `/tool/mac-server` starts at `allowed-interface-list=all` (RouterOS default).
 */
export function buildBase(state: RouterState): void {
  const { spec } = state;
  const { board: b, info } = spec;
  for (const [i, port] of b.ports.entries()) {
    const mac = macFromHash(spec.seed, "port", i);
    addInterface(state, "ether", {
      ...INTERFACE_FLAGS,
      name: port,
      "default-name": port,
      mtu: "1500",
      l2mtu: port.startsWith("sfp") ? "9574" : "1592",
      "mac-address": mac,
      "orig-mac-address": mac,
      arp: "enabled",
      "arp-timeout": "auto",
      "auto-negotiation": "true",
      "loop-protect": "default",
      "rx-flow-control": "off",
      "tx-flow-control": "off",
    });
  }
  for (const name of ["all", "none", "dynamic", "static"]) {
    state.insert("/interface/list", { name, builtin: "true", dynamic: "false", include: "", exclude: "" });
  }
  for (const name of ["WAN", "LAN"]) {
    state.insert("/interface/list", { name, builtin: "false", dynamic: "false", include: "", exclude: "" });
  }
  addMember(state, "WAN", boardPort(b, 0));
  state.insert("/interface/macsec/profile", {
    name: "default",
    "server-priority": "10",
    ...(supportsFeature(info.version, "macsecCiphers") ? { ciphers: "gcm-aes-128" } : {}),
    default: "true",
  });
  Object.assign(state.single("/tool/mac-server"), { "allowed-interface-list": "all" });
  Object.assign(state.single("/tool/mac-server/mac-winbox"), { "allowed-interface-list": "all" });
  Object.assign(state.single("/tool/mac-server/ping"), { enabled: "true" });
  Object.assign(state.single("/system/identity"), { name: info.name });
  const build = formatRouterOsDateTime(spec.bootAtMs - 86_400_000 * (10 + (hash32(spec.seed, "build") % 200)), info.version);
  Object.assign(state.single("/system/resource"), {
    "build-time": build,
    "factory-software": b.chr ? info.version : "7.6",
    "free-hdd-space": String(b.totalMemory / 8),
    "total-hdd-space": String(b.totalMemory / 4),
    "write-sect-since-reboot": "5031",
    "write-sect-total": "1931220",
    "bad-blocks": "0",
    "architecture-name": b.architecture,
    "board-name": b.name,
    cpu: b.cpu,
    "cpu-count": String(b.cpuCount),
    "cpu-frequency": String(b.cpuFrequencyMhz),
    "total-memory": String(b.totalMemory),
    platform: "MikroTik",
    version: `${info.version} (stable)`,
  });
  if (!b.chr) {
    Object.assign(state.single("/system/routerboard"), {
      routerboard: "true",
      "board-name": b.name,
      model: b.name,
      revision: "r2",
      "serial-number": spec.serial,
      "firmware-type": b.architecture === "arm64" ? "ipq6000" : "al2",
      "factory-firmware": "7.6",
      "current-firmware": info.version,
      "upgrade-firmware": info.version,
    });
  }
  Object.assign(state.single("/system/clock"), {
    "time-zone-name": "UTC",
    "time-zone-autodetect": "false",
    "gmt-offset": "+00:00",
    "dst-active": "false",
  });
  const services: Array<[string, string, boolean]> = [
    ["telnet", "23", true],
    ["ftp", "21", true],
    ["www", "80", false],
    ["ssh", "22", false],
    ["www-ssl", "443", false],
    ["api", "8728", true],
    ["winbox", "8291", false],
    ["api-ssl", "8729", true],
  ];
  for (const [name, port, disabled] of services) {
    state.insert("/ip/service", {
      name,
      port,
      address: "",
      ...(name.endsWith("-ssl") ? { certificate: name === "www-ssl" ? "noc-cert" : "none", "tls-version": "any" } : {}),
      ...(versionHas(state, "/ip/service", "max-sessions") ? { "max-sessions": "20" } : {}),
      vrf: "main",
      invalid: "false",
      disabled: String(disabled),
    });
  }
  state.insert("/user", { name: "admin", group: "full", address: "", "last-logged-in": "", expired: "false", disabled: "false" });
  state.insert("/user", {
    name: info.username,
    group: "noc-rest",
    address: "",
    "last-logged-in": "",
    expired: "false",
    disabled: "false",
    comment: "REST API user for routeros-noc",
  });
  seedBootLog(state);
}
