import { supportsFeature } from "../lib/routeros/version";
import { addAddress, addDhcp, addMacsec, addMacvlan, addMember, addRule, addStaticLease, addVlan, buildBase } from "./base-config";
import { Prng } from "./prng";
import type { RouterState } from "./router-state";

/**
 * The set-ups from the RouterOS guides, on routers with fixed names (the demo and the e2e tests rely
 * on them). Addresses are configuration data only: nothing connects to them.
 */

/** Fixed guide router names, in fleet order, with their RouterOS versions (all ≥ 7.21). */
export const GUIDE_ROUTERS = [
  { name: "guide-macserver", version: "7.23.3", role: "guide-macserver", site: "Paris-DC1", board: "RB5009UG+S+" },
  { name: "guide-isp-dhcp", version: "7.22.3", role: "guide-isp-dhcp", site: "Lyon-POP2", board: "CCR2004-1G-12S+2XS" },
  { name: "guide-soho-macvlan", version: "7.21.5", role: "guide-soho-macvlan", site: "Paris-DC1", board: "hAP ax^3" },
  { name: "guide-macsec-a", version: "7.24", role: "guide-macsec", site: "Frankfurt-DC1", board: "CCR2116-12G-4S+" },
  { name: "guide-macsec-b", version: "7.23.3", role: "guide-macsec", site: "Frankfurt-DC1", board: "CCR2116-12G-4S+" },
] as const;

/**
 * MAC server guide: `vlan-68` on ether2 in list `mac-allowed`, 93.23.99.1/24 on it, and
 * `/tool/mac-server set allowed-interface-list=mac-allowed` (MAC-Winbox too); sessions arrive on vlan-68.
 */
function buildMacServer(state: RouterState): void {
  buildBase(state);
  addVlan(state, "vlan-68", 68, "ether2");
  state.insert("/interface/list", { name: "mac-allowed", builtin: "false", dynamic: "false", include: "", exclude: "" });
  addMember(state, "mac-allowed", "vlan-68");
  addMember(state, "LAN", "ether2");
  addAddress(state, "93.23.99.1/24", "vlan-68");
  state.single("/tool/mac-server")["allowed-interface-list"] = "mac-allowed";
  state.single("/tool/mac-server/mac-winbox")["allowed-interface-list"] = "mac-allowed";
}

/** ISP DHCP guide: DHCP server on `vlan-32` for 223.203.225.0/24 with two static leases. */
function buildIspDhcp(state: RouterState): void {
  buildBase(state);
  addVlan(state, "vlan-32", 32, "sfp-sfpplus1");
  addMember(state, "LAN", "vlan-32");
  addAddress(state, "223.203.225.1/24", "vlan-32");
  addDhcp(state, {
    name: "dhcp-vlan32",
    iface: "vlan-32",
    pool: "pool-vlan32",
    ranges: "223.203.225.2-223.203.225.254",
    network: "223.203.225.0/24",
    gateway: "223.203.225.1",
  });
  addStaticLease(state, "dhcp-vlan32", "223.203.225.10", "00:11:22:33:44:55", "customer A");
  addStaticLease(state, "dhcp-vlan32", "223.203.225.20", "AA:BB:CC:DD:EE:FF", "customer B");
  state.single("/tool/mac-server")["allowed-interface-list"] = "LAN";
}

/**
 * SOHO MACVLAN guide: `macvlan-iot` (mode private) on ether2 with 192.168.99.1/24, a DHCP pool
 * 192.168.99.10-192.168.99.254 with server and network, filter rules isolating IoT from the LAN, and
 * masquerade towards WAN.
 */
function buildSohoMacvlan(state: RouterState): void {
  buildBase(state);
  addMacvlan(state, "macvlan-iot", "ether2", "private");
  for (const port of ["ether3", "ether4", "ether5"]) addMember(state, "LAN", port);
  addAddress(state, "192.168.88.1/24", "ether3", "LAN");
  addAddress(state, "192.168.99.1/24", "macvlan-iot", "IoT");
  addDhcp(state, {
    name: "dhcp-iot",
    iface: "macvlan-iot",
    pool: "pool-iot",
    ranges: "192.168.99.10-192.168.99.254",
    network: "192.168.99.0/24",
    gateway: "192.168.99.1",
  });
  addRule(state, "filter", { chain: "forward", "connection-state": "established,related", comment: "accept established" });
  addRule(state, "filter", { chain: "forward", action: "drop", "in-interface": "macvlan-iot", "out-interface-list": "LAN", comment: "isolate IoT from LAN" });
  addRule(state, "filter", { chain: "forward", action: "drop", "in-interface-list": "LAN", "out-interface": "macvlan-iot", comment: "isolate LAN from IoT" });
  addRule(state, "filter", {
    chain: "input",
    action: "drop",
    "in-interface": "macvlan-iot",
    "dst-address": "192.168.88.1",
    comment: "IoT may not reach the router's LAN address",
  });
  addRule(state, "nat", { chain: "srcnat", action: "masquerade", "out-interface-list": "WAN", comment: "masquerade" });
  state.single("/tool/mac-server")["allowed-interface-list"] = "LAN";
}

/** CAK (32 hex) and CKN (64 hex) shared by the two MACsec guide routers, from the fleet seed. */
function guideMacsecKeys(fleetSeed: number): { cak: string; ckn: string } {
  const rng = new Prng(fleetSeed ^ 0x4d41_4353);
  return { cak: rng.hex(16), ckn: rng.hex(32) };
}

/** MACsec guide: `macsec1` on ether1 of both routers with the same CAK/CKN and profile; peered. */
function buildMacsec(state: RouterState, fleetSeed: number, side: "a" | "b"): void {
  buildBase(state);
  const { cak, ckn } = guideMacsecKeys(fleetSeed);
  state.insert("/interface/macsec/profile", {
    name: "guide-profile",
    "server-priority": "10",
    ...(supportsFeature(state.version, "macsecCiphers") ? { ciphers: "gcm-aes-128" } : {}),
    default: "false",
  });
  addMacsec(state, "macsec1", "ether1", cak, ckn, "guide-profile");
  addAddress(state, side === "a" ? "10.255.0.1/30" : "10.255.0.2/30", "macsec1");
  state.macsecPeers.set("macsec1", { router: side === "a" ? "guide-macsec-b" : "guide-macsec-a", iface: "macsec1" });
  state.single("/tool/mac-server")["allowed-interface-list"] = "none";
}

/** The configuration builder of a guide router (by its fixed name). */
export function guideBuilder(name: string, fleetSeed: number): (state: RouterState) => void {
  switch (name) {
    case "guide-macserver":
      return buildMacServer;
    case "guide-isp-dhcp":
      return buildIspDhcp;
    case "guide-soho-macvlan":
      return buildSohoMacvlan;
    case "guide-macsec-a":
      return (s) => buildMacsec(s, fleetSeed, "a");
    default:
      return (s) => buildMacsec(s, fleetSeed, "b");
  }
}
