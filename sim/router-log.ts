import { formatRouterOsDateTime } from "./dynamics";
import type { RouterState } from "./router-state";

/**
 * The router's `/log` (memory buffer) in the simulator (docs/routeros.md, "Router log"): entries `time`, `topics`,
 * `message`, oldest first, at most {@link LOG_MEMORY_LINES}. Written at boot (reboot, each port's link up) and by
 * every REST write (`<item> added|changed|removed by <user>`, topics `system,info`). The message wording and the
 * `time` format over REST are assumed (see the doc).
 */

/** Entries kept (RouterOS's memory action keeps 1000 lines by default; assumed here). */
export const LOG_MEMORY_LINES = 1000;

const STORE = "/log";

/** Appends one entry (topics comma-separated, e.g. `system,info`), dropping the oldest beyond the buffer. */
export function appendLog(state: RouterState, topics: string, message: string, atMs: number): void {
  state.insert(STORE, { time: formatRouterOsDateTime(atMs, state.version), topics, message });
  const rows = state.rows(STORE);
  if (rows.length > LOG_MEMORY_LINES) rows.splice(0, rows.length - LOG_MEMORY_LINES);
}

/** The boot's entries: the reboot, then each physical port's link up a few seconds later. */
export function seedBootLog(state: RouterState): void {
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
