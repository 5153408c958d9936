import "server-only";
import { z } from "zod";
import { cidrCovers, formatCidr, parseCidr } from "../../net/ip";
import { interfaceAddress, interfaceName, ipv4Cidr, routerOsComment } from "../../validation/routeros";
import type { ChangeKind } from "../kind";
import type { ChangePlan, ObjectRef } from "../types";
import { kindInfo } from "./catalog";
import { dhcpServersOn, fieldError, interfaceRef, isTrue, optionalParam, readExisting, readSnapshot } from "./shared";

/**
 * `/ip/address` kinds on any interface, keyed by (`address`, `interface`) with `address` as RouterOS prints it
 * (`192.168.88.1/24`). A new address must not be on the router already (on any interface, whatever its prefix) and
 * its interface must exist; an overlap with another address's subnet is a note (RouterOS accepts it). A removal reads
 * every writable field first, `network` included (a point-to-point /32 names its peer there), so an undo re-adds
 * the same address (docs/routeros.md).
 */

/** `/ip/address` by (address, interface); `fields` are what an undo of a remove re-creates. */
export function ipAddressRef(address: string, iface: string): ObjectRef {
  return {
    menu: "/ip/address",
    key: { address, interface: iface },
    fields: ["network", "disabled", "comment"],
    displayFields: ["actual-interface", "dynamic", "invalid"],
    label: `/ip/address ${address} on ${iface}`,
  };
}

/** Guard: `/ip/address` rows holding exactly `address` on any interface (none expected when adding). */
function addressAnywhereRef(address: string): ObjectRef {
  return { menu: "/ip/address", key: { address }, fields: ["interface"], label: `/ip/address ${address} on any interface` };
}

/** The IP of `a.b.c.d/n` (the part before the slash). */
function hostOf(address: string): string {
  return address.split("/")[0] ?? address;
}

const addSchema = z.strictObject({
  address: interfaceAddress,
  interface: interfaceName,
  comment: optionalParam(routerOsComment),
});

/** `ip-address.add`: `/ip/address add address=<a.b.c.d/n> interface=<interface> [comment]`. */
export const ipAddressAddKind: ChangeKind<typeof addSchema> = {
  info: kindInfo("ip-address.add"),
  schema: addSchema,
  describe: (p) => `Add ${p.address} on ${p.interface}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const iface = await readExisting(ctx.client, interfaceRef(p.interface), "interface", `interface ${p.interface} does not exist on this router`);
    const rows = await ctx.client.print("/ip/address", { proplist: ["address", "interface", "dynamic", "disabled"] });
    const ip = hostOf(p.address);
    const same = rows.find((r) => r.address !== undefined && hostOf(r.address) === ip);
    if (same) {
      const how = isTrue(same.dynamic) ? " (dynamic)" : isTrue(same.disabled) ? " (disabled)" : "";
      throw fieldError("address", `${ip} is already on ${same.interface ?? "an interface"} as ${same.address ?? ip}${how}`);
    }
    const target = await readSnapshot(ctx.client, ipAddressRef(p.address, p.interface), "address");
    const anywhere = await readSnapshot(ctx.client, addressAnywhereRef(p.address), "address");
    const net = parseCidr(p.address)?.cidr;
    const notes: string[] = [];
    for (const row of rows) {
      const other = row.address === undefined ? null : (parseCidr(row.address)?.cidr ?? null);
      if (!net || !other || !(cidrCovers(net, other) || cidrCovers(other, net))) continue;
      const where =
        row.interface === p.interface ? `also on ${p.interface}` : `on ${row.interface ?? "?"}: the subnet will be reachable through two interfaces`;
      notes.push(`${formatCidr(net)} overlaps ${formatCidr(other)} of ${row.address ?? "?"} ${where}`);
    }
    if (isTrue(iface.values.disabled)) notes.push(`interface ${p.interface} is disabled: the address stays inactive until it is enabled`);
    const values: Record<string, string> = { address: p.address, interface: p.interface };
    if (p.comment !== undefined) values.comment = p.comment;
    return { base: [iface, target, anywhere], ops: [{ op: "add", ref: target.ref, values }], disruptsInterfaces: [], notes };
  },
};

const removeSchema = z.strictObject({ address: ipv4Cidr, interface: interfaceName });

/**
 * `ip-address.remove`: removes the static `/ip/address` (address, interface). Any well-formed `a.b.c.d/n` is
 * accepted, so an address that slipped past the add checks can still be removed. Removing the address the app
 * reaches the router at lists the interface in `disruptsInterfaces` (the management-path guard).
 */
export const ipAddressRemoveKind: ChangeKind<typeof removeSchema> = {
  info: kindInfo("ip-address.remove"),
  schema: removeSchema,
  describe: (p) => `Remove ${p.address} from ${p.interface}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await readExisting(ctx.client, ipAddressRef(p.address, p.interface), "address", `${p.address} is not on interface ${p.interface}`);
    if (isTrue(target.values.dynamic)) {
      throw fieldError("address", `${p.address} on ${p.interface} is dynamic (added by a DHCP client or another service): it goes with its source`);
    }
    const notes: string[] = [];
    const apiHost = new URL(ctx.client.apiUrl).hostname;
    const disrupts = apiHost === hostOf(p.address) ? [p.interface] : [];
    if (disrupts.length > 0) notes.push(`${hostOf(p.address)} is the address this app reaches the router at: removing it cuts the management path`);
    const servers = await dhcpServersOn(ctx.client, p.interface);
    const left = await ctx.client.print("/ip/address", { where: { interface: p.interface }, proplist: ["address", "interface"] });
    const others = left.filter((r) => r.interface === p.interface && r.address !== p.address);
    if (servers.length > 0 && others.length === 0) {
      notes.push(`DHCP server ${servers.join(", ")} on ${p.interface} will have no address of its own on that interface to serve from`);
    }
    return { base: [target], ops: [{ op: "remove", ref: target.ref }], disruptsInterfaces: disrupts, notes };
  },
};
