import { z } from "zod";
import { routerOsInt } from "../../validation/routeros";
import type { RouterOsClient } from "../client";
import { RouterOsBadResponseError } from "../errors";
import type { RouterOsRow } from "../rows";
import { MACSEC_STATS_PROPLIST, mapMacsecCounters, type MacsecCounters } from "./macsec-counters";
import { flag, id, optionalInt, parseRows, text } from "./parse";

/**
 * `/interface/macsec` readers. The CAK is never requested (every print, `print stats` included, carries
 * a `.proplist` without `cak`), never returned and never logged.
 */

/** One `/interface/macsec` entry, without its CAK. */
export interface Macsec {
  /** `.id`; not stable across reboots: key on `name`. */
  id: string;
  name: string;
  /** Parent interface (`interface`). */
  parent: string;
  /** Connectivity Association Key Name, lower-case hex; null when not printed. */
  ckn: string | null;
  /** MACsec profile name; null when not printed. */
  profile: string | null;
  /** Bytes (RouterOS default 1468); null when not printed. */
  mtu: number | null;
  /** `disabled`, `initializing`, `invalid`, `negotiating` or `open-encrypted` (healthy); null when absent. */
  status: string | null;
  running: boolean;
  disabled: boolean;
  comment: string | null;
}

/** One `/interface/macsec/profile` entry. */
export interface MacsecProfile {
  id: string;
  name: string;
  /** Key server priority 0-255 (lower wins; default 10); null when not printed. */
  serverPriority: number | null;
  /** Cipher suites (7.23+), or null when RouterOS does not print `ciphers`. */
  ciphers: string[] | null;
}

/** MACsec statistics of one interface (`print stats`, RouterOS 7.21+), keyed by IEEE 802.1AE name. */
export interface MacsecStats {
  name: string;
  counters: MacsecCounters;
}

const PROPLIST = [".id", "name", "interface", "ckn", "profile", "mtu", "status", "running", "disabled", "comment"];

const macsecSchema = z
  .object({
    ".id": id,
    name: z.string(),
    interface: z.string(),
    ckn: text,
    profile: text,
    mtu: optionalInt,
    status: text,
    running: flag,
    disabled: flag,
    comment: text,
  })
  .transform((r): Macsec => ({
    id: r[".id"],
    name: r.name,
    parent: r.interface,
    ckn: r.ckn === null ? null : r.ckn.toLowerCase(),
    profile: r.profile,
    mtu: r.mtu,
    status: r.status,
    running: r.running,
    disabled: r.disabled,
    comment: r.comment,
  }));

const profileSchema = z
  .object({
    ".id": id,
    name: z.string(),
    "server-priority": routerOsInt.optional(),
    ciphers: z.string().optional(),
  })
  .transform((r): MacsecProfile => ({
    id: r[".id"],
    name: r.name,
    serverPriority: r["server-priority"] ?? null,
    ciphers: r.ciphers === undefined ? null : r.ciphers.split(",").filter((c) => c !== ""),
  }));

/** Drops `cak` from a raw row before anything else sees it. */
function withoutCak(row: RouterOsRow): RouterOsRow {
  const { cak: _cak, ...rest } = row;
  return rest;
}

/** Lists MACsec interfaces with a `.proplist` that leaves out `cak`. Throws RouterOsError subclasses. */
export async function listMacsec(client: RouterOsClient): Promise<Macsec[]> {
  const rows = await client.print("/interface/macsec", { proplist: PROPLIST });
  return parseRows(macsecSchema, rows.map(withoutCak), "/interface/macsec");
}

/**
 * Lists MACsec profiles (`GET /interface/macsec/profile`, no `.proplist`: `ciphers` exists only from
 * 7.23 and profiles hold no secrets).
 */
export async function listMacsecProfiles(client: RouterOsClient): Promise<MacsecProfile[]> {
  const rows = await client.print("/interface/macsec/profile");
  return parseRows(profileSchema, rows, "/interface/macsec/profile");
}

/**
 * MACsec statistics per interface: `POST /interface/macsec/print {"stats":"",".proplist":[name, 29
 * counters]}` (RouterOS 7.21+; check `supportsFeature(version, "macsecStats")`, older versions answer
 * with a RouterOsApiError). Field names as real RouterOS prints them (`rx-sc-ok`, ...; see
 * macsec-counters.ts), mapped to IEEE 802.1AE names. `cak` is never asked for, and of each row only
 * `name` and the counters are kept.
 * @throws RouterOsError from the client; RouterOsBadResponseError for a row without `name`
 */
export async function listMacsecStats(client: RouterOsClient): Promise<MacsecStats[]> {
  const rows = await client.print("/interface/macsec", { args: { stats: "" }, proplist: [...MACSEC_STATS_PROPLIST] });
  return rows.map((row, index) => {
    if (!row.name) throw new RouterOsBadResponseError(`/interface/macsec print stats record #${index} has no name`);
    return { name: row.name, counters: mapMacsecCounters(row) };
  });
}
