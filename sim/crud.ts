import { formatRouterOsDuration, normaliseMac, parseRouterOsDuration } from "../lib/validation/routeros";
import { badRequest, invalidValue, noMatch, notFound, unknownParameter } from "./errors";
import { EXTRA_MENUS, type MenuDef, type RefKind } from "./menus";
import { isFirewallStore } from "./firewall-counters";
import { checkLoggingRule, LOGGING_STORE } from "./system-logging";
import type { RouterState } from "./router-state";
import { isValidArgument, type CommandArgs } from "./schema";
import type { Row, StoredRow } from "./types";

/**
 * Add / set / remove / find on a router's tables with RouterOS semantics: arguments are checked
 * against the version's schema (`unknown parameter x`, `invalid value for argument x`), references
 * must name existing objects (`input does not match any value of x`), duplicates are refused
 * (`failure: already have ...`), read-only fields cannot be set because the schema's `set` lacks them.
 */

/** The arguments of `command` on `menuPath` in this router's version, or undefined if it lacks it. */
export function commandArgs(state: RouterState, menuPath: string, command: string): CommandArgs | undefined {
  const menu = state.env.schemas.menu(state.version, menuPath) ?? EXTRA_MENUS[menuPath];
  return menu !== undefined && Object.hasOwn(menu, command) ? menu[command] : undefined;
}

/** Arguments of every command that only steer the REST layer and are never stored. */
const REST_ONLY = new Set([".id", ".proplist", ".query"]);

/**
 * Throws RouterOS's 400 for the first argument the command does not take or whose value does not
 * match its inspect type. `args` are the request's arguments (all strings).
 */
export function validateArgs(allowed: CommandArgs, args: Row): void {
  for (const [name, value] of Object.entries(args)) {
    if (REST_ONLY.has(name)) continue;
    const type = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (type === undefined) throw unknownParameter(name);
    if (!isValidArgument(name, type, value)) throw invalidValue(name);
  }
}

/** The rows a menu shows (interface views filter the shared store by `type`). */
export function viewRows(state: RouterState, def: MenuDef): StoredRow[] {
  const rows = state.rows(def.store);
  return def.ifaceType ? rows.filter((r) => r.type === def.ifaceType) : rows;
}

/** Finds a row by `.id` (`*1A`) or by `name`; throws 404 `Not Found` when absent. */
export function findRow(state: RouterState, def: MenuDef, idOrName: string): StoredRow {
  const rows = viewRows(state, def);
  const wanted = idOrName.startsWith("*") ? idOrName.toUpperCase() : idOrName;
  const row = rows.find((r) => r[".id"] === wanted) ?? rows.find((r) => r.name !== undefined && r.name === idOrName);
  if (!row) throw notFound();
  return row;
}

function refExists(state: RouterState, kind: RefKind, value: string): boolean {
  switch (kind) {
    case "interface":
      return state.findInterface(value) !== undefined;
    case "interface-list":
      return state.names("/interface/list").includes(value);
    case "macsec-profile":
      return state.names("/interface/macsec/profile").includes(value);
    case "pool":
      return value === "static-only" || state.names("/ip/pool").includes(value);
    case "dhcp-server":
      return value === "all" || state.names("/ip/dhcp-server").includes(value);
    case "logging-action":
      return state.names("/system/logging/action").includes(value);
  }
}

function checkRefs(state: RouterState, def: MenuDef, args: Row): void {
  for (const [arg, kind] of Object.entries(def.refs ?? {})) {
    const raw = args[arg];
    if (raw === undefined || raw === "") continue;
    const value = raw.startsWith("!") ? raw.slice(1) : raw;
    if (!refExists(state, kind, value)) throw noMatch(arg);
  }
}

/**
 * Boolean (`yes | no`) arguments of the served menus, which RouterOS v7 prints back as `true`/`false`.
 * Inspect types them `""`, so the list follows the RouterOS manuals; enums that merely include `yes`/`no`
 * (dhcp-server `authoritative`, `use-radius`) keep their value.
 */
