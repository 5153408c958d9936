import { parseRouterOsDuration } from "../lib/validation/routeros";
import { addRow, findRow, moveRow, setRow, validateArgs } from "./crud";
import { macsecState, nameField, ratesOf, resourceDynamics } from "./dynamics";
import { badRequest, noMatch } from "./errors";
import { readFileCommand } from "./files";
import type { MenuDef } from "./menus";
import { printMenu, printSingleton } from "./print";
import { compileQuery, parseProplist, project } from "./query";
import type { RestReply } from "./rest-handler";
import type { RouterState } from "./router-state";
import type { CommandArgs } from "./schema";
import { checkRemovable } from "./system-logging";
import type { Row, StoredRow } from "./types";

/**
 * `POST /rest/<menu>/<command>`: print (`.proplist`, `.query`, `stats`; `show-sensitive` is accepted
 * and changes nothing: the sim's REST user has the `sensitive` policy, so `cak` is always printed
 * unless `.proplist` leaves it out), set (on singletons and by `numbers`), add (replies `{"ret":"*ID"}`), remove / enable / disable / comment,
 * move, get, and the monitors: `/interface/monitor-traffic`, `/interface/macsec/monitor` (7.23+),
 * `/system/resource/monitor`. Monitors need `once` or `duration`; without them RouterOS streams
 * until its 60 s request cut and then answers 400 `Session closed`: the sim answers the same after
 * `monitorCutMs` (default 5 s, configurable in startSimulator).
 */
export interface CommandContext {
  menuPath: string;
  def: MenuDef;
  command: string;
  allowed: CommandArgs;
  body: Record<string, unknown>;
  nowMs: number;
}

/** Request body values as RouterOS argument strings (`.proplist`/`.query` are handled apart). */
export function bodyArgs(body: Record<string, unknown> | undefined): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(body ?? {})) {
    if (k === ".proplist" || k === ".query") continue;
    if (v !== null && typeof v === "object") throw badRequest(`invalid value for argument ${k}`);
    out[k] = v === true ? "yes" : v === false ? "no" : v === null || v === undefined ? "" : String(v);
  }
  return out;
}

/** Records a MACsec key/profile change: the interface renegotiates from now on. */
export function notifyMacsecChange(state: RouterState, def: MenuDef, row: Row, args: Row, nowMs: number): void {
  if (def.ifaceType === "macsec" && row.name !== undefined && ["cak", "ckn", "profile", "disabled"].some((k) => k in args)) {
    state.macsecRekeyAt.set(row.name, nowMs);
  }
}

function ok(body: unknown = []): RestReply {
  return { status: 200, body };
}

function targets(state: RouterState, def: MenuDef, numbers: string | undefined): StoredRow[] {
  if (!numbers) throw badRequest("failure: numbers not specified");
  return numbers.split(",").map((n) => findRow(state, def, n.trim()));
}

function queryWords(body: Record<string, unknown>): string[] {
  const q = body[".query"];
  if (q === undefined) return [];
  if (!Array.isArray(q) || !q.every((w) => typeof w === "string")) throw badRequest("invalid value for argument .query");
  return q;
}

function print(state: RouterState, ctx: CommandContext, args: Row): RestReply {
  const proplist = parseProplist(ctx.body[".proplist"] ?? args.proplist);
  const where = compileQuery(queryWords(ctx.body));
  const stats = "stats" in args && ctx.def.ifaceType === "macsec";
  const rows = printMenu(state, ctx.menuPath, ctx.def, { nowMs: ctx.nowMs, stats });
  return ok(rows.filter(where).map((r) => project(r, proplist)));
}

/** How long a monitor runs and which instants it samples (ms); null = no once/duration. */
function monitorPlan(args: Row, nowMs: number, cutMs: number): { delayMs: number; times: number[] } | null {
  if ("once" in args) return { delayMs: 0, times: [nowMs] };
  if (args.duration === undefined) return null;
  const durationS = parseRouterOsDuration(args.duration) ?? 0;
  const intervalS = args.interval ? (parseRouterOsDuration(args.interval) ?? 1) : 1;
  const n = Math.max(1, Math.floor(durationS / Math.max(intervalS, 0.02)));
  return {
    delayMs: Math.min(durationS * 1000, cutMs),
    times: Array.from({ length: Math.min(n, 600) }, (_, i) => nowMs + i * intervalS * 1000),
  };
}

