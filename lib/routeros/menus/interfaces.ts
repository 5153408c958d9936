import { z } from "zod";
import { parseRouterOsDate, routerOsInt } from "../../validation/routeros";
import type { RouterOsClient } from "../client";
import { RouterOsBadResponseError } from "../errors";
import { counter, flag, optionalInt, parseRow, parseRows } from "./parse";

/** `/interface` `type` values this product filters on (RouterOS prints more types). */
export type RouterOsInterfaceType = "macvlan" | "macsec" | "ether" | "vlan" | "bridge";

/** Cumulative counters of one interface (`/interface` print). Bytes and packets since boot or reset. */
export interface InterfaceCounters {
  name: string;
  type: string;
  running: boolean;
  disabled: boolean;
  rxByte: bigint;
  txByte: bigint;
  rxPacket: bigint;
  txPacket: bigint;
  rxDrop: bigint;
  txDrop: bigint;
  rxError: bigint;
  txError: bigint;
  /** Times the link went down; 0 when RouterOS does not print it. */
  linkDowns: number;
  /** `last-link-up-time` as a UTC Date (router clock assumed UTC), or null when never up / absent. */
  lastLinkUpTime: Date | null;
}

/** Live rates of one interface from `monitor-traffic once`. */
export interface InterfaceTraffic {
  name: string;
  /** bits/s */
  rxBitsPerSecond: number;
  /** bits/s */
  txBitsPerSecond: number;
  /** packets/s */
  rxPacketsPerSecond: number;
  /** packets/s */
  txPacketsPerSecond: number;
}

const COUNTER_PROPLIST = [
  "name",
  "type",
  "running",
  "disabled",
  "rx-byte",
  "tx-byte",
  "rx-packet",
  "tx-packet",
  "rx-drop",
  "tx-drop",
  "rx-error",
  "tx-error",
  "link-downs",
  "last-link-up-time",
];

const counterSchema = z
  .object({
    name: z.string(),
    type: z.string(),
    running: flag,
    disabled: flag,
    "rx-byte": counter,
    "tx-byte": counter,
    "rx-packet": counter,
    "tx-packet": counter,
    "rx-drop": counter,
    "tx-drop": counter,
    "rx-error": counter,
    "tx-error": counter,
    "link-downs": optionalInt,
    "last-link-up-time": z.string().optional(),
  })
  .transform((r): InterfaceCounters => ({
    name: r.name,
    type: r.type,
    running: r.running,
    disabled: r.disabled,
    rxByte: r["rx-byte"],
    txByte: r["tx-byte"],
    rxPacket: r["rx-packet"],
    txPacket: r["tx-packet"],
    rxDrop: r["rx-drop"],
    txDrop: r["tx-drop"],
    rxError: r["rx-error"],
    txError: r["tx-error"],
    linkDowns: r["link-downs"] ?? 0,
    lastLinkUpTime: r["last-link-up-time"] ? parseRouterOsDate(r["last-link-up-time"]) : null,
  }));

/** A `monitor-traffic` rate: a safe integer (routerOsInt refuses a longer value rather than round it), at least 0. */
const rate = routerOsInt.refine((n) => n >= 0, "must be at least 0");

const trafficSchema = z
  .object({
    name: z.string(),
    "rx-bits-per-second": rate,
    "tx-bits-per-second": rate,
    "rx-packets-per-second": rate,
    "tx-packets-per-second": rate,
  })
  .transform((r): InterfaceTraffic => ({
    name: r.name,
    rxBitsPerSecond: r["rx-bits-per-second"],
    txBitsPerSecond: r["tx-bits-per-second"],
    rxPacketsPerSecond: r["rx-packets-per-second"],
    txPacketsPerSecond: r["tx-packets-per-second"],
  }));

/**
 * Lists interface counters with a `.proplist`: of one type (`GET /interface?type=<type>`), of several
 * types in one request (`POST /interface/print` with `.query: ["type=macvlan", "type=macsec", "#|"]`),
 * or of all types when `type` is omitted. Throws RouterOsError subclasses; RouterOsBadResponseError on
 * an unexpected shape.
 */
export async function listInterfaceCounters(
  client: RouterOsClient,
  type?: RouterOsInterfaceType | readonly RouterOsInterfaceType[],
): Promise<InterfaceCounters[]> {
  const types = type === undefined ? [] : typeof type === "string" ? [type] : type;
  // API query in RPN: each `type=` word after the first is OR-ed (`#|`) with the result so far.
  const query = types.flatMap((t, i) => (i === 0 ? [`type=${t}`] : [`type=${t}`, "#|"]));
  const [only] = types;
  const filter = types.length > 1 ? { query } : only !== undefined ? { where: { type: only } } : {};
  const rows = await client.print("/interface", { proplist: COUNTER_PROPLIST, ...filter });
  return parseRows(counterSchema, rows, "/interface");
}

/**
 * Current rates of one interface: `POST /interface/monitor-traffic {"interface":name,"once":""}`
 * (`once` is required, otherwise RouterOS streams until its 60 s cut). Retried like a read. Reads the row
 * whose `name` is `name` (a lone row without `name` is taken as that interface's). Rates are non-negative
 * safe integers: a rate beyond 2^53 - 1 is refused, never rounded.
 * Throws RouterOsApiError when the interface does not exist, RouterOsBadResponseError when no row of
 * that interface comes back or a rate is not a non-negative safe integer.
 */
export async function monitorTraffic(client: RouterOsClient, name: string): Promise<InterfaceTraffic> {
  const rows = await client.command("/interface", "monitor-traffic", { interface: name, once: "" }, { idempotent: true });
  const row = rows.find((r) => r.name === name) ?? (rows.length === 1 && rows[0]?.name === undefined ? rows[0] : undefined);
  if (!row) throw new RouterOsBadResponseError(`monitor-traffic returned no row for ${name}`);
  return parseRow(trafficSchema, { ...row, name }, "/interface/monitor-traffic");
}
