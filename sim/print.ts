import { viewRows } from "./crud";
import { interfaceDynamics, macServerSessions, macsecStats, resourceDynamics, routerOsDateAndTime } from "./dynamics";
import { firewallCounters, isFirewallStore } from "./firewall-counters";
import type { MenuDef } from "./menus";
import type { RouterState } from "./router-state";
import type { Row } from "./types";

/**
 * Builds what a print returns for a menu at `nowMs`: stored rows merged with their dynamic fields
 * (counters, `running`, MACsec `status`, firewall rules' `packets` and `bytes`), projected to the menu's fields in RouterOS order.
 *
 * Configuration rows carry MACsec `cak`; whether a reply shows it is decided per request (the user's
 * `sensitive` policy and, from 7.21, `show-sensitive`: sim/rest-handler.ts). `print stats` rows hold
 * `name` and the counters only. Passwords (`/user`) are never printed.
 */
export interface PrintOptions {
  nowMs: number;
  /** `/interface/macsec print stats` (7.21+): statistics rows instead of configuration rows. */
  stats?: boolean;
  /** Applied to stored rows before dynamic fields are computed (only for filters on stored fields). */
  storedFilter?: (row: Row) => boolean;
}

function projectFields(row: Row, fields: readonly string[] | undefined): Row {
  if (!fields) return { ...row };
  const out: Row = {};
  if (row[".id"] !== undefined) out[".id"] = row[".id"];
  for (const f of fields) if (row[f] !== undefined) out[f] = row[f];
  return out;
}

/** Rows of a table menu (or the one row of a singleton, as a one-element array). */
export function printMenu(state: RouterState, menuPath: string, def: MenuDef, opts: PrintOptions): Row[] {
  if (def.kind === "sessions") return macServerSessions(state, opts.nowMs);
  if (def.kind === "singleton") return [printSingleton(state, menuPath, opts.nowMs)];
  const all = viewRows(state, def);
  const rows = opts.storedFilter ? all.filter(opts.storedFilter) : all;
  if (isFirewallStore(def.store)) return rows.map((r) => projectFields({ ...r, ...firewallCounters(state, def.store, r, opts.nowMs) }, def.fields));
  if (def.store !== "interface") return rows.map((r) => projectFields(r, def.fields));
  return rows.map((r) => {
    if (opts.stats) return { ".id": r[".id"], ...macsecStats(state, r, opts.nowMs) };
    return projectFields({ ...r, ...interfaceDynamics(state, r, opts.nowMs) }, def.fields);
  });
}

/** The singleton row of `/system/resource`, `/system/clock`, `/tool/mac-server`, ... with live values. */
export function printSingleton(state: RouterState, menuPath: string, nowMs: number): Row {
  const row = { ...state.single(menuPath) };
  if (menuPath === "/system/resource") {
    const d = resourceDynamics(state, nowMs);
    const { version, ...rest } = row;
    return { uptime: d.uptime, ...(version === undefined ? {} : { version }), ...rest, "free-memory": d["free-memory"], "cpu-load": d["cpu-load"] };
  }
  if (menuPath === "/system/clock") {
    const { date, time } = routerOsDateAndTime(nowMs, state.version);
    return { time, date, ...row };
  }
  return row;
}
