import "server-only";
import { z } from "zod";
import { cidrContains, cidrCovers, formatCidr, lastAddress, parseCidr, parseIp } from "../../net/ip";
import { hostIpv4Address, ipv4AddressList, ipv4Cidr, ipv4Network, routerOsComment } from "../../validation/routeros";
import type { ChangeKind } from "../kind";
import type { ChangePlan, ObjectRef } from "../types";
import { kindInfo } from "./catalog";
import { fieldError, isTrue, optionalParam, readExisting, readSnapshot } from "./shared";

/**
 * `/ip/dhcp-server/network` kinds keyed by `address` (the network with its prefix, `192.168.88.0/24`). A new
 * network's `gateway` must be a host of that network (checked with the params, before the router is read);
 * `dns-server` is an optional list. Overlaps with other DHCP networks and a gateway that is not one of the router's
 * own addresses are notes.
 */

/**
 * `/ip/dhcp-server/network` by address; `fields` are the writable fields every supported version prints (inspect
 * `add` of 7.9.2 … 7.24), which an undo of a remove re-creates.
 */
export function dhcpNetworkRef(address: string): ObjectRef {
  return {
    menu: "/ip/dhcp-server/network",
    key: { address },
    fields: [
      "gateway",
      "dns-server",
      "dns-none",
      "domain",
      "netmask",
      "ntp-server",
      "wins-server",
      "next-server",
      "boot-file-name",
      "caps-manager",
      "dhcp-option",
      "dhcp-option-set",
      "comment",
    ],
    displayFields: ["dynamic"],
    label: `/ip/dhcp-server/network ${address}`,
  };
}

const addSchema = z
  .strictObject({
    address: ipv4Network,
    gateway: hostIpv4Address,
    dnsServers: optionalParam(ipv4AddressList),
    comment: optionalParam(routerOsComment),
  })
  .superRefine((p, ctx) => {
    const net = parseCidr(p.address)?.cidr;
    const gw = parseIp(p.gateway);
    if (!net || !gw) return;
    const where = formatCidr(net);
    if (!cidrContains(net, gw)) ctx.addIssue({ code: "custom", path: ["gateway"], message: `gateway ${p.gateway} is outside the network ${where}` });
    else if (net.prefix <= 30 && (gw.value === net.network || gw.value === lastAddress(net))) {
      ctx.addIssue({
        code: "custom",
        path: ["gateway"],
        message: `gateway ${p.gateway} is the ${gw.value === net.network ? "network" : "broadcast"} address of ${where}`,
      });
    }
  });

/** `dhcp-network.add`: `/ip/dhcp-server/network add address gateway [dns-server] [comment]`. */
export const dhcpNetworkAddKind: ChangeKind<typeof addSchema> = {
  info: kindInfo("dhcp-network.add"),
  schema: addSchema,
  describe: (p) => `Add DHCP network ${p.address} (gateway ${p.gateway})`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await readSnapshot(ctx.client, dhcpNetworkRef(p.address), "address");
    if (target.values !== null) throw fieldError("address", `DHCP network ${p.address} already exists (gateway ${target.values.gateway ?? "none"})`);
    const net = parseCidr(p.address)?.cidr;
    const [networks, addresses] = await Promise.all([
      ctx.client.print("/ip/dhcp-server/network", { proplist: ["address"] }),
      ctx.client.print("/ip/address", { proplist: ["address", "interface", "disabled"] }),
    ]);
    const notes: string[] = [];
    for (const row of networks) {
      const other = row.address ? parseCidr(row.address)?.cidr : undefined;
      if (net && other && (cidrCovers(net, other) || cidrCovers(other, net))) {
        notes.push(
          `${p.address} overlaps DHCP network ${row.address ?? "?"}: which one a client's settings come from is up to RouterOS: keep DHCP networks apart`,
        );
      }
    }
    const own = addresses.filter((r) => !isTrue(r.disabled) && r.address !== undefined);
    const inside = own.filter((r) => {
      const ip = parseIp((r.address ?? "").split("/")[0] ?? "");
      return net !== undefined && ip !== null && cidrContains(net, ip);
    });
    if (inside.length === 0) notes.push(`no address of this router is in ${p.address}: only a server behind a DHCP relay can use this network`);
    else if (!own.some((r) => (r.address ?? "").split("/")[0] === p.gateway)) {
      notes.push(`gateway ${p.gateway} is not an address of this router (${inside.map((r) => `${r.address ?? "?"} on ${r.interface ?? "?"}`).join(", ")})`);
    }
    if (p.dnsServers === undefined) notes.push("no dns-server: clients get no DNS server from this network");
    const values: Record<string, string> = { address: p.address, gateway: p.gateway };
    if (p.dnsServers !== undefined) values["dns-server"] = p.dnsServers;
    if (p.comment !== undefined) values.comment = p.comment;
    return { base: [target], ops: [{ op: "add", ref: target.ref, values }], disruptsInterfaces: [], notes };
  },
};

const removeSchema = z.strictObject({ address: ipv4Cidr });

/** `dhcp-network.remove`: removes a static `/ip/dhcp-server/network` (its address as printed, e.g. `192.168.88.0/24`). */
export const dhcpNetworkRemoveKind: ChangeKind<typeof removeSchema> = {
  info: kindInfo("dhcp-network.remove"),
  schema: removeSchema,
  describe: (p) => `Remove DHCP network ${p.address}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await readExisting(ctx.client, dhcpNetworkRef(p.address), "address", `DHCP network ${p.address} does not exist on this router`);
    if (isTrue(target.values.dynamic)) throw fieldError("address", `DHCP network ${p.address} is dynamic (created by RouterOS): it cannot be removed`);
    const net = parseCidr(p.address)?.cidr;
    const [servers, addresses] = await Promise.all([
      ctx.client.print("/ip/dhcp-server", { proplist: ["name", "interface"] }),
      ctx.client.print("/ip/address", { proplist: ["address", "interface"] }),
    ]);
    const onNet = new Set(
      addresses.flatMap((r) => {
        const ip = parseIp((r.address ?? "").split("/")[0] ?? "");
        return net && ip && cidrContains(net, ip) ? [r.interface] : [];
      }),
    );
    const users = servers.filter((s) => onNet.has(s.interface)).map((s) => `${s.name ?? "?"} on ${s.interface ?? "?"}`);
    const notes = users.map((u) => `DHCP server ${u} serves this subnet: its clients get no gateway or DNS server from this entry any more`);
    return { base: [target], ops: [{ op: "remove", ref: target.ref }], disruptsInterfaces: [], notes };
  },
};
