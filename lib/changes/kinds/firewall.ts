import "server-only";
import { z } from "zod";
import type { RouterOsClient, RouterOsRow } from "../../routeros";
import {
  connectionNatStates,
  connectionStates,
  firewallAddress,
  firewallPorts,
  interfaceListName,
  interfaceName,
  nocRuleKey,
  routerOsComment,
} from "../../validation/routeros";
import type { ChangeKind } from "../kind";
import type { ChainOrderView, ChangePlan, ObjectRef, ObjectSnapshot, RowSelector } from "../types";
import { kindInfo } from "./catalog";
import { fieldError, interfaceRef, isTrue, listRef, optionalParam, readExisting, readSnapshot } from "./shared";

/**
 * Firewall rule kinds: `/ip/firewall/filter` and `/ip/firewall/nat` rules, keyed by `comment` (docs/routeros.md:
 * rules have no name and `.id` is not stable, so the product writes a key `noc:…` as the comment of the rules it
 * adds). Rules run in print order within their chain: an add states its position (top of the chain, before the
 * rule with a given comment, before the chain's first drop rule, or the end), which the engine turns into
 * `place-before=<.id>` just before the PUT; a remove notes the rule that followed, so an undo re-adds it there.
 */

export type FirewallTable = "filter" | "nat";

const TABLE_CHAINS: Record<FirewallTable, readonly string[]> = { filter: ["input", "forward", "output"], nat: ["srcnat", "dstnat"] };
const TABLE_ACTIONS: Record<FirewallTable, readonly string[]> = { filter: ["accept", "drop", "reject"], nat: ["masquerade", "accept"] };

/** Matcher params → RouterOS argument names, in the order RouterOS prints them. */
const MATCHERS = {
  srcAddress: "src-address",
  dstAddress: "dst-address",
  protocol: "protocol",
  dstPort: "dst-port",
  inInterface: "in-interface",
  outInterface: "out-interface",
  inInterfaceList: "in-interface-list",
  outInterfaceList: "out-interface-list",
  connectionState: "connection-state",
  connectionNatState: "connection-nat-state",
} as const;

/** Fields of a rule RouterOS computes or owns (never written back by an undo). */
const READ_ONLY = new Set([".id", "bytes", "packets", "dynamic", "invalid", "about", "comment"]);

/** The REST menu of a table. */
export function tableMenu(table: FirewallTable): string {
  return `/ip/firewall/${table}`;
}

/** A rule by its comment; `fields` = the properties compared (drift, verify) and re-added by an undo. */
export function ruleRef(table: FirewallTable, comment: string, fields: string[]): ObjectRef {
  return { menu: tableMenu(table), key: { comment }, fields, displayFields: ["dynamic"], ordered: true, label: `${tableMenu(table)} ${comment}` };
}

const table = z.enum(["filter", "nat"]);

const addSchema = z
  .strictObject({
    table,
    chain: z.enum(["input", "forward", "output", "srcnat", "dstnat"]),
    action: z.enum(["accept", "drop", "reject", "masquerade"]),
    position: z.enum(["top", "before-comment", "before-first-drop", "end"]),
    beforeComment: optionalParam(routerOsComment.min(1)),
    comment: nocRuleKey,
    srcAddress: optionalParam(firewallAddress),
    dstAddress: optionalParam(firewallAddress),
    inInterface: optionalParam(interfaceName),
    outInterface: optionalParam(interfaceName),
    inInterfaceList: optionalParam(interfaceListName),
    outInterfaceList: optionalParam(interfaceListName),
    connectionState: optionalParam(connectionStates),
    connectionNatState: optionalParam(connectionNatStates),
    protocol: optionalParam(z.enum(["tcp", "udp", "icmp"])),
    dstPort: optionalParam(firewallPorts),
  })
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (!TABLE_CHAINS[p.table].includes(p.chain)) issue("chain", `${p.table} chains are ${TABLE_CHAINS[p.table].join(", ")}`);
    if (!TABLE_ACTIONS[p.table].includes(p.action)) issue("action", `${p.table} actions here are ${TABLE_ACTIONS[p.table].join(", ")}`);
    if (p.position === "before-comment" && p.beforeComment === undefined) issue("beforeComment", "give the comment of the rule to place it before");
    if (p.position !== "before-comment" && p.beforeComment !== undefined) issue("beforeComment", "only with position = before the rule with this comment");
    if (p.position === "before-first-drop" && p.table !== "filter") issue("position", "nat rules have no drop action: choose another position");
    if (p.table === "nat" && p.connectionState !== undefined) issue("connectionState", "/ip/firewall/nat has no connection-state");
    if (p.table === "nat" && p.connectionNatState !== undefined) issue("connectionNatState", "/ip/firewall/nat has no connection-nat-state");
    if (p.dstPort !== undefined && p.protocol !== "tcp" && p.protocol !== "udp") issue("dstPort", "dst-port needs protocol tcp or udp");
    if (p.inInterface !== undefined && p.inInterfaceList !== undefined) issue("inInterfaceList", "give in-interface or in-interface-list, not both");
    if (p.outInterface !== undefined && p.outInterfaceList !== undefined) issue("outInterfaceList", "give out-interface or out-interface-list, not both");
  });
