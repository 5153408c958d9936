/**
 * The device Logs tab's types and query (client-safe). Topics are those the product filters by (the guides'
 * troubleshooting: `mac-server`, `macsec`; plus `dhcp`, `firewall`, `system`, `critical`).
 */

/** Topics the Logs tab filters by (RouterOS log topic names). */
export const LOG_TOPICS = ["mac-server", "macsec", "dhcp", "firewall", "system", "critical"] as const;
export type LogTopic = (typeof LOG_TOPICS)[number];

/** Entries shown at most, and the default. */
export const LOG_LIMIT_MAX = 500;
export const LOG_LIMIT_DEFAULT = 100;

/** A read of the log: entries with `topic` among their topics and `text` in their message (case-insensitive), newest first, at most `limit`. */
export interface LogQuery {
  topic: LogTopic | null;
  text: string;
  limit: number;
}

/** One `/log` entry as the router printed it (`time` in the router's own format and zone). */
export interface RouterLogEntryDto {
  time: string;
  topics: string[];
  message: string;
}

/** What one read gave: the entries, how many matched, how many the router's buffer held. */
export interface RouterLogViewDto {
  entries: RouterLogEntryDto[];
  matched: number;
  total: number;
}