function monitor(state: RouterState, ctx: CommandContext, args: Row, sample: (t: number) => Row[]): RestReply {
  const cutMs = state.env.monitorCutMs;
  const plan = monitorPlan(args, ctx.nowMs, cutMs);
  if (!plan) return { status: 400, body: { error: 400, message: "Bad Request", detail: "Session closed" }, delayMs: cutMs };
  const proplist = parseProplist(ctx.body[".proplist"] ?? args.proplist);
  return { status: 200, body: plan.times.flatMap(sample).map((r) => project(r, proplist)), delayMs: plan.delayMs };
}

function monitorTraffic(state: RouterState, ctx: CommandContext, args: Row): RestReply {
  if (!args.interface) throw badRequest("failure: interface not specified");
  const rows = args.interface.split(",").map((name) => {
    const row = state.findInterface(name.trim());
    if (!row) throw noMatch("interface");
    return row;
  });
  return monitor(state, ctx, args, (t) => rows.map((r) => ratesOf(state, r, t)));
}

/** `/interface/macsec/monitor` fields are undocumented: the sim answers `name`, `status`, `peers` (assumed). */
function monitorMacsec(state: RouterState, ctx: CommandContext, args: Row): RestReply {
  const rows = targets(state, ctx.def, args.numbers);
  return monitor(state, ctx, args, (t) =>
    rows.map((r) => {
      const s = macsecState(state, r, t).status;
      return { ...nameField(r), status: s, peers: s === "open-encrypted" ? "1" : "0" };
    }),
  );
}

function setCommand(state: RouterState, ctx: CommandContext, args: Row): RestReply {
  if (ctx.def.kind === "singleton") {
    setRow(state, ctx.def, ctx.allowed, state.single(ctx.menuPath), args);
    return ok();
  }
  const { numbers, ...rest } = args;
  validateArgs(ctx.allowed, args);
  for (const row of targets(state, ctx.def, numbers)) {
    setRow(state, ctx.def, ctx.allowed, row, rest);
    notifyMacsecChange(state, ctx.def, row, rest, ctx.nowMs);
  }
  return ok();
}

/** Runs one command; throws RestError for RouterOS error replies. */
export function runCommand(state: RouterState, ctx: CommandContext): RestReply {
  const args = bodyArgs(ctx.body);
  if (ctx.command !== "print") validateArgs(ctx.allowed, args);
  switch (ctx.command) {
    case "print":
      validateArgs(ctx.allowed, Object.fromEntries(Object.entries(args).filter(([k]) => k !== "proplist")));
      return print(state, ctx, args);
    case "set":
      return setCommand(state, ctx, args);
    case "add": {
      if (ctx.def.kind !== "table") break;
      const row = addRow(state, ctx.menuPath, ctx.def, ctx.allowed, args);
      return ok({ ret: row[".id"] });
    }
    case "remove": {
      const rows = targets(state, ctx.def, args.numbers);
      for (const row of rows) checkRemovable(ctx.def.store, row);
      for (const row of rows) state.remove(ctx.def.store, row[".id"]);
      return ok();
    }
    case "enable":
    case "disable":
      for (const row of targets(state, ctx.def, args.numbers)) {
        row.disabled = String(ctx.command === "disable");
        notifyMacsecChange(state, ctx.def, row, { disabled: row.disabled }, ctx.nowMs);
      }
      return ok();
    case "comment":
      for (const row of targets(state, ctx.def, args.numbers)) row.comment = args.comment ?? "";
      return ok();
    case "move":
      moveRow(state, ctx.def, args.numbers ?? "", args.destination);
      return ok();
    case "get": {
      const row = ctx.def.kind === "singleton" ? printSingleton(state, ctx.menuPath, ctx.nowMs) : findRow(state, ctx.def, args.number ?? "");
      const value = row[args["value-name"] ?? ""];
      if (value === undefined) throw noMatch("value-name");
      return ok({ ret: value });
    }
    case "monitor-traffic":
      return monitorTraffic(state, ctx, args);
    case "read":
      if (ctx.menuPath === "/file") return readFileCommand(state, args);
      break;
    case "monitor":
      if (ctx.def.ifaceType === "macsec") return monitorMacsec(state, ctx, args);
      if (ctx.menuPath === "/system/resource") {
        return monitor(state, ctx, args, (t) => {
          const d = resourceDynamics(state, t);
          return [{ "cpu-used": d["cpu-load"], "cpu-used-per-cpu": d["cpu-load"], "free-memory": d["free-memory"] }];
        });
      }
      break;
  }
  throw badRequest(`simulator: command ${ctx.command} is not modelled on ${ctx.menuPath}`);
}