type AddParams = z.output<typeof addSchema>;

/** One rule in a chain view: `drop in-interface=macvlan-iot out-interface-list=LAN ;;; isolate IoT from LAN`. */
export function ruleSummary(row: Record<string, string | undefined>): string {
  const matchers = Object.values(MATCHERS).flatMap((f) => (row[f] ? [`${f}=${row[f]}`] : []));
  const flags = [isTrue(row.disabled) ? "(disabled)" : null, isTrue(row.dynamic) ? "(dynamic)" : null].filter((f) => f !== null);
  return [row.action ?? "accept", ...matchers, ...flags, ...(row.comment ? [`;;; ${row.comment}`] : [])].join(" ");
}

/** Every rule of a table in print order (`.id`, chain, action, matchers, flags, comment). */
async function tableRows(client: RouterOsClient, t: FirewallTable): Promise<RouterOsRow[]> {
  return client.print(tableMenu(t), { proplist: [".id", "chain", "action", ...Object.values(MATCHERS), "disabled", "dynamic", "comment"] });
}

/** The chain's rules in order as a preview view, with one row inserted (`at`, an add) or marked (a remove). */
function chainView(t: FirewallTable, chain: string, rows: RouterOsRow[], change: { add: { at: number; text: string } } | { remove: string }): ChainOrderView {
  const inChain = rows.filter((r) => r.chain === chain);
  const view: ChainOrderView["rows"] = inChain.map((r) => ({
    text: ruleSummary(r),
    change: "remove" in change && r[".id"] === change.remove ? "remove" : null,
  }));
  if ("add" in change) view.splice(change.add.at, 0, { text: change.add.text, change: "add" });
  return { label: `${tableMenu(t)} chain=${chain}`, rows: view };
}

/**
 * Where the new rule goes: the selector the engine resolves at apply time (none = appended), the index of the
 * rule it goes before among the chain's rules (for the view), the anchor rule's snapshot to guard (by comment).
 * @throws PlanError on `beforeComment` / `position`; RouterOsError
 */
async function placement(
  client: RouterOsClient,
  p: AddParams,
  rows: RouterOsRow[],
): Promise<{ selector: RowSelector | null; at: number; guard: ObjectSnapshot | null; note: string }> {
  const inChain = rows.filter((r) => r.chain === p.chain);
  const staticIndex = (pred: (r: RouterOsRow) => boolean) => inChain.findIndex((r) => !isTrue(r.dynamic) && pred(r));
  if (p.position === "end") return { selector: null, at: inChain.length, guard: null, note: `added at the end of ${tableMenu(p.table)}` };
  if (p.position === "top") {
    const at = staticIndex(() => true);
    if (at < 0) return { selector: null, at: inChain.length, guard: null, note: `chain ${p.chain} has no static rule yet: added at the end of the table` };
    return { selector: { where: { chain: p.chain }, label: `first rule of chain ${p.chain}` }, at, guard: null, note: `placed at the top of chain ${p.chain}` };
  }
  if (p.position === "before-first-drop") {
    const at = staticIndex((r) => r.action === "drop");
    if (at < 0) throw fieldError("position", `chain ${p.chain} of ${tableMenu(p.table)} has no drop rule`);
    return {
      selector: { where: { chain: p.chain, action: "drop" }, label: `first drop rule of chain ${p.chain}` },
      at,
      guard: null,
      note: `placed before the first drop rule of chain ${p.chain}`,
    };
  }
  const comment = p.beforeComment ?? "";
  const guard = await readExisting(client, ruleRef(p.table, comment, ["chain"]), "beforeComment", `no rule of ${tableMenu(p.table)} has comment ${comment}`);
  if (isTrue(guard.values.dynamic)) throw fieldError("beforeComment", `the rule with comment ${comment} is dynamic: a rule cannot be placed by it`);
  if (guard.values.chain !== p.chain)
    throw fieldError("beforeComment", `the rule with comment ${comment} is in chain ${guard.values.chain ?? "?"}, not ${p.chain}`);
  return {
    selector: { where: { comment }, label: `rule with comment ${comment}` },
    at: inChain.findIndex((r) => r.comment === comment),
    guard,
    note: `placed before the rule with comment ${comment}`,
  };
}

