import "server-only";
import type { Db } from "../db-client";
import { readRouterView } from "../devices/router-view-client";
import type { RouterViewResult } from "../devices/router-view-dto";
import type { RouterOsRow } from "../routeros";
import { LOG_LIMIT_DEFAULT, LOG_LIMIT_MAX, type LogQuery, type RouterLogViewDto } from "./dto";
import { isLogTopic, parseRuleTopics } from "./topics";

/**
 * The router's `/log` read on demand (never polled) for the device Logs tab (docs/routeros.md, "Router log"):
 * one `GET /rest/log` with `.proplist=time,topics,message` (the memory buffer, bounded by the router), filtered
 * here by topic and text, newest first, at most `limit` entries; with it `/system/logging` and
 * `/system/logging/action` (a few rows each), to say which topics the router logs to memory.
 */

/** Parses the tab's query (`topic`, `q`, `limit`): topics RouterOS does not have are dropped, the limit is clamped to 1…500 (default 100), text to 200 characters. */
export function parseLogQuery(raw: Record<string, string | string[] | undefined>): LogQuery {
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");
  const topic = one(raw.topic);
  const limit = Number(one(raw.limit) || LOG_LIMIT_DEFAULT);
  return {
    topic: isLogTopic(topic) ? topic : null,
    text: one(raw.q).trim().slice(0, 200),
    limit: Number.isInteger(limit) ? Math.min(Math.max(limit, 1), LOG_LIMIT_MAX) : LOG_LIMIT_DEFAULT,
  };
}

/**
 * The topics the rules send to memory: every topic an enabled rule names without `!`, when the rule's action is one
 * whose `target` is `memory` (`rules` and `actions` as `/system/logging` and `/system/logging/action` print them).
 */
export function memoryLoggedTopics(rules: readonly RouterOsRow[], actions: readonly RouterOsRow[]): string[] {
  const memory = new Set(actions.flatMap((a) => (a.target === "memory" && a.name !== undefined ? [a.name] : [])));
  const topics = rules.flatMap((r) => (r.disabled !== "true" && memory.has(r.action ?? "") ? parseRuleTopics(r.topics ?? "").all : []));
  return [...new Set(topics)].sort();
}

/** The rows (oldest first, as RouterOS prints them) filtered and bounded by the query, newest first, with the topics logged to memory. */
export function filterLog(rows: readonly RouterOsRow[], q: LogQuery, loggedTopics: string[]): RouterLogViewDto {
  const text = q.text.toLowerCase();
  const matching = rows
    .map((r) => ({ time: r.time ?? "", topics: (r.topics ?? "").split(",").filter(Boolean), message: r.message ?? "" }))
    .filter((e) => (q.topic === null || e.topics.includes(q.topic)) && (text === "" || e.message.toLowerCase().includes(text)));
  return { entries: matching.slice(-q.limit).reverse(), matched: matching.length, total: rows.length, loggedTopics };
}

/**
 * Reads the device's router log now (through the device page's router client: one cached connection, reads shared
 * for 2 s) and filters it. Router failures come back as `{ ok: false, error }`; null for an unknown device.
 */
export async function readRouterLogView(db: Db, deviceId: string, q: LogQuery): Promise<RouterViewResult<RouterLogViewDto> | null> {
  const read = await readRouterView(db, deviceId, "log", async (client) => {
    const [rows, rules, actions] = await Promise.all([
      client.print("/log", { proplist: ["time", "topics", "message"] }),
      client.print("/system/logging", { proplist: ["topics", "action", "disabled"] }),
      client.print("/system/logging/action", { proplist: ["name", "target"] }),
    ]);
    return { rows, logged: memoryLoggedTopics(rules, actions) };
  });
  if (!read) return null;
  return read.ok ? { ok: true, readAt: read.readAt, view: filterLog(read.view.rows, q, read.view.logged) } : read;
}
