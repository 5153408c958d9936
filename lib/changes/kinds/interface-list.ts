import "server-only";
import { z } from "zod";
import { BUILTIN_INTERFACE_LISTS, interfaceListName, interfaceName, routerOsComment } from "../../validation/routeros";
import type { ChangeKind, PlanContext } from "../kind";
import type { ChangePlan, ObjectSnapshot } from "../types";
import { kindInfo } from "./catalog";
import { MAC_SERVICES, serviceRef } from "./mac-server";
import { fieldError, interfaceRef, isTrue, listRef, memberRef, optionalParam, readExisting, readSnapshot } from "./shared";

/**
 * Interface-list kinds: the lists themselves (`/interface/list` by `name`) and their members
 * (`/interface/list/member` entries addressed by (list, interface)). The list must be a user list
 * (built-in lists `all`, `none`, `dynamic`, `static` take no members) and the interface must exist.
 */

const memberSchema = z.strictObject({ list: interfaceListName, interface: interfaceName });
type MemberParams = z.output<typeof memberSchema>;

/** The MAC server services whose `allowed-interface-list` is `list` (read for notes only, not guarded). */
async function servicesAllowing(ctx: PlanContext, list: string): Promise<string[]> {
  const services = Object.values(MAC_SERVICES);
  const rows = await Promise.all(services.map((s) => ctx.client.singleton(s.menu)));
  return services.filter((_, i) => rows[i]?.["allowed-interface-list"] === list).map((s) => s.label);
}

/** `interface-list.add-member`: `/interface/list/member add list=<list> interface=<interface>`. */
export const addMemberKind: ChangeKind<typeof memberSchema> = {
  info: kindInfo("interface-list.add-member"),
  schema: memberSchema,
  describe: (p) => `Add ${p.interface} to interface list ${p.list}`,
  async plan(p: MemberParams, ctx): Promise<ChangePlan> {
    const list = await readExisting(ctx.client, listRef(p.list), "list", `interface list ${p.list} does not exist on this router`);
    if (isTrue(list.values.builtin)) throw fieldError("list", `${p.list} is a built-in interface list: it takes no members`);
    const iface = await readExisting(ctx.client, interfaceRef(p.interface), "interface", `interface ${p.interface} does not exist on this router`);
    const member = await readSnapshot(ctx.client, memberRef(p.list, p.interface), "interface");
    if (member.values !== null) {
      const state = isTrue(member.values.disabled) ? " (the entry is disabled)" : "";
      throw fieldError("interface", `${p.interface} is already a member of ${p.list}${state}`);
    }
    const services = await servicesAllowing(ctx, p.list);
    return {
      base: [list, iface, member],
      ops: [{ op: "add", ref: member.ref, values: { list: p.list, interface: p.interface } }],
      disruptsInterfaces: [],
      notes: services.length > 0 ? [`${services.join(" and ")} will accept sessions on ${p.interface} (allowed-interface-list=${p.list})`] : [],
    };
  },
};

/** `interface-list.remove-member`: removes the static `/interface/list/member` entry (list, interface). */
export const removeMemberKind: ChangeKind<typeof memberSchema> = {
  info: kindInfo("interface-list.remove-member"),
  schema: memberSchema,
  describe: (p) => `Remove ${p.interface} from interface list ${p.list}`,
  async plan(p: MemberParams, ctx): Promise<ChangePlan> {
    const list = await readExisting(ctx.client, listRef(p.list), "list", `interface list ${p.list} does not exist on this router`);
    const member = await readExisting(ctx.client, memberRef(p.list, p.interface), "interface", `${p.interface} is not a member of ${p.list}`);
    if (isTrue(member.values.dynamic)) {
      throw fieldError(
        "interface",
        `${p.interface} is a dynamic member of ${p.list} (added by RouterOS, e.g. through include or a service): it cannot be removed`,
      );
    }
    const services = await servicesAllowing(ctx, p.list);
    return {
      base: [list, member],
      ops: [{ op: "remove", ref: member.ref }],
      disruptsInterfaces: [],
      notes: services.length > 0 ? [`${services.join(" and ")} will no longer accept sessions on ${p.interface} (allowed-interface-list=${p.list})`] : [],
    };
  },
};

