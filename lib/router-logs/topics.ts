/**
 * RouterOS log topics (client-safe): the names a `/system/logging` rule's `topics` takes, and how a rule's topics
 * match an entry. Source: the RouterOS manual's "Log" page (its topic table), plus `mac-server`, which the MAC
 * server guides' troubleshooting step uses (`/system logging add topics=mac-server`). The inspect dumps type
 * `topics` as a plain value (sim/routeros-schema/*.json), so this list is not machine-checked against a router:
 * a topic a router does not know is refused by that router when the change is applied (docs/routeros.md,
 * "System logging").
 */

/** Every topic a logging rule may name (without the `!` of a negation), sorted. */
export const ROUTEROS_LOG_TOPICS = [
  "account",
  "bfd",
  "bgp",
  "bridge",
  "calc",
  "caps",
  "certificate",
  "container",
  "critical",
  "ddns",
  "debug",
  "dhcp",
  "dns",
  "dot1x",
  "dude",
  "e-mail",
  "error",
  "event",
  "firewall",
  "gps",
  "gsm",
  "health",
  "hotspot",
  "igmp-proxy",
  "info",
  "interface",
  "ipsec",
  "iscsi",
  "isdn",
  "l2tp",
  "ldp",
  "lte",
  "mac-server",
  "macsec",
  "manager",
  "mpls",
  "netwatch",
  "ntp",
  "ospf",
  "ovpn",
  "packet",
  "pim",
  "poe-out",
  "ppp",
  "pppoe",
  "pptp",
  "radius",
  "radvd",
  "raw",
  "rip",
  "route",
  "rpki",
  "rsvp",
  "script",
  "sertcp",
  "snmp",
  "ssh",
  "sstp",
  "state",
  "store",
  "stp",
  "system",
  "telephony",
  "tftp",
  "timer",
  "ups",
  "vrrp",
  "warning",
  "watchdog",
  "web-proxy",
  "wireguard",
  "wireless",
] as const;
export type RouterOsLogTopic = (typeof ROUTEROS_LOG_TOPICS)[number];

/** True for a name of ROUTEROS_LOG_TOPICS. */
export function isLogTopic(name: string): name is RouterOsLogTopic {
  return (ROUTEROS_LOG_TOPICS as readonly string[]).includes(name);
}

/** A rule's `topics` split into the topics it needs and the ones it excludes (`dhcp,!debug` → `{ all: [dhcp], none: [debug] }`). */
export function parseRuleTopics(topics: string): { all: string[]; none: string[] } {
  const words = topics
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);
  return { all: words.filter((w) => !w.startsWith("!")), none: words.filter((w) => w.startsWith("!")).map((w) => w.slice(1)) };
}

/**
 * Whether a rule's `topics` takes an entry with `entryTopics`: the entry carries every topic the rule names and none
 * it negates (`topics=dhcp,!debug`: DHCP entries that are not debug). That several topics must all be present is the
 * manual's wording ("messages that fall into the specified topic or list of topics"), read as "all of"; assumed, as is
 * that a rule of negations only (`!debug`) takes every other entry. A rule without topics takes nothing.
 */
export function ruleTakes(topics: string, entryTopics: readonly string[]): boolean {
  const { all, none } = parseRuleTopics(topics);
  return all.length + none.length > 0 && all.every((t) => entryTopics.includes(t)) && !none.some((t) => entryTopics.includes(t));
}
