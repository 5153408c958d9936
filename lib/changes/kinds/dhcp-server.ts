import "server-only";
import { z } from "zod";
import { cidrCovers, parseCidr, type Cidr } from "../../net/ip";
import { rangeOverlapsNetwork } from "../../validation/addresses";
import { dhcpLeaseTime, interfaceName, routerOsComment, routerOsName } from "../../validation/routeros";
import type { ChangeKind, PlanContext } from "../kind";
import type { ChangePlan, ObjectRef, ObjectSnapshot } from "../types";
import { kindInfo } from "./catalog";
import { poolRef, printedRanges } from "./ip-pool";
import { fieldError, interfaceRef, isTrue, optionalParam, readExisting, readSnapshot } from "./shared";

/**
 * `/ip/dhcp-server` kinds keyed by `name`. RouterOS runs one DHCP server per interface (IP/DHCP Server manual;
 * docs/routeros.md), so a second one on the same interface is refused, as is an `address-pool` that is neither
 * `static-only` nor an existing `/ip/pool`. `lease-time` is written as RouterOS v7 prints it (dhcpLeaseTime).
 * Removal is refused while the server has static leases: they would be left pointing at a missing server, and an
 * undo could not bring them back with it; dynamic leases go with the server (noted).
 */

/**
 * `/ip/dhcp-server` by name; `fields` are the writable fields every supported version prints (inspect `add` of
 * 7.9.2 … 7.24), which an undo of a remove re-creates.
 */
export function dhcpServerRef(name: string): ObjectRef {
  return {
    menu: "/ip/dhcp-server",
    key: { name },
    fields: [
      "interface",
      "address-pool",
      "lease-time",
      "authoritative",
      "add-arp",
      "always-broadcast",
      "bootp-support",
      "bootp-lease-time",
      "conflict-detection",
      "lease-script",
      "relay",
      "server-address",
      "use-radius",
      "disabled",
      "comment",
    ],
    displayFields: ["dynamic", "invalid"],
    label: `/ip/dhcp-server ${name}`,
  };
}

/** Guard: the DHCP servers on `iface` (none expected when adding one). */
function serverOnInterfaceRef(iface: string): ObjectRef {
  return { menu: "/ip/dhcp-server", key: { interface: iface }, fields: ["name"], label: `/ip/dhcp-server on ${iface}` };
}

/** The networks of the static, enabled `/ip/address` rows on `iface`. */
async function interfaceNetworks(ctx: PlanContext, iface: string): Promise<Cidr[]> {
  const rows = await ctx.client.print("/ip/address", { where: { interface: iface }, proplist: ["address", "interface", "disabled"] });
  return rows.flatMap((r) => (r.interface === iface && !isTrue(r.disabled) && r.address ? (parseCidr(r.address)?.cidr ?? []) : []));
}

const addSchema = z.strictObject({
  name: routerOsName,
  interface: interfaceName,
  addressPool: routerOsName,
  leaseTime: optionalParam(dhcpLeaseTime),
  comment: optionalParam(routerOsComment),
});

