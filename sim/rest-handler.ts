import { supportsFeature } from "../lib/routeros/version";
import { addRow, commandArgs, findRow, setRow } from "./crud";
import { badRequest, commandAsItem, notAcceptable, noSuchCommand, notEnoughPermissions, notFound } from "./errors";
import { bodyArgs, notifyMacsecChange, runCommand } from "./commands";
import { exportCommand } from "./files";
import { logRestWrite, syncEventLog } from "./router-log";
import { checkRemovable } from "./system-logging";
import { EXTRA_MENUS, INTERFACE_COUNTERS, MENUS, type MenuDef } from "./menus";
import { printMenu, printSingleton } from "./print";
import { compileGetFilters, parseProplist, project } from "./query";
import type { RouterState } from "./router-state";
import type { Row } from "./types";

/**
 * One `/rest` request against one router, with RouterOS verbs: GET = print (array) or one object,
 * PUT = add (returns the created row), PATCH = set (returns the row), DELETE = remove (204, empty
 * body; assumed, see sim/README.md), POST = any command (`print`, `set`, `monitor-traffic`...).
 */
export interface RestRequest {
  method: string;
  /** Path segments after `/rest` (`["interface","macvlan","*3"]`), URL-decoded. */
  segments: string[];
  query: URLSearchParams;
  /** Parsed JSON body for PUT/PATCH/POST (an object), undefined when empty. */
  body: Record<string, unknown> | undefined;
}

/** The reply: status, JSON body (undefined = empty body) and how long to wait before sending it. */
export interface RestReply {
  status: number;
  body: unknown;
  delayMs?: number;
}

/** True when the router's version (or board) has the menu at `menuPath`. */
function hasMenu(state: RouterState, menuPath: string): boolean {
  if (state.env.schemas.menu(state.version, menuPath)) return true;
  if (menuPath === "/system/routerboard") return !state.spec.board.chr;
  return menuPath in EXTRA_MENUS;
}

/** Splits segments into the longest existing menu path and what follows it. */
function resolveMenu(state: RouterState, segments: string[]): { menuPath: string; rest: string[] } {
  for (let i = segments.length; i > 0; i--) {
    const candidate = `/${segments.slice(0, i).join("/")}`;
    if (hasMenu(state, candidate)) return { menuPath: candidate, rest: segments.slice(i) };
  }
  throw noSuchCommand(segments[0] ?? "");
}

/** Fields computed at print time: a GET filter on them cannot be applied to stored rows first. */
const DYNAMIC_FIELDS = new Set([
  "running",
  "status",
  "actual-mtu",
  "max-l2mtu",
  "link-downs",
  "last-link-up-time",
  "last-link-down-time",
  ...INTERFACE_COUNTERS,
  "bytes",
  "packets",
  "uptime",
  "cpu-load",
  "free-memory",
  "time",
  "date",
]);

function menuDef(menuPath: string): MenuDef {
  const def = MENUS[menuPath];
  // A menu the schema lists but the simulator does not model (e.g. /system/backup).
  if (!def) throw badRequest(`simulator: menu ${menuPath} is not modelled`);
  return def;
}

function requireCommand(state: RouterState, menuPath: string, command: string): Record<string, string> {
  const args = commandArgs(state, menuPath, command);
  if (!args) throw notAcceptable(command);
  return args;
}

/** The printed form of one row (with dynamic fields), found by `.id` or name. */
function printedRow(state: RouterState, menuPath: string, def: MenuDef, idOrName: string, nowMs: number): Row {
  const row = findRow(state, def, idOrName);
  const isRow = (r: Row) => r[".id"] === row[".id"];
  // storedFilter prints only this row of a table menu; the find covers computed menus (sessions).
  const printed = printMenu(state, menuPath, def, { nowMs, storedFilter: isRow }).find(isRow);
  if (!printed) throw notFound();
  return printed;
}

/**
 * Fields shown only to a user whose group has the `sensitive` policy (docs/routeros.md): before 7.21
 * every reply to such a user shows them (a MACsec print shows `cak` in clear unless a `.proplist`
 * leaves it out); from 7.21 `print` takes `show-sensitive` (inspect dumps: `/interface/macsec` and
 * `/user`) and, assumed from that, replies hide them unless a POST `print` passes it: GET, `print`
 * without it, `print stats` and the rows PUT/PATCH return never show `cak`. Without the policy they
 * are never shown. Hidden = left out of the row (whether RouterOS omits or masks it is unverified;
 * clients treat a missing `cak` as unknown). Writing `cak` stays allowed (also assumed).
 */
const SENSITIVE_FIELDS = ["cak"];

function hideSensitive(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(hideSensitive);
  if (body === null || typeof body !== "object") return body;
  return Object.fromEntries(Object.entries(body as Row).filter(([k]) => !SENSITIVE_FIELDS.includes(k)));
}

/** Whether this request's reply may show sensitive fields (see SENSITIVE_FIELDS). */
function showsSensitive(state: RouterState, req: RestRequest): boolean {
  if (!state.spec.info.policies.includes("sensitive")) return false;
  if (!supportsFeature(state.version, "showSensitive")) return true;
  return req.method === "POST" && req.segments.at(-1) === "print" && req.body !== undefined && "show-sensitive" in req.body;
}

