import "server-only";
import type { ChangeKind } from "../kind";
import { CHANGE_KIND_IDS, type ChangeKindId } from "../types";
import { leaseAddKind, leaseRemoveKind } from "./dhcp-lease";
import { leaseImportKind } from "./dhcp-lease-import";
import { firewallRuleAddKind, firewallRuleRemoveKind } from "./firewall";
import { addMemberKind, listAddKind, listRemoveKind, removeMemberKind } from "./interface-list";
import { dhcpNetworkAddKind, dhcpNetworkRemoveKind } from "./dhcp-network";
import { dhcpServerAddKind, dhcpServerRemoveKind } from "./dhcp-server";
import { ipAddressAddKind, ipAddressRemoveKind } from "./ip-address";
import { loggingAddKind, loggingRemoveKind } from "./logging";
import { poolAddKind, poolRemoveKind } from "./ip-pool";
import { enableOnInterfaceKind, setAllowedListKind, setPingKind } from "./mac-server";
import { macsecProfileSetKind, macsecSetMtuKind } from "./macsec-settings";
import { macsecAddKind, macsecDisableKind, macsecEnableKind, macsecRemoveKind, macsecRotateCakKind } from "./macsec";
import { macvlanAddKind, macvlanRemoveKind, macvlanSetKind } from "./macvlan";

/**
 * Every change kind by id (server side: plans read routers). The client-safe descriptions are in
 * ./catalog (KIND_INFOS); each kind's `info` is its catalogue entry.
 */
export const KINDS: Record<ChangeKindId, ChangeKind> = {
  "mac-server.set-allowed-list": setAllowedListKind,
  "mac-server.set-ping": setPingKind,
  "mac-server.enable-on-interface": enableOnInterfaceKind,
  "interface-list.add-member": addMemberKind,
  "interface-list.remove-member": removeMemberKind,
  "macvlan.add": macvlanAddKind,
  "macvlan.set": macvlanSetKind,
  "macvlan.remove": macvlanRemoveKind,
  "macsec.add": macsecAddKind,
  "macsec.enable": macsecEnableKind,
  "macsec.disable": macsecDisableKind,
  "macsec.rotate-cak": macsecRotateCakKind,
  "macsec.remove": macsecRemoveKind,
  "dhcp-lease.add": leaseAddKind,
  "dhcp-lease.remove": leaseRemoveKind,
  "firewall-rule.add": firewallRuleAddKind,
  "firewall-rule.remove": firewallRuleRemoveKind,
  "interface-list.add": listAddKind,
  "interface-list.remove": listRemoveKind,
  "macsec-profile.set": macsecProfileSetKind,
  "macsec.set-mtu": macsecSetMtuKind,
  "ip-address.add": ipAddressAddKind,
  "ip-address.remove": ipAddressRemoveKind,
  "ip-pool.add": poolAddKind,
  "ip-pool.remove": poolRemoveKind,
  "dhcp-server.add": dhcpServerAddKind,
  "dhcp-server.remove": dhcpServerRemoveKind,
  "dhcp-network.add": dhcpNetworkAddKind,
  "dhcp-network.remove": dhcpNetworkRemoveKind,
  "dhcp-lease.import": leaseImportKind,
  "logging.add": loggingAddKind,
  "logging.remove": loggingRemoveKind,
};

/** The kind with this id, or null for an unknown id (e.g. a stored request of a kind since removed). */
export function getKind(id: string): ChangeKind | null {
  return (CHANGE_KIND_IDS as readonly string[]).includes(id) ? KINDS[id as ChangeKindId] : null;
}
