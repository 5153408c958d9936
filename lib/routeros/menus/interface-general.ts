import { z } from "zod";
import { macAddress } from "../../validation/routeros";
import type { RouterOsClient } from "../client";
import { flag, optionalInt, parseRows, text } from "./parse";

/** One row of the general `/interface` menu (any type): what the device page shows of a parent interface. */
export interface InterfaceGeneral {
  name: string;
  /** `ether`, `vlan`, `bridge`, `bond`, `macvlan`, ... as printed. */
  type: string;
  /** `mtu` as printed: bytes, or `auto` (bridges); null when not printed. */
  mtu: string | null;
  /** `actual-mtu` in bytes (what the interface uses, `auto` resolved); null when not printed. */
  actualMtu: number | null;
  /** `l2mtu` in bytes; null when not printed (tunnels). */
  l2mtu: number | null;
  /** Upper-case colon MAC; null when the interface has none (tunnels) or prints an empty one. */
  macAddress: string | null;
  running: boolean;
  disabled: boolean;
  comment: string | null;
}

const PROPLIST = ["name", "type", "mtu", "actual-mtu", "l2mtu", "mac-address", "running", "disabled", "comment"];

const generalSchema = z
  .object({
    name: z.string(),
    type: z.string(),
    mtu: text,
    "actual-mtu": optionalInt,
    l2mtu: optionalInt,
    "mac-address": z.union([z.literal(""), macAddress]).optional(),
    running: flag,
    disabled: flag,
    comment: text,
  })
  .transform((r): InterfaceGeneral => ({
    name: r.name,
    type: r.type,
    mtu: r.mtu,
    actualMtu: r["actual-mtu"],
    l2mtu: r.l2mtu,
    macAddress: r["mac-address"] ? r["mac-address"] : null,
    running: r.running,
    disabled: r.disabled,
    comment: r.comment,
  }));

/**
 * Lists `/interface` rows named `names` (any type), in print order, with a `.proplist`: `GET ?name=` for one
 * name, `POST /interface/print` with the API query `name=a name=b #|` for several; no request for none. Names
 * that do not exist are simply absent. Throws RouterOsError subclasses; RouterOsBadResponseError on an
 * unexpected shape.
 */
export async function listInterfacesNamed(client: RouterOsClient, names: readonly string[]): Promise<InterfaceGeneral[]> {
  const unique = [...new Set(names)];
  const [only] = unique;
  if (only === undefined) return [];
  // API query in RPN: each `name=` word after the first is OR-ed (`#|`) with the result so far.
  const filter = unique.length === 1 ? { where: { name: only } } : { query: unique.flatMap((n, i) => (i === 0 ? [`name=${n}`] : [`name=${n}`, "#|"])) };
  const rows = await client.print("/interface", { proplist: PROPLIST, ...filter });
  return parseRows(generalSchema, rows, "/interface");
}
