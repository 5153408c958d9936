import { isLogTopic, parseRuleTopics, ruleTakes } from "../lib/router-logs/topics";
import { badRequest, noMatch } from "./errors";
import type { RouterState } from "./router-state";
import type { Row } from "./types";

/**
 * `/system/logging` (rules: `topics`, `action`, `prefix`, `regex` from 7.20, `comment` from 7.22, `disabled`) and
 * `/system/logging/action` (where entries go: `memory`, `disk`, `echo`, `remote`) in the simulator (docs/routeros.md,
 * "System logging"). Argument names per version come from the inspect dumps; the rule fields printed from the real
 * 7.21.5/7.22.3 dumps (`default`, `invalid` too). Assumed from the RouterOS manual ("Log"), not checkable in the
 * dumps: the default rules (`info`, `error`, `warning` to `memory`, `critical` to `echo`), the default actions and
 * their values, that default rules and actions cannot be removed (the refusal's wording is assumed), and that an
 * entry reaches `/log` (the memory buffer) when an enabled rule whose action has `target=memory` takes its topics.
 * A rule's `prefix` is not added to the memory entries here (unverified how `/log` prints it).
 */

export const LOGGING_STORE = "/system/logging";
export const LOGGING_ACTION_STORE = "/system/logging/action";

/** The rules a router starts with: topics → action (the manual's default configuration). */
const DEFAULT_RULES: readonly (readonly [string, string])[] = [
  ["info", "memory"],
  ["error", "memory"],
  ["warning", "memory"],
  ["critical", "echo"],
];

/** The actions a router starts with (values as the manual lists the defaults; printed booleans `true`/`false`). */
const DEFAULT_ACTIONS: readonly Row[] = [
  { name: "memory", target: "memory", "memory-lines": "1000", "memory-stop-on-full": "false" },
  { name: "disk", target: "disk", "disk-file-name": "log", "disk-lines-per-file": "1000", "disk-file-count": "2", "disk-stop-on-full": "false" },
  { name: "echo", target: "echo", remember: "true" },
  { name: "remote", target: "remote", remote: "0.0.0.0", "remote-port": "514", "src-address": "0.0.0.0" },
];

/** Fields of a rule as printed (real 7.21.5/7.22.3 dumps), in print order. */
export const LOGGING_RULE_FIELDS = ["topics", "prefix", "regex", "action", "invalid", "disabled", "default", "comment"] as const;

/** Fields of an action as printed: its `set` arguments the simulator fills, and `default` (assumed, no dump covers the menu). */
export const LOGGING_ACTION_FIELDS = [
  "name",
  "target",
  "memory-lines",
  "memory-stop-on-full",
  "disk-file-name",
  "disk-lines-per-file",
  "disk-file-count",
  "disk-stop-on-full",
  "remember",
  "remote",
  "remote-port",
  "src-address",
  "default",
] as const;

/** Adds the default actions and rules (before the boot's first log entry). */
export function seedLogging(state: RouterState): void {
  for (const action of DEFAULT_ACTIONS) state.insert(LOGGING_ACTION_STORE, { ...action, default: "true" });
  const hasRegex = Object.hasOwn(state.env.schemas.menu(state.version, LOGGING_STORE)?.add ?? {}, "regex");
  for (const [topics, action] of DEFAULT_RULES) {
    state.insert(LOGGING_STORE, { topics, prefix: "", ...(hasRegex ? { regex: "" } : {}), action, invalid: "false", disabled: "false", default: "true" });
  }
}

/** What an added rule starts from (before the request's arguments): action `memory`, empty prefix (and regex where the version has it). */
export function loggingRuleDefaults(takes: (arg: string) => boolean): Row {
  return { prefix: "", ...(takes("regex") ? { regex: "" } : {}), action: "memory", invalid: "false", disabled: "false", default: "false" };
}

/**
 * Checks a rule after add/set: every topic (negated or not) is a RouterOS topic (lib/router-logs/topics.ts), at
 * least one is given. RouterOS's reply to an unknown topic is assumed to be `input does not match any value of topics`.
 * @throws RestError 400
 */
export function checkLoggingRule(row: Row): void {
  const { all, none } = parseRuleTopics(row.topics ?? "");
  if (all.length + none.length === 0) throw badRequest("failure: topics not specified");
  if (![...all, ...none].every(isLogTopic)) throw noMatch("topics");
}

/** Refuses removing a default rule or action (`failure: default item can not be removed`, assumed wording). */
export function checkRemovable(store: string, row: Row): void {
  if ((store === LOGGING_STORE || store === LOGGING_ACTION_STORE) && row.default === "true") throw badRequest("failure: default item can not be removed");
}

/** The names of the actions whose `target` is `memory` (what `/log` prints). */
function memoryActions(state: RouterState): Set<string> {
  return new Set(state.rows(LOGGING_ACTION_STORE).flatMap((a) => (a.target === "memory" && a.name !== undefined ? [a.name] : [])));
}

function regexTakes(regex: string | undefined, message: string): boolean {
  if (regex === undefined || regex === "") return true;
  try {
    return new RegExp(regex).test(message);
  } catch {
    return false;
  }
}

/** Whether an entry with these topics and message reaches the memory buffer: an enabled rule to a memory action takes it. */
export function memoryLogs(state: RouterState, topics: readonly string[], message: string): boolean {
  const memory = memoryActions(state);
  return state
    .rows(LOGGING_STORE)
    .some((r) => r.disabled !== "true" && memory.has(r.action ?? "") && ruleTakes(r.topics ?? "", topics) && regexTakes(r.regex, message));
}