/** Handles one REST request as the router's REST user (see SENSITIVE_FIELDS); throws RestError for RouterOS error replies. */
export function handleRest(state: RouterState, req: RestRequest): RestReply {
  const command = req.method === "POST" ? req.segments.at(-1) : undefined;
  const writes = req.method === "PUT" || req.method === "PATCH" || req.method === "DELETE" || (command !== undefined && !READ_COMMANDS.has(command));
  if (writes || req.segments[0] === "log") syncEventLog(state, state.env.clock());
  const reply = route(state, req);
  logRestWrite(state, req.method, req.segments, state.env.clock());
  return showsSensitive(state, req) ? reply : { ...reply, body: hideSensitive(reply.body) };
}

/** True when `name` is a command of the menu in this router's version (`print`, `monitor`...). */
function isCommand(state: RouterState, menuPath: string, name: string): boolean {
  return commandArgs(state, menuPath, name) !== undefined;
}

/** Commands that only read: they need the `read` policy, every other command `write` (field reports of 7.23). */
const READ_COMMANDS = new Set(["print", "get", "monitor", "monitor-traffic", "read"]);

/**
 * Refuses a request whose policy the REST user's group lacks, with 500 `not enough permissions (9)`
 * (field reports of 7.23): GET and POST of a read command need `read`; PUT, PATCH, DELETE and POST of
 * any other command need `write`. `command` is the POST's command (undefined: nothing to check yet).
 */
function requirePolicy(state: RouterState, method: string, command: string | undefined): void {
  let policy: "read" | "write" | undefined;
  if (method === "GET") policy = "read";
  else if (method === "PUT" || method === "PATCH" || method === "DELETE") policy = "write";
  else if (method === "POST" && command !== undefined) policy = READ_COMMANDS.has(command) ? "read" : "write";
  if (policy !== undefined && !state.spec.info.policies.includes(policy)) throw notEnoughPermissions();
}

function route(state: RouterState, req: RestRequest): RestReply {
  const nowMs = state.env.clock();
  // The root `export` command (`/ (export)` in the schema; it writes a file, so it needs `write`: assumed).
  if (req.method === "POST" && req.segments.length === 1 && req.segments[0] === "export") {
    requirePolicy(state, "POST", "export");
    return exportCommand(state, req.body ?? {}, bodyArgs(req.body), nowMs);
  }
  const { menuPath, rest } = resolveMenu(state, req.segments);
  const [item, ...beyond] = rest;
  if (item !== undefined && beyond.length > 0) throw noSuchCommand(item);
  if (item !== undefined && !item.startsWith("*") && state.env.schemas.menuNames.has(item) && req.method !== "POST") {
    throw noSuchCommand(item);
  }
  const onItem = req.method === "GET" || req.method === "PATCH" || req.method === "DELETE";
  if (onItem && item !== undefined && !item.startsWith("*") && isCommand(state, menuPath, item)) throw commandAsItem();
  requirePolicy(state, req.method, item);
  const def = menuDef(menuPath);
  switch (req.method) {
    case "GET": {
      requireCommand(state, menuPath, "print");
      const proplist = parseProplist(req.query.get(".proplist") ?? undefined);
      if (def.kind === "singleton") {
        if (item !== undefined) throw noSuchCommand(item);
        return { status: 200, body: project(printSingleton(state, menuPath, nowMs), proplist) };
      }
      if (item !== undefined) return { status: 200, body: project(printedRow(state, menuPath, def, item, nowMs), proplist) };
      const filter = compileGetFilters(req.query);
      const onStoredFields = [...req.query.keys()].every((k) => k === ".proplist" || !DYNAMIC_FIELDS.has(k));
      const storedFilter = onStoredFields ? filter : undefined;
      const rows = printMenu(state, menuPath, def, { nowMs, storedFilter }).filter(filter);
      return { status: 200, body: rows.map((r) => project(r, proplist)) };
    }
    case "PUT": {
      if (item !== undefined || def.kind !== "table") throw notAcceptable("add");
      const allowed = requireCommand(state, menuPath, "add");
      const row = addRow(state, menuPath, def, allowed, bodyArgs(req.body));
      return { status: 200, body: printedRow(state, menuPath, def, row[".id"], nowMs) };
    }
    case "PATCH": {
      if (item === undefined || def.kind !== "table") throw notAcceptable("set");
      const allowed = requireCommand(state, menuPath, "set");
      const row = findRow(state, def, item);
      const args = bodyArgs(req.body);
      setRow(state, def, allowed, row, args);
      notifyMacsecChange(state, def, row, args, nowMs);
      return { status: 200, body: printedRow(state, menuPath, def, row[".id"], nowMs) };
    }
    case "DELETE": {
      if (item === undefined || def.kind !== "table") throw notAcceptable("remove");
      requireCommand(state, menuPath, "remove");
      const row = findRow(state, def, item);
      checkRemovable(def.store, row);
      state.remove(def.store, row[".id"]);
      return { status: 204, body: undefined };
    }
    case "POST": {
      if (item === undefined) throw noSuchCommand(menuPath.split("/").pop() ?? "");
      const allowed = commandArgs(state, menuPath, item);
      if (!allowed) throw noSuchCommand(item);
      return runCommand(state, { menuPath, def, command: item, allowed, body: req.body ?? {}, nowMs });
    }
    default:
      throw notAcceptable(req.method.toLowerCase());
  }
}
