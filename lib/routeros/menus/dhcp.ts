import { z } from "zod";
import { macAddress, parseRouterOsDuration } from "../../validation/routeros";
import type { RouterOsClient } from "../client";
import { flag, id, parseRows, text } from "./parse";

/** One `/ip/dhcp-server` entry. */
export interface DhcpServer {
  id: string;
  name: string;
  interface: string;
  /** `address-pool` name (`static-only` when leases are only static); null when not printed. */
  addressPool: string | null;
  /** `lease-time` in seconds; null when not printed. */
  leaseTimeSec: number | null;
  disabled: boolean;
  invalid: boolean;
}

/** One `/ip/dhcp-server/lease` entry; a static lease pins `address` to `macAddress`. */
export interface DhcpLease {
  id: string;
  address: string | null;
  /** Upper-case colon MAC; null for client-id-only leases. */
  macAddress: string | null;
  /** DHCP server name (`all` when not bound to one); null when not printed. */
  server: string | null;
  comment: string | null;
  disabled: boolean;
  /** `bound`, `waiting`, `offered`, `busy`, ...; null when not printed. */
  status: string | null;
  /** True for dynamic (not static) leases. */
  dynamic: boolean;
  activeAddress: string | null;
  hostName: string | null;
  /** Seconds since the client was last seen; null for `never` or when not printed. */
  lastSeenSec: number | null;
  /** Seconds until a bound lease expires (`expires-after`); null when not printed (static leases not bound). */
  expiresAfterSec: number | null;
}

/** One `/ip/dhcp-server/network` entry. */
export interface DhcpNetwork {
  id: string;
  /** CIDR (`192.168.99.0/24`). */
  address: string;
  gateway: string | null;
  /** Comma-separated in RouterOS; split here. */
  dnsServers: string[];
  comment: string | null;
}

/** One `/ip/pool` entry. */
export interface IpPool {
  id: string;
  name: string;
  /** Ranges as printed (`192.168.99.10-192.168.99.254`), split on commas. */
  ranges: string[];
  comment: string | null;
}

const durationOrNull = z
  .string()
  .optional()
  .transform((v) => (v === undefined ? null : parseRouterOsDuration(v)));

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").filter((s) => s !== "") : []));

const serverSchema = z
  .object({
    ".id": id,
    name: z.string(),
    interface: z.string(),
    "address-pool": text,
    "lease-time": durationOrNull,
    disabled: flag,
    invalid: flag,
  })
  .transform((r): DhcpServer => ({
    id: r[".id"],
    name: r.name,
    interface: r.interface,
    addressPool: r["address-pool"],
    leaseTimeSec: r["lease-time"],
    disabled: r.disabled,
    invalid: r.invalid,
  }));

const leaseSchema = z
  .object({
    ".id": id,
    address: text,
    "mac-address": macAddress.optional(),
    server: text,
    comment: text,
    disabled: flag,
    status: text,
    dynamic: flag,
    "active-address": text,
    "host-name": text,
    "last-seen": durationOrNull,
    "expires-after": durationOrNull,
  })
  .transform((r): DhcpLease => ({
    id: r[".id"],
    address: r.address,
    macAddress: r["mac-address"] ?? null,
    server: r.server,
    comment: r.comment,
    disabled: r.disabled,
    status: r.status,
    dynamic: r.dynamic,
    activeAddress: r["active-address"],
    hostName: r["host-name"],
    lastSeenSec: r["last-seen"],
    expiresAfterSec: r["expires-after"],
  }));

const networkSchema = z
  .object({ ".id": id, address: z.string(), gateway: text, "dns-server": list, comment: text })
  .transform((r): DhcpNetwork => ({ id: r[".id"], address: r.address, gateway: r.gateway, dnsServers: r["dns-server"], comment: r.comment }));

const poolSchema = z
  .object({ ".id": id, name: z.string(), ranges: list, comment: text })
  .transform((r): IpPool => ({ id: r[".id"], name: r.name, ranges: r.ranges, comment: r.comment }));

/** Lists DHCP servers (`GET /ip/dhcp-server`). Throws RouterOsError subclasses. */
export async function listDhcpServers(client: RouterOsClient): Promise<DhcpServer[]> {
  const rows = await client.print("/ip/dhcp-server", {
    proplist: [".id", "name", "interface", "address-pool", "lease-time", "disabled", "invalid"],
  });
  return parseRows(serverSchema, rows, "/ip/dhcp-server");
}

/** Lists DHCP leases (`GET /ip/dhcp-server/lease`), optionally only those of DHCP server `server`. */
export async function listDhcpLeases(client: RouterOsClient, server?: string): Promise<DhcpLease[]> {
  const rows = await client.print("/ip/dhcp-server/lease", {
    proplist: [
      ".id",
      "address",
      "mac-address",
      "server",
      "comment",
      "disabled",
      "status",
      "dynamic",
      "active-address",
      "host-name",
      "last-seen",
      "expires-after",
    ],
    ...(server ? { where: { server } } : {}),
  });
  return parseRows(leaseSchema, rows, "/ip/dhcp-server/lease");
}

/** Lists DHCP networks (`GET /ip/dhcp-server/network`). */
export async function listDhcpNetworks(client: RouterOsClient): Promise<DhcpNetwork[]> {
  const rows = await client.print("/ip/dhcp-server/network", { proplist: [".id", "address", "gateway", "dns-server", "comment"] });
  return parseRows(networkSchema, rows, "/ip/dhcp-server/network");
}

/** Lists IP pools (`GET /ip/pool`). */
export async function listIpPools(client: RouterOsClient): Promise<IpPool[]> {
  const rows = await client.print("/ip/pool", { proplist: [".id", "name", "ranges", "comment"] });
  return parseRows(poolSchema, rows, "/ip/pool");
}
