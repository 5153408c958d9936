import { z } from "zod";
import { BUILTIN_INTERFACE_LISTS, interfaceListName, interfaceName } from "../../validation/routeros";
import type { SetUpInput } from "../setup/types";
import { ChangeInputError } from "../workflow-types";

/**
 * The "MAC-server hardening" template (the MAC server guides' security advice, docs/routeros.md "MAC server"):
 * on each router a management interface list (`/interface/list`, one name shared by every router), the chosen
 * interfaces as its members (`/interface/list/member`), MAC-Telnet (`/tool/mac-server`) and MAC-Winbox
 * (`/tool/mac-server/mac-winbox`) `allowed-interface-list` set to that list, and MAC ping
 * (`/tool/mac-server/ping`) `enabled=no`. One set-up for one router or many (bulk), each router with its own
 * interfaces. Members come before the restriction, so a service is never pointed at a list still missing them.
 *
 * Steps whose kind refuses an object that is already there (`interface-list.add` of an existing list,
 * `interface-list.add-member` of an existing member) are left out with a template note; the singleton steps
 * stay even when already as proposed (a set-up keeps no-op steps when others change something).
 * Client-safe (the form shares the input type; the router reads live in mac-server-hardening-read.ts).
 */
export const MAC_SERVER_HARDENING = "mac-server-hardening";

/** Most interfaces per router row. */
export const MAX_HARDENING_INTERFACES = 16;

