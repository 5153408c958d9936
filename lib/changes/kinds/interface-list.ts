import "server-only";
import { z } from "zod";
import { interfaceListName, interfaceName } from "../../validation/routeros";
import type { ChangeKind, PlanContext } from "../kind";
import type { ChangePlan } from "../types";
import { kindInfo } from "./catalog";
import { MAC_SERVICES } from "./mac-server";
import { fieldError, interfaceRef, isTrue, listRef, memberRef, readExisting, readSnapshot } from "./shared";

/**
 * Interface-list membership kinds: `/interface/list/member` entries addressed by (list, interface).
 * The list must be a user list (built-in lists `all`, `none`, `dynamic`, `static` take no members) and
 * the interface must exist.
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
