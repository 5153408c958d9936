import { z } from "zod";
import { ipv4Address, macAddress, routerOsComment, routerOsName } from "../../validation/routeros";
import type { ChangeKind } from "../kind";
import type { ChangePlan, ObjectRef } from "../types";
import { kindInfo } from "./catalog";
import { fieldError, isTrue, optionalParam, readExisting, readSnapshot } from "./shared";

/**
 * Static DHCP lease kinds: `/ip/dhcp-server/lease` keyed by (`server`, `mac-address`) (docs/routeros.md: a
 * static lease pins `address` to a MAC; MACs as RouterOS prints them, upper-case with colons).
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
function addressGuardRef(server: string, address: string): ObjectRef {
  return {
    menu: "/ip/dhcp-server/lease",
    key: { server, address },
    fields: ["mac-address"],
    displayFields: ["dynamic", "status"],
    label: `/ip/dhcp-server/lease address ${address} on ${server}`,
  };
}

function serverRef(name: string): ObjectRef {
  return { menu: "/ip/dhcp-server", key: { name }, fields: ["disabled"], displayFields: ["interface", "address-pool"], label: `/ip/dhcp-server ${name}` };
}

const addSchema = z.strictObject({
  server: routerOsName,
  address: ipv4Address,
  macAddress,
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
    const holder = await readSnapshot(ctx.client, addressGuardRef(p.server, p.address), "address");
    if (holder.values !== null) {
      const kind = isTrue(holder.values.dynamic) ? "dynamic" : "static";
      throw fieldError("address", `${p.address} is already leased to ${holder.values["mac-address"] ?? "another client"} on ${p.server} (${kind} lease)`);
    }
    const values: Record<string, string> = { server: p.server, "mac-address": p.macAddress, address: p.address };
    if (p.comment !== undefined) values.comment = p.comment;
    const notes = isTrue(server.values.disabled) ? [`DHCP server ${p.server} is disabled: the lease is stored but not served`] : [];
    return { base: [server, lease, holder], ops: [{ op: "add", ref: lease.ref, values }], disruptsInterfaces: [], notes };
  },
};

const removeSchema = z.strictObject({ server: routerOsName, macAddress });

/** `dhcp-lease.remove`: removes the static `/ip/dhcp-server/lease` of a MAC on a server (never a dynamic one). */
export const leaseRemoveKind: ChangeKind<typeof removeSchema> = {
  info: kindInfo("dhcp-lease.remove"),
  schema: removeSchema,
  describe: (p) => `Remove the static lease of ${p.macAddress} on DHCP server ${p.server}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const server = await readExisting(ctx.client, serverRef(p.server), "server", `DHCP server ${p.server} does not exist on this router`);
    const lease = await readExisting(ctx.client, leaseRef(p.server, p.macAddress), "macAddress", `${p.macAddress} has no lease on ${p.server}`);
    if (isTrue(lease.values.dynamic)) {
      throw fieldError("macAddress", `the lease of ${p.macAddress} on ${p.server} is dynamic: only static leases are removed (a dynamic one expires by itself)`);
    }
    return {
      base: [server, lease],
      ops: [{ op: "remove", ref: lease.ref }],
      disruptsInterfaces: [],
      notes: [`${p.macAddress} will get an address from the pool of ${p.server} at its next renewal, not necessarily ${lease.values.address ?? "the same one"}`],
    };
  },
};
