import "server-only";
import type { Db } from "../db-client";
import {
  getMacServerSettings,
  knownSupport,
  listDhcpLeases,
  listDhcpNetworks,
  listDhcpServers,
  listFirewallRules,
  listInterfaceListMembers,
  listInterfaceLists,
  listInterfacesNamed,
  listIpAddresses,
  listMacvlans,
  type DhcpLease,
  type FirewallRule,
  type RouterOsClient,
} from "../routeros";
import { macServerReach } from "./mac-server-reach";
import { readRouterView } from "./router-view-client";
import type {
  AddressingViewDto,
  DhcpLeaseDto,
  FirewallRuleDto,
  FirewallViewDto,
  InterfaceListDto,
  InterfaceListsViewDto,
  MacvlanParentsViewDto,
  RouterViewResult,
} from "./router-view-dto";

/**
 * The device page's router views, read from the router when asked (lib/devices/router-view-client.ts: one
 * cached client per device, reads shared for 2 s, fast failure), as DTOs of lib/devices/router-view-dto.ts.
 * Db-parameterised; lib/devices/server.ts checks the permission and calls them. Each returns null when the
 * device does not exist and `{ ok: false, error }` when the router could not be read; requests are sequential
 * on the device's one connection.
 */

function secondsFrom(readAt: Date, seconds: number | null, sign: 1 | -1): string | null {
  return seconds === null ? null : new Date(readAt.getTime() + sign * seconds * 1000).toISOString();
}

function leaseDto(l: DhcpLease, readAt: Date): DhcpLeaseDto {
  return {
    id: l.id,
    address: l.address,
    macAddress: l.macAddress,
    server: l.server,
    status: l.status,
    dynamic: l.dynamic,
    disabled: l.disabled,
    activeAddress: l.activeAddress,
    hostName: l.hostName,
    comment: l.comment,
    lastSeenAt: secondsFrom(readAt, l.lastSeenSec, -1),
    expiresAt: secondsFrom(readAt, l.expiresAfterSec, 1),
  };
}

/**
 * The IP tab: `/ip/address`, `/ip/dhcp-server`, `/ip/dhcp-server/network` and `/ip/dhcp-server/lease` (four GETs
 * with `.proplist`), in print order. Lease `last-seen` and `expires-after` become moments (UTC) from the read time.
 */
export async function readAddressingView(db: Db, deviceId: string): Promise<RouterViewResult<AddressingViewDto> | null> {
  return readRouterView(db, deviceId, "addressing", async (client, _device, readAt) => {
    const addresses = await listIpAddresses(client);
    const dhcpServers = await listDhcpServers(client);
    const dhcpNetworks = await listDhcpNetworks(client);
    const leases = await listDhcpLeases(client);
    return {
      addresses: addresses.map((a) => ({ ...a })),
      dhcpServers: dhcpServers.map((s) => ({ ...s })),
      dhcpNetworks: dhcpNetworks.map((n) => ({ ...n })),
      leases: leases.map((l) => leaseDto(l, readAt)),
    };
  });
}

const MATCHERS: ReadonlyArray<[keyof FirewallRule, string]> = [
  ["protocol", "protocol"],
  ["srcAddress", "src-address"],
  ["dstAddress", "dst-address"],
  ["srcAddressList", "src-address-list"],
  ["dstAddressList", "dst-address-list"],
  ["srcPort", "src-port"],
  ["dstPort", "dst-port"],
  ["inInterface", "in-interface"],
  ["outInterface", "out-interface"],
  ["inInterfaceList", "in-interface-list"],
  ["outInterfaceList", "out-interface-list"],
  ["connectionState", "connection-state"],
  ["connectionNatState", "connection-nat-state"],
];
const TARGETS: ReadonlyArray<[keyof FirewallRule, string]> = [
  ["jumpTarget", "jump-target"],
  ["toAddresses", "to-addresses"],
  ["toPorts", "to-ports"],
];

function pairs(rule: FirewallRule, fields: ReadonlyArray<[keyof FirewallRule, string]>): string[] {
  return fields.flatMap(([key, name]) => {
    const value = rule[key];
    return typeof value === "string" ? [`${name}=${value}`] : [];
  });
}