/** Comma-separated interface names → distinct names in order (blanks dropped). */
export function splitInterfaceNames(value: string): string[] {
  return [
    ...new Set(
      value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
  ];
}

/** A row's interfaces: comma separated, at least one, each a valid RouterOS interface name; parsed to distinct names. */
const interfaceCsv = z
  .string()
  .superRefine((value, ctx) => {
    const names = splitInterfaceNames(value);
    if (names.length === 0) ctx.addIssue({ code: "custom", message: "enter at least one interface (names separated by commas)" });
    else if (names.length > MAX_HARDENING_INTERFACES) ctx.addIssue({ code: "custom", message: `at most ${MAX_HARDENING_INTERFACES} interfaces per router` });
    for (const name of names) if (!interfaceName.safeParse(name).success) ctx.addIssue({ code: "custom", message: `"${name}" is not a valid interface name` });
  })
  .transform(splitInterfaceNames);

/** The template's form: the list name every router shares, and one row per router with its interfaces. */
export const macServerHardeningSchema = z
  .strictObject({
    list: interfaceListName
      .refine((n) => !(BUILTIN_INTERFACE_LISTS as readonly string[]).includes(n), "all, none, dynamic and static are built-in lists: choose a list of your own")
      .default("MGMT"),
    routers: z
      .array(z.strictObject({ deviceId: z.string().min(1), interfaces: interfaceCsv }))
      .min(1, "choose at least one router")
      .max(100, "at most 100 routers per set-up"),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.routers.forEach((r, i) => {
      if (seen.has(r.deviceId)) ctx.addIssue({ code: "custom", path: ["routers", i, "deviceId"], message: "each router once" });
      seen.add(r.deviceId);
    });
  });

export type MacServerHardeningInput = z.input<typeof macServerHardeningSchema>;
export type MacServerHardeningParams = z.output<typeof macServerHardeningSchema>;

/** What the builder needs to know of one router, read before building (mac-server-hardening-read.ts). */
export interface HardeningRouterState {
  /** Device name, for notes and errors. */
  router: string;
  /** Names of `/interface` (every type). */
  interfaces: string[];
  /** The `/interface/list` row named like the template's list, null when absent. */
  list: { dynamic: boolean } | null;
  /** That list's `/interface/list/member` rows. */
  members: { interface: string; dynamic: boolean; disabled: boolean }[];
  /** The interface holding the address the app reaches the router at (findManagementInterface), or why it is unknown. */
  management: { interface: string | null; note: string | null };
}

/**
 * The set-up for validated template input, given each router's state: per router, in order, `interface-list.add`
 * (unless the list exists), `interface-list.add-member` for each chosen interface not yet a member,
 * `mac-server.set-allowed-list` for MAC-Telnet then MAC-Winbox, and `mac-server.set-ping enabled=no`.
 * Notes say which steps were left out, which other members the list already has, and when the list will not hold
 * the management interface (allowed: MAC-Winbox then no longer answers there).
 * @throws ChangeInputError with field errors (`routers.<i>.interfaces`, `list`) for an interface the router lacks,
 *   a chosen interface that is a disabled member of the list (no kind enables it), or a list that is dynamic
 * @throws Error when `states` lacks a router of the input (a caller bug)
 */
export function buildMacServerHardening(
  input: MacServerHardeningParams,
  states: ReadonlyMap<string, HardeningRouterState>,
): { setUp: SetUpInput; notes: string[] } {
  const { list } = input;
  const steps: SetUpInput["steps"] = [];
  const notes: string[] = [];
  const fieldErrors: Record<string, string[]> = {};
  const refuse = (field: string, message: string) => (fieldErrors[field] ??= []).push(message);
  input.routers.forEach((r, i) => {
    const state = states.get(r.deviceId);
    if (!state) throw new Error(`no router state read for device ${r.deviceId}`);
    const { router } = state;
    const { deviceId } = r;
    const field = `routers.${i}.interfaces`;
    const missing = r.interfaces.filter((name) => !state.interfaces.includes(name));
    if (missing.length > 0) refuse(field, `${router} has no interface ${missing.join(", ")}`);
    const disabled = r.interfaces.filter((name) => state.members.some((m) => m.interface === name && m.disabled));
    if (disabled.length > 0)
      refuse(
        field,
        `${disabled.join(", ")} ${disabled.length === 1 ? "is a disabled member" : "are disabled members"} of ${list} on ${router}: enable or remove it on the router first`,
      );
    if (state.list?.dynamic) refuse("list", `${list} is a dynamic interface list on ${router} (added by RouterOS): choose another name`);

    if (state.list) notes.push(`${router}: interface list ${list} already exists; not added`);
    else steps.push({ kind: "interface-list.add", deviceId, params: { name: list, comment: "management: MAC-Telnet and MAC-Winbox" } });
    for (const name of r.interfaces) {
      if (state.members.some((m) => m.interface === name)) notes.push(`${router}: ${name} is already a member of ${list}; not added`);
      else steps.push({ kind: "interface-list.add-member", deviceId, params: { list, interface: name } });
    }
    const others = state.members.filter((m) => !m.disabled && !r.interfaces.includes(m.interface)).map((m) => m.interface);
    if (others.length > 0) notes.push(`${router}: ${list} also holds ${others.join(", ")}: MAC-Telnet and MAC-Winbox will answer there too`);
    for (const service of ["mac-telnet", "mac-winbox"] as const)
      steps.push({ kind: "mac-server.set-allowed-list", deviceId, params: { service, allowedInterfaceList: list } });
    steps.push({ kind: "mac-server.set-ping", deviceId, params: { enabled: false } });

    const mgmt = state.management.interface;
    if (mgmt === null) notes.push(`${router}: could not check that ${list} holds the management interface (${state.management.note ?? "unknown"})`);
    else if (!r.interfaces.includes(mgmt) && !others.includes(mgmt)) {
      notes.push(
        `${router}: ${list} will not hold ${mgmt}, the interface with the address the app reaches the router at: MAC-Telnet and MAC-Winbox will no longer answer on it`,
      );
    }
  });
  if (Object.keys(fieldErrors).length > 0) throw new ChangeInputError("some routers cannot be hardened as entered", fieldErrors);
  const n = input.routers.length;
  return { setUp: { title: `MAC-server hardening (${list}) on ${n} router${n === 1 ? "" : "s"}`, template: MAC_SERVER_HARDENING, steps }, notes };
}
