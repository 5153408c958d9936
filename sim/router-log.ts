import { formatRouterOsDateTime, macsecState, startedSessions } from "./dynamics";
import type { RouterState } from "./router-state";
import { memoryLogs, seedLogging } from "./system-logging";

/**
 * The router's `/log` (memory buffer) in the simulator (docs/routeros.md, "Router log"): entries `time`, `topics`,
 * `message`, oldest first, at most {@link LOG_MEMORY_LINES}. Written at boot (reboot, each port's link up), by
 * every REST write (`<item> added|changed|removed by <user>`, topics `system,info`), and by events caught up before
 * each write and each `/log` read (syncEventLog): MAC-server sessions starting (`mac-server,debug`) and MACsec status
 * changes (`macsec,debug`). An entry is kept only when a `/system/logging` rule sends its topics to a memory action
 * (sim/system-logging.ts): by default `info`, `error` and `warning`, so `mac-server` and `macsec` entries appear once
 * a rule names the topic. The message wording, the `debug` topic of those entries and the `time` format over REST
 * are assumed (see the doc).
 */

/** Entries kept (RouterOS's memory action keeps 1000 lines by default; assumed here). */
export const LOG_MEMORY_LINES = 1000;

const STORE = "/log";

/**
 * Appends one entry (topics comma-separated, e.g. `system,info`) when the logging rules send it to memory, dropping
 * the oldest beyond the buffer.
 */
export function appendLog(state: RouterState, topics: string, message: string, atMs: number): void {
  if (!memoryLogs(state, topics.split(","), message)) return;
  state.insert(STORE, { time: formatRouterOsDateTime(atMs, state.version), topics, message });
  const rows = state.rows(STORE);
  if (rows.length > LOG_MEMORY_LINES) rows.splice(0, rows.length - LOG_MEMORY_LINES);
}

/** The default logging rules and actions, then the boot's entries: the reboot, then each physical port's link up a few seconds later. */
export function seedBootLog(state: RouterState): void {
  seedLogging(state);
  const boot = state.spec.bootAtMs;
  appendLog(state, "system,info", "router rebooted", boot);
  for (const [i, port] of state.spec.board.ports.entries()) {
    appendLog(state, "interface,info", `${port} link up (speed 1G, full duplex)`, boot + 4_000 + i * 100);
  }
}

const VERBS: Readonly<Record<string, string>> = {
  PUT: "added",
  PATCH: "changed",
  DELETE: "removed",
  add: "added",
  set: "changed",
  remove: "removed",
  enable: "changed",
  disable: "changed",
  comment: "changed",
  move: "moved",
};

/**
 * Logs a successful REST write: `PUT`/`PATCH`/`DELETE` on a menu (or one of its items) and POST `add`, `set`,
 * `remove`, `enable`, `disable`, `comment`, `move`. The item word is the menu's last segment (`address`,
 * `filter`, `macvlan`). Reads and other commands log nothing.
 */
export function logRestWrite(state: RouterState, method: string, segments: readonly string[], nowMs: number): void {
  const last = segments.at(-1) ?? "";
  const verb = method === "POST" ? VERBS[last] : Object.hasOwn(VERBS, method) ? VERBS[method] : undefined;
  if (verb === undefined) return;
  const menu = method === "PUT" ? segments : segments.slice(0, -1);
  const item = menu.at(-1);
  if (item === undefined || item === "log") return;
  appendLog(state, "system,info", `${item} ${verb} by ${state.spec.info.username}`, nowMs);
}

/**
 * What syncEventLog has seen of a router: up to when, which sessions (by `.id`, interface and MAC), each MACsec
 * interface's status (null: not computed, while no rule logged either topic).
 */
interface EventCursor {
  syncedMs: number;
  sessions: Set<string>;
  macsec: Map<string, string> | null;
}

const cursors = new WeakMap<RouterState, EventCursor>();

/**
 * Logs the events since the last call (the first call only starts watching): each MAC-server session that started
 * since (`session from <mac> on <interface> started`, `mac-server,debug`, at its start) and each MACsec interface
 * whose status changed (`<name>: <status>`, `macsec,debug`, now). Called before every write and `/log` read
 * (sim/rest-handler.ts), so the logging rules in force when an event happened decide whether it is kept. A session
 * that starts and ends between two calls is not logged (a limitation of computing sessions from time). While no rule
 * sends either topic to memory (the default), only the time is noted: computing sessions and statuses costs
 * milliseconds per call.
 */
export function syncEventLog(state: RouterState, nowMs: number): void {
  if (!memoryLogs(state, ["mac-server", "debug"], "") && !memoryLogs(state, ["macsec", "debug"], "")) {
    cursors.set(state, { syncedMs: nowMs, sessions: new Set(), macsec: null });
    return;
  }
  const sessions = startedSessions(state, nowMs).map(({ row, startMs }) => ({
    key: `${row[".id"] ?? ""} ${row.interface ?? ""} ${row["src-address"] ?? ""}`,
    startMs,
    row,
  }));
  const macsec = new Map(
    state.rows("interface").flatMap((r) => (r.type === "macsec" && r.name !== undefined ? [[r.name, macsecState(state, r, nowMs).status] as const] : [])),
  );
  const cursor = cursors.get(state);
  cursors.set(state, { syncedMs: nowMs, sessions: new Set(sessions.map((s) => s.key)), macsec });
  if (!cursor) return;
  const started = sessions.filter((s) => !cursor.sessions.has(s.key) && s.startMs >= cursor.syncedMs).sort((a, b) => a.startMs - b.startMs);
  for (const s of started) {
    appendLog(state, "mac-server,debug", `session from ${s.row["src-address"] ?? "?"} on ${s.row.interface ?? "?"} started`, Math.min(s.startMs, nowMs));
  }
  const seen = cursor.macsec;
  if (seen !== null) for (const [name, status] of macsec) if (seen.get(name) !== status) appendLog(state, "macsec,debug", `${name}: ${status}`, nowMs);
}