const BOOLEAN_ARGS = new Set([
  "disabled",
  "enabled",
  "use-service-tag",
  "mvrp",
  "auto-negotiation",
  "disable-running-check",
  "auto-mac",
  "fast-forward",
  "igmp-snooping",
  "vlan-filtering",
  "dhcp-snooping",
  "add-dhcp-option82",
  "ingress-filtering",
  "time-zone-autodetect",
  "log",
  "add-arp",
  "always-broadcast",
  "conflict-detection",
  "block-access",
  "use-src-mac",
  "dns-none",
  "ntp-none",
]);

/**
 * A time-interval argument as RouterOS v7 prints it (`1d 00:00:00` → `1d`, `90m` → `1h30m`; docs/routeros.md):
 * whole seconds in the `1w2d3h4m5s` form; a value with a fraction of a second is kept as written.
 */
function printedDuration(type: string | undefined, value: string): string {
  if (type === undefined || !/time interval\)?$/.test(type)) return value;
  const seconds = parseRouterOsDuration(value);
  return seconds !== null && Number.isInteger(seconds) ? formatRouterOsDuration(seconds) : value;
}

/** RouterOS prints booleans as `true`/`false`, MACs upper-case with colons and time intervals in its own form. */
function normalise(args: Row, allowed: CommandArgs): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(args)) {
    if (REST_ONLY.has(k) || k === "numbers" || k === "copy-from" || k === "place-before") continue;
    if (BOOLEAN_ARGS.has(k) && (v === "yes" || v === "no")) out[k] = v === "yes" ? "true" : "false";
    else if (k === "mac-address" || k === "admin-mac") out[k] = normaliseMac(v);
    else out[k] = printedDuration(Object.hasOwn(allowed, k) ? allowed[k] : undefined, v);
  }
  return out;
}

/** Drops fields holding the value RouterOS leaves out of a print (MenuDef.absentMeans). */
function dropAbsent(def: MenuDef, values: Row): Row {
  const out = { ...values };
  for (const [field, value] of Object.entries(def.absentMeans ?? {})) if (out[field] === value) delete out[field];
  return out;
}

