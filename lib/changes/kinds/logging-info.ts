import type { KindField, KindInfo } from "../types";

/**
 * Client-safe catalogue entries of the logging kinds (`/system/logging` rules, docs/routeros.md "System logging"),
 * appended to KIND_INFOS (./catalog). `topics`, `action` and `prefix` exist in every version the product supports
 * (7.9.2 … 7.24), so neither kind has a version gate.
 */

const topics = (help: string): KindField => ({
  name: "topics",
  label: "topics",
  type: "text",
  suggest: "log-topics",
  required: true,
  placeholder: "mac-server",
  help,
});

const action: KindField = {
  name: "action",
  label: "action",
  type: "text",
  placeholder: "memory",
  help: "An existing /system/logging/action (memory, disk, echo, remote or one of the router's own); empty = memory, the buffer the Logs tab reads.",
};

/** The logging kinds, in UI order. */
export const LOGGING_KIND_INFOS: KindInfo[] = [
  {
    id: "logging.add",
    group: "Logging",
    label: "Turn on logging for a topic",
    description:
      "Adds a /system/logging rule: entries with these topics go to the action (memory by default, shown on the device's Logs tab). Refused when the same rule (topics and action) exists.",
    fields: [
      topics("One or more RouterOS log topics, comma-separated (mac-server, macsec, dhcp, dhcp,!debug …); an entry must carry all of them."),
      action,
      { name: "prefix", label: "prefix", type: "text", help: "Optional text the router puts before each entry this rule logs." },
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "logging.remove",
    group: "Logging",
    label: "Turn off logging for a topic",
    description:
      "Removes the /system/logging rule with these topics and action. The router's default rules (info, error, warning, critical) are refused. The undo re-adds the rule with its prefix.",
    fields: [topics("The rule's topics as the router prints them (e.g. mac-server or dhcp,!debug)."), action],
    secretParams: [],
    minVersion: null,
  },
];
