import { describe, expect, it } from "vitest";
import { BAD_INTERFACE_ADDRESSES, HOSTILE_NAMES, NON_UNICAST_MACS } from "../../testing/hostile-values";
import { CHANGE_KIND_IDS, type ChangeKindId } from "../types";
import { KINDS } from "./index";

/**
 * Every change kind's schema against the hostile-value tables (lib/testing/hostile-values.ts): each hostile value in
 * each field that takes it must be refused with that field named, before anything is planned or reaches a router;
 * the good params of each kind still parse.
 */

const CAK = "0123456789abcdef0123456789abcdef";
const CKN = "ab".repeat(32);

/** Good params per kind, and which of their fields are names/comments, unicast MACs, interface or host addresses. */
const CASES: Record<
  ChangeKindId,
  { good: Record<string, unknown>; names: string[]; macs?: string[]; interfaceAddresses?: string[]; hostAddresses?: string[] }
> = {
  "mac-server.set-allowed-list": { good: { service: "mac-telnet", allowedInterfaceList: "LAN" }, names: ["allowedInterfaceList"] },
  "mac-server.set-ping": { good: { enabled: true }, names: [] },
  "mac-server.enable-on-interface": { good: { interface: "ether3", list: "mac-server" }, names: ["interface", "list"] },
  "interface-list.add-member": { good: { list: "LAN", interface: "ether2" }, names: ["list", "interface"] },
  "interface-list.remove-member": { good: { list: "LAN", interface: "ether2" }, names: ["list", "interface"] },
  "macvlan.add": {
    good: { name: "macvlan-68", interface: "ether2", macAddress: "02:00:00:00:00:68", comment: "IoT – Zürich", ipAddress: "192.168.99.1/24" },
    names: ["name", "interface", "comment"],
    macs: ["macAddress"],
    interfaceAddresses: ["ipAddress"],
  },
  "macvlan.set": { good: { name: "macvlan-iot", macAddress: "02:00:00:00:00:69", comment: "printer 😀" }, names: ["name", "comment"], macs: ["macAddress"] },
  "macvlan.remove": { good: { name: "macvlan-iot" }, names: ["name"] },
  "macsec.add": { good: { name: "macsec1", interface: "ether1", cak: CAK, ckn: CKN, profile: "default" }, names: ["name", "interface", "profile"] },
  "macsec.enable": { good: { name: "macsec1" }, names: ["name"] },
  "macsec.disable": { good: { name: "macsec1" }, names: ["name"] },
  "macsec.rotate-cak": { good: { name: "macsec1", cak: CAK }, names: ["name"] },
  "macsec.remove": { good: { name: "macsec1" }, names: ["name"] },
  "dhcp-lease.add": {
    good: { server: "dhcp-vlan32", address: "223.203.225.30", macAddress: "0A:0B:0C:0D:0E:0F", comment: "customer C" },
    names: ["server", "comment"],
    macs: ["macAddress"],
    hostAddresses: ["address"],
  },
  "dhcp-lease.remove": { good: { server: "dhcp-vlan32", macAddress: "00:11:22:33:44:55" }, names: ["server"] },
  "firewall-rule.add": {
    good: {
      table: "filter",
      chain: "forward",
      action: "drop",
      position: "before-comment",
      beforeComment: "isolate LAN from IoT",
      comment: "noc:20261203-3f9a1c2e",
      inInterface: "macvlan-iot",
      outInterfaceList: "LAN",
    },
    names: ["beforeComment", "inInterface", "outInterfaceList"],
  },
  "firewall-rule.remove": { good: { table: "filter", comment: "isolate IoT from LAN" }, names: ["comment"] },
  "interface-list.add": { good: { name: "mgmt", comment: "management ports" }, names: ["name", "comment"] },
  "interface-list.remove": { good: { name: "mac-allowed" }, names: ["name"] },
  "macsec-profile.set": { good: { name: "guide-profile", ciphers: "gcm-aes-256" }, names: ["name"] },
  "macsec.set-mtu": { good: { name: "macsec1", mtu: "1400" }, names: ["name"] },
  "ip-address.add": {
    good: { address: "192.168.88.1/24", interface: "ether3", comment: "LAN – Zürich" },
    names: ["interface", "comment"],
    interfaceAddresses: ["address"],
  },
  "ip-address.remove": { good: { address: "192.168.88.1/24", interface: "ether3" }, names: ["interface"] },
  "ip-pool.add": {
    good: { name: "pool-lan", ranges: "192.168.88.10-192.168.88.254", nextPool: "pool-spill", comment: "LAN" },
    names: ["name", "nextPool", "comment"],
  },
  "ip-pool.remove": { good: { name: "pool-lan" }, names: ["name"] },
  "dhcp-server.add": {
    good: { name: "dhcp-lan", interface: "ether3", addressPool: "pool-lan", leaseTime: "1d 00:00:00", comment: "LAN" },
    names: ["name", "interface", "addressPool", "comment"],
  },
  "dhcp-server.remove": { good: { name: "dhcp-lan" }, names: ["name"] },
  "dhcp-network.add": {
    good: { address: "192.168.88.0/24", gateway: "192.168.88.1", dnsServers: "192.168.88.1,9.9.9.9", comment: "LAN" },
    names: ["comment"],
    hostAddresses: ["gateway"],
  },
  "dhcp-network.remove": { good: { address: "192.168.88.0/24" }, names: [] },
  "logging.add": { good: { topics: "mac-server,!debug", action: "memory", prefix: "MS" }, names: ["topics", "action", "prefix"] },
  "logging.remove": { good: { topics: "mac-server", action: "" }, names: ["topics", "action"] },
  "dhcp-lease.import": {
    good: { server: "dhcp-vlan32", rows: [{ macAddress: "0A:0B:0C:0D:0E:0F", address: "223.203.225.30", comment: "customer C", line: 2 }] },
    names: ["server"],
  },
};

