import "server-only";
import { isIPv4 } from "node:net";
import type { RouterOsClient } from "../../routeros";
import { listIpAddresses } from "../../routeros";

/** The interface that holds the address the app uses to reach a router, when it can be found. */
export interface ManagementPath {
  /** Interface name, e.g. `ether1`; null when unknown. */
  interface: string | null;
  /** Why it is unknown (hostname, NAT, IPv6), null when found. */
  note: string | null;
}

/**
 * Finds the interface holding the router's API address: when the host of `apiUrl` is an IPv4
 * address, the `/ip/address` row whose `address` is `<ip>/<prefix>` (listIpAddresses: `GET
 * /rest/ip/address`), ignoring disabled rows. Callers read it only for a plan that disrupts interfaces.
 *
 * Assumptions (docs/changes.md): a hostname is not resolved (DNS may differ between the app and the
 * router), an IPv6 host is not looked up in `/ipv6/address`, and an IPv4 that no row holds means the
 * app reaches the router through NAT or a proxy; in each case the interface is unknown (null, with a
 * note) and the guard cannot protect that router.
 * @throws RouterOsError when `/ip/address` cannot be read
 */
export async function findManagementInterface(client: RouterOsClient, apiUrl: string): Promise<ManagementPath> {
  const host = new URL(apiUrl).hostname.replace(/^\[|\]$/g, "");
  if (!isIPv4(host)) {
    return { interface: null, note: `the API host ${host} is not an IPv4 address: the management interface is unknown and not guarded` };
  }
  const rows = await listIpAddresses(client);
  const row = rows.find((r) => r.address.startsWith(`${host}/`) && !r.disabled);
  if (!row) {
    return {
      interface: null,
      note: `no /ip/address holds the API address ${host} (NAT or proxy in between?): the management interface is unknown and not guarded`,
    };
  }
  return { interface: row.interface, note: null };
}

/** True when the plan disrupts the management interface (compared by name). */
export function cutsManagementPath(disruptsInterfaces: string[], management: ManagementPath): boolean {
  return management.interface !== null && disruptsInterfaces.includes(management.interface);
}