function checkUnique(def: MenuDef, rows: Row[], candidate: Row, selfId?: string): void {
  const valueOf = (r: Row, f: string) => r[f] ?? def.absentMeans?.[f];
  for (const rule of def.unique ?? []) {
    const clash = rows.find(
      (r) => r[".id"] !== selfId && rule.fields.every((f) => valueOf(candidate, f) !== undefined && valueOf(r, f) === valueOf(candidate, f)),
    );
    if (clash) throw badRequest(rule.detail);
  }
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** `/ip/address` `network` from `address` (`192.168.99.1/24` → `192.168.99.0`). */
function networkOf(cidr: string): string {
  const [ip = "", maskText] = cidr.split("/");
  const bits = Number(maskText ?? 32);
  const size = 2 ** (32 - bits);
  return intToIpv4(Math.floor(ipv4ToInt(ip) / size) * size);
}

/**
 * Checks that apply after merging (MTU within the parent's, addresses with a prefix). `/ip/address` `network` is
 * derived from `address` unless the request gives it (a point-to-point /32 names its peer: `address=10.0.0.1/32
 * network=10.0.0.2`, IP Addressing manual) or only other fields change.
 */
function checkSemantics(state: RouterState, def: MenuDef, row: Row, args: Row): void {
  if (def.ifaceType === "macvlan" || def.ifaceType === "vlan") {
    const parent = state.findInterface(row.interface ?? "");
    if (parent && Number(row.mtu) > Number(parent.mtu === "auto" ? 1500 : parent.mtu)) {
      // Assumed wording: RouterOS refuses a child MTU above the parent's; the exact text is unverified.
      throw badRequest("failure: mtu can not be greater than parent interface mtu");
    }
  }
  if (def.store === LOGGING_STORE) checkLoggingRule(row);
  if (def.store === "/ip/address" && row.address && !row.address.includes("/")) row.address = `${row.address}/32`;
  if (def.store === "/ip/address" && row.address) {
    if (args.network === undefined && (args.address !== undefined || row.network === undefined)) row.network = networkOf(row.address);
    if (row.interface !== undefined) row["actual-interface"] = row.interface;
  }
}

/**
 * PUT (add): validates against the version's `add` arguments, fills defaults and an automatic name,
 * refuses duplicates; `place-before` (firewall) inserts before that `.id`. Returns the new row.
 */
export function addRow(state: RouterState, menuPath: string, def: MenuDef, allowed: CommandArgs, args: Row): StoredRow {
  validateArgs(allowed, args);
  for (const req of def.required ?? []) {
    if (args[req] === undefined || args[req] === "") throw badRequest(`failure: ${req} not specified`);
  }
  checkRefs(state, def, args);
  const ctx = {
    findInterface: (name: string) => state.findInterface(name),
    nextName: (prefix: string) => state.nextName(prefix),
    randomMac: () => state.rng.mac(),
    randomHex: (bytes: number) => state.rng.hex(bytes),
    takes: (arg: string) => arg in allowed,
    version: state.version,
  };
  const values = dropAbsent(def, { ...(def.defaults?.(ctx, args) ?? {}), ...normalise(args, allowed) });
  if (def.ifaceType) values.type = def.ifaceType;
  if (def.autoName && !values.name) values.name = state.nextName(def.autoName, def.store);
  checkSemantics(state, def, values, args);
  checkUnique(def, state.rows(def.store), values);
  let index: number | undefined;
  const placeBefore = args["place-before"];
  if (placeBefore) {
    const wanted = placeBefore.toUpperCase();
    index = state.rows(def.store).findIndex((r) => r[".id"] === wanted);
    if (index < 0) throw noMatch("place-before");
  }
  const row = state.insert(def.store, ordered(values, def), index);
  if (def.store === "interface" || isFirewallStore(def.store)) state.createdAt.set(row[".id"], state.env.clock());
  return row;
}

function ordered(values: Row, def: MenuDef): Row {
  if (!def.fields) return values;
  const out: Row = {};
  if (values.type) out.type = values.type;
  for (const f of def.fields) if (values[f] !== undefined) out[f] = values[f];
  for (const [k, v] of Object.entries(values)) if (out[k] === undefined) out[k] = v;
  return out;
}

/** PATCH / `set`: validates against `set`, checks references and duplicates, updates in place. */
export function setRow(state: RouterState, def: MenuDef, allowed: CommandArgs, row: Row, args: Row): Row {
  validateArgs(allowed, args);
  checkRefs(state, def, args);
  const merged = dropAbsent(def, { ...row, ...normalise(args, allowed) });
  checkSemantics(state, def, merged, args);
  if (def.kind === "table") checkUnique(def, state.rows(def.store), merged, row[".id"]);
  const oldName = row.name;
  for (const field of Object.keys(row)) if (!(field in merged)) delete row[field];
  Object.assign(row, merged);
  const newName = row.name;
  if (def.store === "interface" && oldName !== undefined && newName !== undefined && newName !== oldName) renameInterface(state, oldName, newName);
  return row;
}

/** RouterOS follows interface renames in every reference (lists, addresses, servers, children). */
function renameInterface(state: RouterState, from: string, to: string): void {
  const stores = ["interface", "/interface/list/member", "/ip/address", "/ip/dhcp-server", "/ip/firewall/filter", "/ip/firewall/nat"];
  for (const store of stores) {
    for (const r of state.rows(store)) {
      for (const field of ["interface", "actual-interface", "in-interface", "out-interface"]) {
        if (r[field] === from) r[field] = to;
      }
    }
  }
}

/** `move` (firewall): moves `numbers` before `destination` (or to the end when absent). */
export function moveRow(state: RouterState, def: MenuDef, numbers: string, destination?: string): void {
  const rows = state.rows(def.store);
  const row = findRow(state, def, numbers);
  const dest = destination ? rows.find((r) => r[".id"] === destination.toUpperCase()) : undefined;
  if (destination && !dest) throw noMatch("destination");
  rows.splice(rows.indexOf(row), 1);
  if (dest) rows.splice(rows.indexOf(dest), 0, row);
  else rows.push(row);
}