const HOST_ADDRESSES: [string, string][] = [
  ["unspecified", "0.0.0.0"],
  ["this network", "0.1.2.3"],
  ["loopback", "127.0.0.1"],
  ["link-local", "169.254.1.1"],
  ["cloud metadata", "169.254.169.254"],
  ["multicast", "224.0.0.251"],
  ["reserved", "240.0.0.1"],
  ["limited broadcast", "255.255.255.255"],
  ["leading zero", "223.203.225.030"],
];

/** The param names a refusal points at. */
function refusedFields(id: ChangeKindId, params: Record<string, unknown>): string[] {
  const r = KINDS[id].schema.safeParse(params);
  return r.success ? [] : [...new Set(r.error.issues.map((i) => String(i.path[0])))];
}

function expectRefused(id: ChangeKindId, field: string, table: [string, string][]): void {
  for (const [label, value] of table) expect(refusedFields(id, { ...CASES[id].good, [field]: value }), `${id} ${field}: ${label}`).toEqual([field]);
}

describe("change kind params: good values pass", () => {
  it.each([...CHANGE_KIND_IDS])("%s parses its good params", (id) => {
    expect(refusedFields(id, CASES[id].good)).toEqual([]);
  });
});

describe("change kind params: hostile values are refused with the param named", () => {
  const rows = CHANGE_KIND_IDS.flatMap((id) => [
    ...CASES[id].names.map((field) => [id, field, "name", HOSTILE_NAMES] as const),
    ...(CASES[id].macs ?? []).map((field) => [id, field, "unicast MAC", NON_UNICAST_MACS] as const),
    ...(CASES[id].interfaceAddresses ?? []).map((field) => [id, field, "interface address", BAD_INTERFACE_ADDRESSES] as const),
    ...(CASES[id].hostAddresses ?? []).map((field) => [id, field, "host address", HOST_ADDRESSES] as const),
  ]);

  it.each(rows)("%s %s (%s table)", (id, field, _what, table) => {
    expectRefused(id, field, table);
  });

  it("the lease removal still takes any well-formed MAC, so a lease with a group MAC can be cleaned up", () => {
    expect(refusedFields("dhcp-lease.remove", { server: "dhcp-vlan32", macAddress: "01:00:5E:00:00:FB" })).toEqual([]);
  });
});
