import type { RouterOsLogTopic } from "./topics";

/**
 * The device Logs tab's types and query (client-safe). Topics offered first are those of the guides'
 * troubleshooting (`mac-server`, `macsec`; plus `dhcp`, `firewall`, `system`, `critical`); the filter also takes
 * any other RouterOS topic (lib/router-logs/topics.ts), such as those the router's rules log (`info`, `warning`).
 */

/** Topics the Logs tab always offers (RouterOS log topic names). */
export const LOG_TOPICS = ["mac-server", "macsec", "dhcp", "firewall", "system", "critical"] as const satisfies readonly RouterOsLogTopic[];

/** Entries shown at most, and the default. */
export const LOG_LIMIT_MAX = 500;
export const LOG_LIMIT_DEFAULT = 100;

/** A read of the log: entries with `topic` among their topics and `text` in their message (case-insensitive), newest first, at most `limit`. */
export interface LogQuery {
  topic: RouterOsLogTopic | null;
  text: string;
  limit: number;
}

/** One `/log` entry as the router printed it (`time` in the router's own format and zone). */
export interface RouterLogEntryDto {
  time: string;
  topics: string[];
  message: string;
}

/**
 * What one read gave: the entries, how many matched, how many the router's buffer held, and the topics the router
 * logs to memory (named, not negated, by an enabled `/system/logging` rule whose action has `target=memory`), sorted.
 */
export interface RouterLogViewDto {
  entries: RouterLogEntryDto[];
  matched: number;
  total: number;
  loggedTopics: string[];
}
