import "server-only";
import { z } from "zod";
import { cidrContains, formatCidr, lastAddress, parseCidr, parseIp, type Cidr, type IpAddress } from "../../net/ip";
import { hostIpv4Address, macAddress, routerOsComment, routerOsName, unicastMac } from "../../validation/routeros";
import type { ChangeKind, PlanContext } from "../kind";
import type { ChangePlan, ObjectRef, ObjectSnapshot } from "../types";
import { kindInfo } from "./catalog";
import { fieldError, isTrue, optionalParam, readExisting, readSnapshot } from "./shared";

/**
 * Static DHCP lease kinds: `/ip/dhcp-server/lease` keyed by (`server`, `mac-address`) (docs/routeros.md: a
 * static lease pins `address` to a MAC; MACs as RouterOS prints them, upper-case with colons). A new lease needs a
 * unicast MAC and a host address inside the server's network (`/ip/dhcp-server/network`), other than its network,
 * broadcast and gateway addresses and the router's own addresses on the server's interface.
 */

/** `/ip/dhcp-server/lease` by (server, mac-address); `fields` are what an undo of a remove re-creates. */
export function leaseRef(server: string, mac: string): ObjectRef {
  return {
    menu: "/ip/dhcp-server/lease",
    key: { server, "mac-address": mac },
    fields: ["address", "comment", "disabled"],
    displayFields: ["dynamic", "status", "host-name", "active-address"],
    label: `/ip/dhcp-server/lease ${mac} on ${server}`,
  };
}

/** Guard: the leases holding `address` on `server` (none expected, or only the same MAC). */
export function addressGuardRef(server: string, address: string): ObjectRef {
  return {
    menu: "/ip/dhcp-server/lease",
    key: { server, address },
    fields: ["mac-address"],
    displayFields: ["dynamic", "status"],
    label: `/ip/dhcp-server/lease address ${address} on ${server}`,
  };
}

/** `/ip/dhcp-server` by name: a guard (it exists, its interface, whether it is disabled). */
export function serverRef(name: string): ObjectRef {
  return { menu: "/ip/dhcp-server", key: { name }, fields: ["disabled", "interface"], displayFields: ["address-pool"], label: `/ip/dhcp-server ${name}` };
}

/** `/ip/dhcp-server/network` by address (CIDR): a guard, so a changed gateway between proposal and apply is drift. */
export function networkRef(address: string): ObjectRef {
  return { menu: "/ip/dhcp-server/network", key: { address }, fields: ["gateway"], label: `/ip/dhcp-server/network ${address}` };
}

/** A `/ip/dhcp-server/network` row as printed, with its parsed network. */
export interface DhcpNetworkRow {
  address: string;
  net: Cidr;
  gateways: string[];
}

/**
 * The `/ip/dhcp-server/network` entries a server hands out: those containing an address of the server's interface
 * (`/ip/address`), or every entry when none does (a relayed server serves remote subnets). Also returns the
 * router's own addresses on that interface.
 * @throws PlanError on `server` when the router has no DHCP network at all; RouterOsError
 */
export async function serverNetworks(ctx: PlanContext, server: string, iface: string): Promise<{ networks: DhcpNetworkRow[]; own: IpAddress[] }> {
  const [networkRows, addressRows] = await Promise.all([
    ctx.client.print("/ip/dhcp-server/network", { proplist: ["address", "gateway"] }),
    ctx.client.print("/ip/address", { where: { interface: iface }, proplist: ["address", "interface", "disabled"] }),
  ]);
  const own = addressRows.filter((r) => r.interface === iface && !isTrue(r.disabled)).flatMap((r) => parseIp((r.address ?? "").split("/")[0] ?? "") ?? []);
  const all = networkRows.flatMap((r): DhcpNetworkRow[] => {
    const parsed = r.address === undefined ? null : parseCidr(r.address);
    if (!parsed || parsed.cidr.family !== 4 || r.address === undefined) return [];
    return [{ address: r.address, net: parsed.cidr, gateways: (r.gateway ?? "").split(",").filter((g) => g !== "") }];
  });
  if (all.length === 0) throw fieldError("server", `this router has no /ip/dhcp-server/network: ${server} cannot hand out addresses`);
  const onInterface = all.filter((n) => own.some((ip) => cidrContains(n.net, ip)));
  return { networks: onInterface.length > 0 ? onInterface : all, own };
}

/**
 * Checks a new lease's address against the server's networks (see serverNetworks) and returns the network's guard.
 * @throws PlanError on `address`; RouterOsError
 */