/** `firewall-rule.add`: `/ip/firewall/<table> add chain action <matchers> comment=<noc key> [place-before]`. */
export const firewallRuleAddKind: ChangeKind<typeof addSchema> = {
  info: kindInfo("firewall-rule.add"),
  schema: addSchema,
  describe: (p) => `Add ${p.table} rule ${p.comment} (${p.chain} ${p.action})`,
  async plan(p, ctx): Promise<ChangePlan> {
    const values: Record<string, string> = { chain: p.chain, action: p.action };
    for (const [param, field] of Object.entries(MATCHERS)) {
      const v = p[param as keyof typeof MATCHERS];
      if (v !== undefined) values[field] = v;
    }
    const target = await readSnapshot(ctx.client, ruleRef(p.table, p.comment, Object.keys(values)), "comment");
    if (target.values !== null) throw fieldError("comment", `a rule with comment ${p.comment} already exists in ${tableMenu(p.table)}: choose a fresh key`);
    const other: FirewallTable = p.table === "filter" ? "nat" : "filter";
    const twin = await readSnapshot(ctx.client, ruleRef(other, p.comment, []), "comment");
    if (twin.values !== null) throw fieldError("comment", `a rule with comment ${p.comment} already exists in ${tableMenu(other)}: choose a fresh key`);
    const guards: ObjectSnapshot[] = [];
    for (const [param, field] of [
      ["inInterface", "in-interface"],
      ["outInterface", "out-interface"],
    ] as const) {
      const name = p[param];
      if (name !== undefined) guards.push(await readExisting(ctx.client, interfaceRef(name), param, `${field} ${name} does not exist on this router`));
    }
    for (const [param, field] of [
      ["inInterfaceList", "in-interface-list"],
      ["outInterfaceList", "out-interface-list"],
    ] as const) {
      const name = p[param];
      if (name !== undefined)
        guards.push(await readExisting(ctx.client, listRef(name), param, `${field}: interface list ${name} does not exist on this router`));
    }
    const rows = await tableRows(ctx.client, p.table);
    const place = await placement(ctx.client, p, rows);
    if (place.guard) guards.push(place.guard);
    const summary = ruleSummary({ ...values, comment: p.comment });
    return {
      base: [target, ...guards],
      ops: [{ op: "add", ref: target.ref, values: { ...values, comment: p.comment }, ...(place.selector ? { placeBefore: place.selector } : {}) }],
      disruptsInterfaces: [],
      notes: [`${summary}: ${place.note}`],
      order: [chainView(p.table, p.chain, rows, { add: { at: place.at, text: summary } })],
    };
  },
};

const removeSchema = z.strictObject({ table, comment: routerOsComment.min(1, "comment is required") });

/**
 * `firewall-rule.remove`: removes the one static rule with this comment. Its snapshot holds every property it
 * has (all printed fields but counters and flags RouterOS owns), so an undo re-adds it whole, before the rule
 * that followed it.
 */
export const firewallRuleRemoveKind: ChangeKind<typeof removeSchema> = {
  info: kindInfo("firewall-rule.remove"),
  schema: removeSchema,
  describe: (p) => `Remove ${p.table} rule ${p.comment}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const menu = tableMenu(p.table);
    const matching = (await ctx.client.print(menu, { where: { comment: p.comment } })).filter((r) => r.comment === p.comment);
    if (matching.length > 1) throw fieldError("comment", `${matching.length} rules of ${menu} have comment ${p.comment}: the change needs exactly one`);
    const [row] = matching;
    if (!row) throw fieldError("comment", `no rule of ${menu} has comment ${p.comment}`);
    if (isTrue(row.dynamic)) throw fieldError("comment", `the rule with comment ${p.comment} is dynamic (added by RouterOS): it cannot be removed`);
    const fields = Object.keys(row).filter((f) => !READ_ONLY.has(f));
    const target = await readExisting(ctx.client, ruleRef(p.table, p.comment, fields), "comment", `no rule of ${menu} has comment ${p.comment}`);
    const rows = await tableRows(ctx.client, p.table);
    const chain = row.chain ?? "";
    const index = rows.findIndex((r) => r[".id"] === row[".id"]);
    const next = rows.slice(index + 1).find((r) => !isTrue(r.dynamic));
    return {
      base: [target],
      ops: [{ op: "remove", ref: target.ref }],
      disruptsInterfaces: [],
      notes: [`${ruleSummary(row)} is removed from chain ${chain}; an undo re-adds it ${next ? `before ${ruleSummary(next)}` : "at the end of the table"}`],
      order: [chainView(p.table, chain, rows, { remove: row[".id"] ?? "" })],
    };
  },
};