const listAddSchema = z.strictObject({
  name: interfaceListName.refine((n) => !(BUILTIN_INTERFACE_LISTS as readonly string[]).includes(n), "all, none, dynamic and static are built-in lists"),
  comment: optionalParam(routerOsComment),
});

/** `interface-list.add`: `/interface/list add name=<name> [comment]`. */
export const listAddKind: ChangeKind<typeof listAddSchema> = {
  info: kindInfo("interface-list.add"),
  schema: listAddSchema,
  describe: (p) => `Add interface list ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const list = await readSnapshot(ctx.client, listRef(p.name), "name");
    if (list.values !== null) throw fieldError("name", `interface list ${p.name} already exists on this router`);
    const values: Record<string, string> = { name: p.name };
    if (p.comment !== undefined) values.comment = p.comment;
    return {
      base: [list],
      ops: [{ op: "add", ref: list.ref, values }],
      disruptsInterfaces: [],
      notes: [`${p.name} starts empty: add members with "Add interface to a list"`],
    };
  },
};

const listRemoveSchema = z.strictObject({ name: interfaceListName });

/** `/interface/list` by name with every writable field (`include`/`exclude` too), so an undo of a remove re-adds it whole. */
function wholeListRef(name: string) {
  const ref = listRef(name);
  return { ...ref, fields: [...ref.fields, "include", "exclude"] };
}

/** Firewall rules matching on the list (`in-interface-list` / `out-interface-list`), as `<table> <comment or .id>`. */
async function rulesUsing(ctx: PlanContext, list: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of ["filter", "nat"]) {
    const rows = await ctx.client.print(`/ip/firewall/${table}`, { proplist: [".id", "in-interface-list", "out-interface-list", "comment"] });
    for (const r of rows) if (r["in-interface-list"] === list || r["out-interface-list"] === list) found.push(`${table} rule ${r.comment ?? r[".id"] ?? "?"}`);
  }
  return found;
}

/**
 * `interface-list.remove`: `/interface/list remove <name>`. Refused for built-in and dynamic lists, while it has
 * members, while MAC-Telnet or MAC-Winbox allow it, or while a firewall rule matches on it (each named). The MAC
 * server settings are guards: pointing one at the list before the apply is drift.
 */
export const listRemoveKind: ChangeKind<typeof listRemoveSchema> = {
  info: kindInfo("interface-list.remove"),
  schema: listRemoveSchema,
  describe: (p) => `Remove interface list ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const list = await readExisting(ctx.client, wholeListRef(p.name), "name", `interface list ${p.name} does not exist on this router`);
    if (isTrue(list.values.builtin)) throw fieldError("name", `${p.name} is a built-in interface list: it cannot be removed`);
    if (isTrue(list.values.dynamic)) throw fieldError("name", `${p.name} is a dynamic interface list (added by RouterOS): it cannot be removed`);
    const members = await ctx.client.print("/interface/list/member", { where: { list: p.name }, proplist: ["list", "interface"] });
    const names = members.filter((m) => m.list === p.name).map((m) => m.interface ?? "?");
    if (names.length > 0) throw fieldError("name", `${p.name} still has members (${names.join(", ")}): remove them first`);
    const services: ObjectSnapshot[] = [];
    for (const service of ["mac-telnet", "mac-winbox"] as const)
      services.push(await readExisting(ctx.client, serviceRef(service), "name", `${MAC_SERVICES[service].menu} is missing`));
    const allowing = Object.values(MAC_SERVICES).filter((_, i) => services[i]?.values?.["allowed-interface-list"] === p.name);
    if (allowing.length > 0) {
      const which = allowing.map((s) => `${s.label} (${s.menu})`).join(" and ");
      throw fieldError("name", `${which} allow${allowing.length === 1 ? "s" : ""} only ${p.name} (allowed-interface-list): point it elsewhere first`);
    }
    const rules = await rulesUsing(ctx, p.name);
    if (rules.length > 0) throw fieldError("name", `firewall rules match on ${p.name}: ${rules.join(", ")}`);
    return { base: [list, ...services], ops: [{ op: "remove", ref: list.ref }], disruptsInterfaces: [], notes: [] };
  },
};
