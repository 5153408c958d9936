import { z } from "zod";
import type { RouterOsClient } from "../client";
import { flag, id, parseRows, text } from "./parse";

/** One `/ip/address` entry. */
export interface IpAddress {
  id: string;
  /** CIDR as printed (`192.168.99.1/24`). */
  address: string;
  /** Network address (`192.168.99.0`); null when not printed. */
  network: string | null;
  interface: string;
  disabled: boolean;
  dynamic: boolean;
  /** True when RouterOS marks the address invalid (e.g. its interface is gone). */
  invalid: boolean;
  comment: string | null;
}

const addressSchema = z
  .object({
    ".id": id,
    address: z.string(),
    network: text,
    interface: z.string(),
    disabled: flag,
    dynamic: flag,
    invalid: flag,
    comment: text,
  })
  .transform((r): IpAddress => ({
    id: r[".id"],
    address: r.address,
    network: r.network,
    interface: r.interface,
    disabled: r.disabled,
    dynamic: r.dynamic,
    invalid: r.invalid,
    comment: r.comment,
  }));

/** Lists IPv4 addresses (`GET /ip/address`), optionally only those on `interface`. Throws RouterOsError subclasses. */
export async function listIpAddresses(client: RouterOsClient, iface?: string): Promise<IpAddress[]> {
  const rows = await client.print("/ip/address", {
    proplist: [".id", "address", "network", "interface", "disabled", "dynamic", "invalid", "comment"],
    ...(iface ? { where: { interface: iface } } : {}),
  });
  return parseRows(addressSchema, rows, "/ip/address");
}