/** A rule as the Firewall tab shows it; `position` is its print index (RouterOS's `#`). */
export function firewallRuleDto(rule: FirewallRule, position: number): FirewallRuleDto {
  return {
    id: rule.id,
    position,
    chain: rule.chain,
    action: rule.action,
    matchers: pairs(rule, MATCHERS),
    targets: pairs(rule, TARGETS),
    log: rule.log,
    comment: rule.comment,
    disabled: rule.disabled,
    dynamic: rule.dynamic,
    invalid: rule.invalid,
    bytes: Number(rule.bytes),
    packets: Number(rule.packets),
  };
}

/** The Firewall tab: `/ip/firewall/filter` and `/ip/firewall/nat` in print order, with their counters (two GETs). */
export async function readFirewallView(db: Db, deviceId: string): Promise<RouterViewResult<FirewallViewDto> | null> {
  return readRouterView(db, deviceId, "firewall", async (client) => {
    const filter = await listFirewallRules(client, "filter");
    const nat = await listFirewallRules(client, "nat");
    return { filter: filter.map(firewallRuleDto), nat: nat.map(firewallRuleDto) };
  });
}

async function interfaceLists(client: RouterOsClient, telnet: string, winbox: string): Promise<InterfaceListDto[]> {
  const lists = await listInterfaceLists(client);
  const members = await listInterfaceListMembers(client);
  return lists.map((l) => ({
    ...l,
    members: members
      .filter((m) => m.list === l.name)
      .map(({ id, interface: iface, dynamic, disabled, comment }) => ({ id, interface: iface, dynamic, disabled, comment })),
    usedBy: [...(telnet === l.name ? (["mac-telnet"] as const) : []), ...(winbox === l.name ? (["mac-winbox"] as const) : [])],
  }));
}

/**
 * The MAC server tab's interface lists: `/tool/mac-server` and `/tool/mac-server/mac-winbox`
 * `allowed-interface-list`, every `/interface/list` with its `/interface/list/member` rows, and where each
 * service answers (lib/devices/mac-server-reach.ts).
 */
export async function readInterfaceListsView(db: Db, deviceId: string): Promise<RouterViewResult<InterfaceListsViewDto> | null> {
  return readRouterView(db, deviceId, "interface-lists", async (client) => {
    const settings = await getMacServerSettings(client);
    const lists = await interfaceLists(client, settings.telnetAllowedList, settings.winboxAllowedList);
    return {
      lists,
      reach: [macServerReach("mac-telnet", settings.telnetAllowedList, lists), macServerReach("mac-winbox", settings.winboxAllowedList, lists)],
    };
  });
}

/**
 * The MACVLAN tab's parents: `/interface/macvlan` (names and parents), then the parents' `/interface` rows
 * (type, running, MTU) in one request. Nothing is read on a router whose stored version is before 7.12
 * (`supported: false`).
 */
export async function readMacvlanParentsView(db: Db, deviceId: string): Promise<RouterViewResult<MacvlanParentsViewDto> | null> {
  return readRouterView(db, deviceId, "macvlan-parents", async (client, device) => {
    if (knownSupport(device.version, "macvlan") === false) return { supported: false, parents: [] };
    const macvlans = await listMacvlans(client);
    const parents = await listInterfacesNamed(
      client,
      macvlans.map((m) => m.parent),
    );
    const names = [...new Set(macvlans.map((m) => m.parent))].sort();
    return {
      supported: true,
      parents: names.map((name) => {
        const row = parents.find((p) => p.name === name);
        const on = macvlans.filter((m) => m.parent === name).map((m) => m.name);
        return {
          name,
          type: row?.type ?? null,
          running: row?.running ?? false,
          disabled: row?.disabled ?? false,
          mtu: row?.mtu ?? null,
          actualMtu: row?.actualMtu ?? null,
          l2mtu: row?.l2mtu ?? null,
          macAddress: row?.macAddress ?? null,
          macvlans: on.sort(),
        };
      }),
    };
  });
}
