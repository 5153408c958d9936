import "server-only";
import { z } from "zod";
import { BUILTIN_INTERFACE_LISTS, allowedInterfaceList, interfaceListName, interfaceName } from "../../validation/routeros";
import type { ChangeKind, PlanContext } from "../kind";
import type { ChangePlan, ObjectRef, ObjectSnapshot, PlannedOp } from "../types";
import { kindInfo } from "./catalog";
import { checkboxParam, fieldError, interfaceRef, isTrue, listRef, memberRef, optionalParam, readExisting, readSnapshot, rosBool } from "./shared";

/**
 * MAC server kinds (docs/routeros.md): `/tool/mac-server` (MAC-Telnet) and `/tool/mac-server/mac-winbox`
 * hold `allowed-interface-list` (`all`, `none` or an `/interface/list` name); `/tool/mac-server/ping`
 * holds `enabled`. All three are singletons, set with `POST <menu>/set`. RouterOS has no per-interface
 * MAC server entries since 6.41: "enable on interface X" is done with interface lists.
 */

/** The two MAC server services and their singleton menus. */
export const MAC_SERVICES = {
  "mac-telnet": { menu: "/tool/mac-server", label: "MAC-Telnet" },
  "mac-winbox": { menu: "/tool/mac-server/mac-winbox", label: "MAC-Winbox" },
} as const;
export type MacService = keyof typeof MAC_SERVICES;

const serviceSchema = z.enum(["mac-telnet", "mac-winbox"]);

/** The singleton ref of a service (`allowed-interface-list` compared and written). */
export function serviceRef(service: MacService): ObjectRef {
  const { menu } = MAC_SERVICES[service];
  return { menu, key: {}, singleton: true, fields: ["allowed-interface-list"], label: menu };
}

const pingRef: ObjectRef = { menu: "/tool/mac-server/ping", key: {}, singleton: true, fields: ["enabled"], label: "/tool/mac-server/ping" };

const setAllowedSchema = z.strictObject({ service: serviceSchema, allowedInterfaceList });

