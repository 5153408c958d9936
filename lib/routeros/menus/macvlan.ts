import { z } from "zod";
import { macAddress } from "../../validation/routeros";
import type { RouterOsClient } from "../client";
import { flag, id, optionalInt, parseRows, text } from "./parse";

/** One `/interface/macvlan` entry (RouterOS 7.12+). */
export interface Macvlan {
  /** `.id` (`*1B`); not stable across reboots: key on `name` / `macAddress`. */
  id: string;
  name: string;
  /** Parent interface (`interface`). */
  parent: string;
  /** Upper-case colon MAC. */
  macAddress: string;
  /** `bridge` (default) or `private`; kept as printed if RouterOS adds modes. */
  mode: string;
  /** Bytes; null when not printed. */
  mtu: number | null;
  /** `arp` mode (`enabled`, `disabled`, `proxy-arp`, `reply-only`, ...); null when not printed. */
  arp: string | null;
  running: boolean;
  disabled: boolean;
  comment: string | null;
}

const PROPLIST = [".id", "name", "interface", "mac-address", "mode", "mtu", "arp", "running", "disabled", "comment"];

const macvlanSchema = z
  .object({
    ".id": id,
    name: z.string(),
    interface: z.string(),
    "mac-address": macAddress,
    mode: z.string().optional(),
    mtu: optionalInt,
    arp: text,
    running: flag,
    disabled: flag,
    comment: text,
  })
  .transform((r): Macvlan => ({
    id: r[".id"],
    name: r.name,
    parent: r.interface,
    macAddress: r["mac-address"],
    mode: r.mode ?? "bridge",
    mtu: r.mtu,
    arp: r.arp,
    running: r.running,
    disabled: r.disabled,
    comment: r.comment,
  }));

/**
 * Lists MACVLAN interfaces (`GET /interface/macvlan` with a `.proplist`). Only on RouterOS 7.12+
 * (check `supportsFeature(version, "macvlan")`; older versions answer with a RouterOsApiError).
 */
export async function listMacvlans(client: RouterOsClient): Promise<Macvlan[]> {
  const rows = await client.print("/interface/macvlan", { proplist: PROPLIST });
  return parseRows(macvlanSchema, rows, "/interface/macvlan");
}
