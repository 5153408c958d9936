import type { KindField, KindInfo } from "../types";

/**
 * Client-safe catalogue entries of the firewall rule kinds (lib/changes/kinds/firewall.ts), part of KIND_INFOS
 * (lib/changes/kinds/catalog.ts). Field names are the params of the kinds' zod schemas.
 */

const TABLE_OPTIONS = [
  { value: "filter", label: "filter (/ip/firewall/filter)" },
  { value: "nat", label: "nat (/ip/firewall/nat)" },
];

const ruleComment = (help: string, generate: boolean): KindField => ({
  name: "comment",
  label: "comment (the rule's key)",
  type: "text",
  required: true,
  placeholder: "noc:20261203-3f9a1c2e",
  help,
  ...(generate ? { generate: "noc-key" as const } : {}),
});

/** `firewall-rule.add` and `firewall-rule.remove`, in UI order. */
export const FIREWALL_KIND_INFOS: KindInfo[] = [
  {
    id: "firewall-rule.add",
    group: "Firewall",
    label: "Add firewall rule",
    description:
      "Adds an /ip/firewall/filter or /ip/firewall/nat rule at a stated position of its chain (place-before). The rule is found again by its comment, a key the product writes (noc:…).",
    fields: [
      { name: "table", label: "table", type: "select", options: TABLE_OPTIONS, required: true },
      {
        name: "chain",
        label: "chain",
        type: "select",
        options: ["forward", "input", "output", "srcnat", "dstnat"].map((c) => ({ value: c, label: c })),
        required: true,
        help: "filter: input, forward or output; nat: srcnat or dstnat.",
      },
      {
        name: "action",
        label: "action",
        type: "select",
        options: ["accept", "drop", "reject", "masquerade"].map((a) => ({ value: a, label: a })),
        required: true,
        help: "filter: accept, drop or reject; nat: masquerade or accept (accept in srcnat = no NAT for the match).",
      },
      {
        name: "position",
        label: "position",
        type: "select",
        options: [
          { value: "top", label: "top of the chain" },
          { value: "before-comment", label: "before the rule with this comment" },
          { value: "before-first-drop", label: "before the chain's first drop rule (filter)" },
          { value: "end", label: "end of the table" },
        ],
        required: true,
      },
      {
        name: "beforeComment",
        label: "before the rule with comment",
        type: "text",
        help: "With position = before the rule with this comment: the comment of an existing static rule of the same chain.",
      },
      ruleComment("Pre-filled with a fresh key; must not be on the router yet. The rule is removed by this key.", true),
      { name: "srcAddress", label: "src-address", type: "text", placeholder: "192.168.99.0/24" },
      { name: "dstAddress", label: "dst-address", type: "text", placeholder: "192.168.88.1" },
      { name: "inInterface", label: "in-interface", type: "text", suggest: "interfaces" },
      { name: "outInterface", label: "out-interface", type: "text", suggest: "interfaces" },
      { name: "inInterfaceList", label: "in-interface-list", type: "text", suggest: "interface-lists", placeholder: "LAN" },
      { name: "outInterfaceList", label: "out-interface-list", type: "text", suggest: "interface-lists", placeholder: "WAN" },
      {
        name: "connectionState",
        label: "connection-state (filter)",
        type: "text",
        placeholder: "established,related",
        help: "Comma list of established, related, new, invalid, untracked.",
      },
      { name: "connectionNatState", label: "connection-nat-state (filter)", type: "text", placeholder: "dstnat", help: "Comma list of srcnat, dstnat." },
      {
        name: "protocol",
        label: "protocol",
        type: "select",
        options: [{ value: "", label: "(any)" }, ...["tcp", "udp", "icmp"].map((p) => ({ value: p, label: p }))],
      },
      { name: "dstPort", label: "dst-port", type: "text", placeholder: "53,67-68", help: "Ports and ranges; needs protocol tcp or udp." },
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "firewall-rule.remove",
    group: "Firewall",
    label: "Remove firewall rule",
    description:
      "Removes the /ip/firewall/filter or /ip/firewall/nat rule with this comment (exactly one static rule). An undo re-adds it with all its properties at its old position.",
    fields: [
      { name: "table", label: "table", type: "select", options: TABLE_OPTIONS, required: true },
      ruleComment("The comment of the rule to remove, e.g. the noc:… key it was added with.", false),
    ],
    secretParams: [],
    minVersion: null,
  },
];