/** `mac-server.set-allowed-list`: `/tool/mac-server[/mac-winbox] set allowed-interface-list=<all|none|list>`. */
export const setAllowedListKind: ChangeKind<typeof setAllowedSchema> = {
  info: kindInfo("mac-server.set-allowed-list"),
  schema: setAllowedSchema,
  describe: (p) => `Set ${MAC_SERVICES[p.service].label} allowed-interface-list=${p.allowedInterfaceList}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const current = await readExisting(ctx.client, serviceRef(p.service), "service", `${MAC_SERVICES[p.service].menu} is missing on this router`);
    const base: ObjectSnapshot[] = [current];
    if (p.allowedInterfaceList !== "all" && p.allowedInterfaceList !== "none") {
      base.push(
        await readExisting(
          ctx.client,
          listRef(p.allowedInterfaceList),
          "allowedInterfaceList",
          `interface list ${p.allowedInterfaceList} does not exist on this router`,
        ),
      );
    }
    const label = MAC_SERVICES[p.service].label;
    if (current.values["allowed-interface-list"] === p.allowedInterfaceList) {
      return { base, ops: [], disruptsInterfaces: [], notes: [`${label} allowed-interface-list is already ${p.allowedInterfaceList}: nothing to change`] };
    }
    const effect =
      p.allowedInterfaceList === "none"
        ? `${label} will accept no new sessions on any interface`
        : p.allowedInterfaceList === "all"
          ? `${label} will accept sessions on every interface`
          : `${label} will accept sessions only on the members of ${p.allowedInterfaceList}`;
    return {
      base,
      ops: [{ op: "set", ref: current.ref, values: { "allowed-interface-list": p.allowedInterfaceList } }],
      disruptsInterfaces: [],
      notes: [effect],
    };
  },
};

const setPingSchema = z.strictObject({ enabled: checkboxParam });

/** `mac-server.set-ping`: `/tool/mac-server/ping set enabled=<yes|no>` (printed `true`/`false`). */
export const setPingKind: ChangeKind<typeof setPingSchema> = {
  info: kindInfo("mac-server.set-ping"),
  schema: setPingSchema,
  describe: (p) => `${p.enabled ? "Enable" : "Disable"} MAC ping (/tool/mac-server/ping enabled=${p.enabled ? "yes" : "no"})`,
  async plan(p, ctx): Promise<ChangePlan> {
    const current = await readExisting(ctx.client, pingRef, "enabled", "/tool/mac-server/ping is missing on this router");
    if (isTrue(current.values.enabled) === p.enabled) {
      return { base: [current], ops: [], disruptsInterfaces: [], notes: [`MAC ping is already ${p.enabled ? "enabled" : "disabled"}: nothing to change`] };
    }
    return { base: [current], ops: [{ op: "set", ref: pingRef, values: { enabled: rosBool(p.enabled) } }], disruptsInterfaces: [], notes: [] };
  },
};

const notBuiltin = (v: string) => !(BUILTIN_INTERFACE_LISTS as readonly string[]).includes(v);

const enableSchema = z.strictObject({
  interface: interfaceName,
  services: optionalParam(z.enum(["both", "mac-telnet", "mac-winbox"])).transform((v) => v ?? "both"),
  list: optionalParam(interfaceListName.refine(notBuiltin, "choose a list of your own, not a built-in list (all, none, dynamic, static)")).transform(
    (v) => v ?? "mac-server",
  ),
});
type EnableParams = z.output<typeof enableSchema>;

function selectedServices(p: EnableParams): MacService[] {
  return p.services === "both" ? ["mac-telnet", "mac-winbox"] : [p.services];
}

/** Collects the plan of enable-on-interface: snapshots by label (read once) and ops in order. */
class PlanBuilder {
  readonly base = new Map<string, ObjectSnapshot>();
  readonly lists: PlannedOp[] = [];
  readonly members: PlannedOp[] = [];
  readonly settings: PlannedOp[] = [];
  readonly notes: string[] = [];

  constructor(private readonly ctx: PlanContext) {}

  async read(ref: ObjectRef, field: string): Promise<ObjectSnapshot> {
    const known = this.base.get(ref.label);
    if (known) return known;
    const snap = await readSnapshot(this.ctx.client, ref, field);
    this.base.set(ref.label, snap);
    return snap;
  }

  /** Makes `iface` an enabled member of `list` (add, or re-enable a disabled entry); false when it already is. */
  async ensureMember(list: string, iface: string, listWillExist: boolean): Promise<boolean> {
    const ref = memberRef(list, iface);
    if (this.members.some((op) => op.ref.label === ref.label)) return true;
    const member = listWillExist ? await this.read(ref, "interface") : { ref, values: null };
    this.base.set(ref.label, member);
    if (member.values === null) {
      this.members.push({ op: "add", ref, values: { list, interface: iface } });
      return true;
    }
    if (isTrue(member.values.dynamic)) return false;
    if (isTrue(member.values.disabled)) {
      this.members.push({ op: "set", ref, values: { disabled: "false" } });
      return true;
    }
    return false;
  }
}

/**
 * `mac-server.enable-on-interface`: allows MAC-Telnet / MAC-Winbox on one interface through interface
 * lists. Per service: `all` → nothing to do; list L → `interface` joins L; `none` → the list `list` is
 * created if missing, `interface` joins it, and the service's allowed-interface-list is set to it.
 */
export const enableOnInterfaceKind: ChangeKind<typeof enableSchema> = {
  info: kindInfo("mac-server.enable-on-interface"),
  schema: enableSchema,
  describe: (p) => `Enable ${p.services === "both" ? "MAC-Telnet and MAC-Winbox" : MAC_SERVICES[p.services].label} on ${p.interface}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const b = new PlanBuilder(ctx);
    b.base.set(
      `/interface ${p.interface}`,
      await readExisting(ctx.client, interfaceRef(p.interface), "interface", `interface ${p.interface} does not exist on this router`),
    );
    for (const service of selectedServices(p)) {
      const label = MAC_SERVICES[service].label;
      const current = await b.read(serviceRef(service), "services");
      const allowed = current.values?.["allowed-interface-list"] ?? "all";
      if (allowed === "all") {
        b.notes.push(`${label}: allowed-interface-list is all, so ${p.interface} is already allowed`);
        continue;
      }
      if (allowed !== "none") {
        const list = await b.read(listRef(allowed), "services");
        if (list.values === null)
          throw fieldError("services", `${label} allowed-interface-list is ${allowed}, which does not exist on this router: set it first`);
        if (isTrue(list.values.builtin)) {
          throw fieldError(
            "services",
            `${label} uses the built-in list ${allowed}, which takes no members: set allowed-interface-list to a list of your own first`,
          );
        }
        const added = await b.ensureMember(allowed, p.interface, true);
        b.notes.push(added ? `${label}: ${p.interface} joins ${allowed} (its allowed-interface-list)` : `${label}: ${p.interface} is already in ${allowed}`);
        continue;
      }
      const list = await b.read(listRef(p.list), "list");
      if (list.values !== null && isTrue(list.values.builtin)) throw fieldError("list", `${p.list} is a built-in interface list`);
      if (list.values === null && !b.lists.some((op) => op.ref.label === list.ref.label)) {
        b.lists.push({ op: "add", ref: list.ref, values: { name: p.list } });
        b.notes.push(`interface list ${p.list} is created`);
      }
      const added = await b.ensureMember(p.list, p.interface, list.values !== null);
      b.notes.push(
        `${label}: allowed-interface-list none → ${p.list}${added ? ` with ${p.interface} in it` : ` (${p.interface} is already in it)`}; only members of ${p.list} are allowed`,
      );
      b.settings.push({ op: "set", ref: current.ref, values: { "allowed-interface-list": p.list } });
    }
    const ops = [...b.lists, ...b.members, ...b.settings];
    if (ops.length === 0) b.notes.push("nothing to change");
    return { base: [...b.base.values()], ops, disruptsInterfaces: [], notes: b.notes };
  },
};