async function checkLeaseAddress(ctx: PlanContext, server: string, iface: string, address: string): Promise<ObjectSnapshot> {
  const { networks, own } = await serverNetworks(ctx, server, iface);
  const ip = parseIp(address);
  const network = ip ? networks.find((n) => cidrContains(n.net, ip)) : undefined;
  if (!ip || !network) {
    throw fieldError("address", `${address} is outside the network of DHCP server ${server} (${networks.map((n) => formatCidr(n.net)).join(", ")})`);
  }
  const subnet = formatCidr(network.net);
  if (ip.value === network.net.network) throw fieldError("address", `${address} is the network address of ${subnet}`);
  if (network.net.prefix <= 30 && ip.value === lastAddress(network.net)) throw fieldError("address", `${address} is the broadcast address of ${subnet}`);
  if (network.gateways.includes(address)) throw fieldError("address", `${address} is the gateway of ${subnet}`);
  if (own.some((o) => o.value === ip.value)) throw fieldError("address", `${address} is the router's own address on ${iface}`);
  return readExisting(ctx.client, networkRef(network.address), "address", `/ip/dhcp-server/network ${network.address} disappeared while planning`);
}

const addSchema = z.strictObject({
  server: routerOsName,
  address: hostIpv4Address,
  macAddress: unicastMac,
  comment: optionalParam(routerOsComment),
});

/** `dhcp-lease.add`: `/ip/dhcp-server/lease add server address mac-address [comment]` (a static lease). */
export const leaseAddKind: ChangeKind<typeof addSchema> = {
  info: kindInfo("dhcp-lease.add"),
  schema: addSchema,
  describe: (p) => `Pin ${p.address} to ${p.macAddress} on DHCP server ${p.server}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const server = await readExisting(ctx.client, serverRef(p.server), "server", `DHCP server ${p.server} does not exist on this router`);
    const lease = await readSnapshot(ctx.client, leaseRef(p.server, p.macAddress), "macAddress");
    if (lease.values !== null) {
      const what = isTrue(lease.values.dynamic)
        ? `a dynamic lease (${lease.values.address ?? "no address"}); making it static (make-static) is not a change this app offers`
        : `a static lease for ${lease.values.address ?? "no address"}`;
      throw fieldError("macAddress", `${p.macAddress} already has ${what} on ${p.server}`);
    }
    const network = await checkLeaseAddress(ctx, p.server, server.values.interface ?? "", p.address);
    const holder = await readSnapshot(ctx.client, addressGuardRef(p.server, p.address), "address");
    if (holder.values !== null) {
      const kind = isTrue(holder.values.dynamic) ? "dynamic" : "static";
      throw fieldError("address", `${p.address} is already leased to ${holder.values["mac-address"] ?? "another client"} on ${p.server} (${kind} lease)`);
    }
    const values: Record<string, string> = { server: p.server, "mac-address": p.macAddress, address: p.address };
    if (p.comment !== undefined) values.comment = p.comment;
    const notes = isTrue(server.values.disabled) ? [`DHCP server ${p.server} is disabled: the lease is stored but not served`] : [];
    return { base: [server, lease, network, holder], ops: [{ op: "add", ref: lease.ref, values }], disruptsInterfaces: [], notes };
  },
};

const removeSchema = z.strictObject({ server: routerOsName, macAddress });

/**
 * `dhcp-lease.remove`: removes the static `/ip/dhcp-server/lease` of a MAC on a server (never a dynamic one). Any
 * well-formed MAC is accepted here, so a lease that was given a group or all-zero MAC can still be cleaned up.
 */
export const leaseRemoveKind: ChangeKind<typeof removeSchema> = {
  info: kindInfo("dhcp-lease.remove"),
  schema: removeSchema,
  describe: (p) => `Remove the static lease of ${p.macAddress} on DHCP server ${p.server}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const server = await readExisting(ctx.client, serverRef(p.server), "server", `DHCP server ${p.server} does not exist on this router`);
    const lease = await readExisting(ctx.client, leaseRef(p.server, p.macAddress), "macAddress", `${p.macAddress} has no lease on ${p.server}`);
    if (isTrue(lease.values.dynamic)) {
      throw fieldError(
        "macAddress",
        `the lease of ${p.macAddress} on ${p.server} is dynamic: only static leases are removed (a dynamic one expires by itself)`,
      );
    }
    return {
      base: [server, lease],
      ops: [{ op: "remove", ref: lease.ref }],
      disruptsInterfaces: [],
      notes: [
        `${p.macAddress} will get an address from the pool of ${p.server} at its next renewal, not necessarily ${lease.values.address ?? "the same one"}`,
      ],
    };
  },
};