/** `dhcp-server.add`: `/ip/dhcp-server add name interface address-pool [lease-time] [comment] disabled=no`. */
export const dhcpServerAddKind: ChangeKind<typeof addSchema> = {
  info: kindInfo("dhcp-server.add"),
  schema: addSchema,
  describe: (p) => `Add DHCP server ${p.name} on ${p.interface} (pool ${p.addressPool})`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await readSnapshot(ctx.client, dhcpServerRef(p.name), "name");
    if (target.values !== null) throw fieldError("name", `DHCP server ${p.name} already exists (on ${target.values.interface ?? "?"})`);
    const iface = await readExisting(ctx.client, interfaceRef(p.interface), "interface", `interface ${p.interface} does not exist on this router`);
    const onInterface = await ctx.client.print("/ip/dhcp-server", { where: { interface: p.interface }, proplist: ["name", "interface"] });
    const other = onInterface.find((r) => r.interface === p.interface);
    if (other) throw fieldError("interface", `DHCP server ${other.name ?? "?"} already runs on ${p.interface}: RouterOS runs one server per interface`);
    const guard = await readSnapshot(ctx.client, serverOnInterfaceRef(p.interface), "interface");
    const base: ObjectSnapshot[] = [target, iface, guard];
    const notes: string[] = [];
    const networks = await interfaceNetworks(ctx, p.interface);
    if (networks.length === 0) notes.push(`${p.interface} has no IP address: the server cannot answer until it has one`);
    if (p.addressPool === "static-only") {
      notes.push("address-pool static-only: only clients with a static lease get an address");
    } else {
      const pool = await readExisting(ctx.client, poolRef(p.addressPool), "addressPool", `IP pool ${p.addressPool} does not exist on this router`);
      base.push(pool);
      const ranges = printedRanges(pool.values.ranges);
      if (networks.length > 0 && ranges.length > 0 && !ranges.every((r) => networks.some((n) => rangeOverlapsNetwork(r, n)))) {
        notes.push(
          `pool ${p.addressPool} (${pool.values.ranges ?? ""}) is not inside the subnets of ${p.interface}: clients would get addresses they cannot use`,
        );
      }
    }
    const dhcpNetworks = await ctx.client.print("/ip/dhcp-server/network", { proplist: ["address"] });
    const dhcpNets = dhcpNetworks.flatMap((d) => (d.address ? (parseCidr(d.address)?.cidr ?? []) : []));
    const covered = networks.some((n) => dhcpNets.some((d) => cidrCovers(d, n) || cidrCovers(n, d)));
    if (networks.length > 0 && !covered) notes.push(`no /ip/dhcp-server/network covers ${p.interface}'s subnet yet: clients get no gateway or DNS server`);
    if (p.leaseTime === undefined) notes.push("lease-time: the RouterOS default (30m on v7)");
    const values: Record<string, string> = { name: p.name, interface: p.interface, "address-pool": p.addressPool, disabled: "false" };
    if (p.leaseTime !== undefined) values["lease-time"] = p.leaseTime;
    if (p.comment !== undefined) values.comment = p.comment;
    return { base, ops: [{ op: "add", ref: target.ref, values }], disruptsInterfaces: [], notes };
  },
};

const removeSchema = z.strictObject({ name: routerOsName });

/** `dhcp-server.remove`: removes an `/ip/dhcp-server` that has no static lease. */
export const dhcpServerRemoveKind: ChangeKind<typeof removeSchema> = {
  info: kindInfo("dhcp-server.remove"),
  schema: removeSchema,
  describe: (p) => `Remove DHCP server ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await readExisting(ctx.client, dhcpServerRef(p.name), "name", `DHCP server ${p.name} does not exist on this router`);
    if (isTrue(target.values.dynamic)) throw fieldError("name", `DHCP server ${p.name} is dynamic (created by RouterOS): it cannot be removed`);
    const leases = await ctx.client.print("/ip/dhcp-server/lease", { where: { server: p.name }, proplist: ["server", "mac-address", "address", "dynamic"] });
    const mine = leases.filter((l) => l.server === p.name);
    const statics = mine.filter((l) => !isTrue(l.dynamic));
    if (statics.length > 0) {
      const shown = statics.slice(0, 3).map((l) => `${l["mac-address"] ?? "?"} → ${l.address ?? "?"}`);
      const more = statics.length > shown.length ? ` and ${statics.length - shown.length} more` : "";
      throw fieldError(
        "name",
        `DHCP server ${p.name} has ${statics.length} static lease(s) (${shown.join(", ")}${more}): remove them first (Remove static DHCP lease), so that none is left on a missing server`,
      );
    }
    const notes = [`clients on ${target.values.interface ?? "its interface"} get no new leases from this router`];
    const dynamic = mine.length - statics.length;
    if (dynamic > 0) notes.push(`${dynamic} dynamic lease(s) go with the server; an undo re-creates the server, and clients renew from it`);
    return { base: [target], ops: [{ op: "remove", ref: target.ref }], disruptsInterfaces: [], notes };
  },
};
