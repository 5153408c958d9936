import "server-only";
import { z } from "zod";
import { interfaceAddress, interfaceMtu, interfaceName, macvlanMode, routerOsComment, unicastMac } from "../../validation/routeros";
import type { ChangeKind, PlanContext } from "../kind";
import { sameValue } from "../router-objects";
import type { ChangePlan, ObjectRef, ObjectSnapshot, PlannedOp } from "../types";
import { kindInfo } from "./catalog";
import { planInterfaceRemoval } from "./interface-removal";
import {
  addressRef,
  fieldError,
  interfaceRef,
  optionalBoolParam,
  optionalParam,
  readExisting,
  readSnapshot,
  requireFreeInterfaceName,
  rosBool,
  withMenuGate,
} from "./shared";

/**
 * MACVLAN kinds: `/interface/macvlan` (RouterOS 7.12+; docs/routeros.md) keyed by `name`. The parent
 * interface is a guard object: its `mtu` bounds the MACVLAN's (`mtu` ≤ parent, as docs/routeros.md and
 * the Linux macvlan driver RouterOS uses require), so a parent change between proposal and apply is drift.
 * `mac-address` must be a unicast station address and the optional `/ip/address` a host address
 * (lib/validation/routeros.ts `unicastMac`, `interfaceAddress`).
 */

const GATE = "/interface/macvlan";

/** `/interface/macvlan` by name; `fields` are what an undo of a remove must re-create. */
export function macvlanRef(name: string): ObjectRef {
  return {
    menu: "/interface/macvlan",
    key: { name },
    fields: ["interface", "mac-address", "mode", "mtu", "arp", "disabled", "comment"],
    displayFields: ["running", "l2mtu"],
    label: `/interface/macvlan ${name}`,
  };
}

/** The parent's MTU in bytes (`mtu`, or `actual-mtu` when `mtu=auto`, e.g. a bridge); null when unknown. */
function parentMtu(values: Record<string, string>): number | null {
  const raw = values.mtu === "auto" ? values["actual-mtu"] : values.mtu;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
}

/** Reads the parent as a guard (with `mtu` compared) and refuses an MTU above the parent's. */
async function readParent(ctx: PlanContext, parent: string, mtu: number | undefined, field: string): Promise<ObjectSnapshot> {
  const snap = await readExisting(ctx.client, interfaceRef(parent, ["mtu"]), field, `parent interface ${parent} does not exist on this router`);
  const limit = parentMtu(snap.values);
  if (mtu !== undefined && limit !== null && mtu > limit) {
    throw fieldError("mtu", `mtu ${mtu} is above the parent ${parent}'s mtu ${limit}`);
  }
  return snap;
}

const addSchema = z.strictObject({
  name: interfaceName,
  interface: interfaceName,
  macAddress: optionalParam(unicastMac),
  mode: macvlanMode.default("bridge"),
  mtu: optionalParam(interfaceMtu),
  comment: optionalParam(routerOsComment),
  ipAddress: optionalParam(interfaceAddress),
});

/** `macvlan.add`: `/interface/macvlan add name interface mode [mac-address] [mtu] [comment]` (+ `/ip/address add`). */
export const macvlanAddKind: ChangeKind<typeof addSchema> = {
  info: kindInfo("macvlan.add"),
  schema: addSchema,
  describe: (p) => `Add MACVLAN ${p.name} on ${p.interface}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await withMenuGate(GATE, macvlanAddKind.info.minVersion, () => readSnapshot(ctx.client, macvlanRef(p.name), "name"));
    if (target.values !== null) throw fieldError("name", `MACVLAN ${p.name} already exists on this router`);
    await requireFreeInterfaceName(ctx.client, p.name);
    const parent = await readParent(ctx, p.interface, p.mtu, "interface");
    const values: Record<string, string> = { name: p.name, interface: p.interface, mode: p.mode };
    if (p.macAddress !== undefined) values["mac-address"] = p.macAddress;
    if (p.mtu !== undefined) values.mtu = String(p.mtu);
    if (p.comment !== undefined) values.comment = p.comment;
    const ops: PlannedOp[] = [{ op: "add", ref: target.ref, values }];
    const base = [target, parent];
    const notes = [p.macAddress === undefined ? "mac-address: automatic (RouterOS picks one)" : `mac-address ${p.macAddress}`];
    if (p.ipAddress !== undefined) {
      const address = await readSnapshot(ctx.client, addressRef(p.ipAddress, p.name), "ipAddress");
      base.push(address);
      ops.push({ op: "add", ref: address.ref, values: { address: p.ipAddress, interface: p.name } });
      const elsewhere = await ctx.client.print("/ip/address", { where: { address: p.ipAddress }, proplist: ["address", "interface"] });
      for (const row of elsewhere)
        notes.push(`${p.ipAddress} is also on ${row.interface ?? "?"}: RouterOS accepts it, but the subnet will be on two interfaces`);
    }
    return { base, ops, disruptsInterfaces: [], notes };
  },
};

const setSchema = z
  .strictObject({
    name: interfaceName,
    mode: optionalParam(macvlanMode),
    mtu: optionalParam(interfaceMtu),
    macAddress: optionalParam(unicastMac),
    disabled: optionalBoolParam,
    comment: optionalParam(routerOsComment),
  })
  .refine((p) => [p.mode, p.mtu, p.macAddress, p.disabled, p.comment].some((v) => v !== undefined), {
    message: "give at least one of mode, mtu, mac-address, disabled, comment",
  });

/** `macvlan.set`: `/interface/macvlan set <name>` with only the fields that differ from the router's. */
export const macvlanSetKind: ChangeKind<typeof setSchema> = {
  info: kindInfo("macvlan.set"),
  schema: setSchema,
  describe: (p) => `Change MACVLAN ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const current = await withMenuGate(GATE, macvlanSetKind.info.minVersion, () =>
      readExisting(ctx.client, macvlanRef(p.name), "name", `MACVLAN ${p.name} does not exist on this router`),
    );
    const base: ObjectSnapshot[] = [current];
    if (p.mtu !== undefined) base.push(await readParent(ctx, current.values.interface ?? "", p.mtu, "mtu"));
    const wanted: Record<string, string | undefined> = {
      mode: p.mode,
      mtu: p.mtu === undefined ? undefined : String(p.mtu),
      "mac-address": p.macAddress,
      disabled: p.disabled === undefined ? undefined : rosBool(p.disabled),
      comment: p.comment,
    };
    const values: Record<string, string> = {};
    const notes: string[] = [];
    for (const [field, value] of Object.entries(wanted)) {
      if (value === undefined) continue;
      if (sameValue(current.values[field], value)) notes.push(`${field} is already ${value}`);
      else values[field] = value;
    }
    if (Object.keys(values).length === 0) {
      return { base, ops: [], disruptsInterfaces: [], notes: [...notes, "nothing to change"] };
    }
    const disrupts = values.disabled === "true" || values["mac-address"] !== undefined;
    if (values["mac-address"] !== undefined) notes.push("a new mac-address makes neighbours re-learn it (ARP): traffic to it pauses briefly");
    if (values.disabled === "true") notes.push(`${p.name} stops passing traffic while disabled`);
    return { base, ops: [{ op: "set", ref: current.ref, values }], disruptsInterfaces: disrupts ? [p.name] : [], notes };
  },
};

const removeSchema = z.strictObject({ name: interfaceName });

/** `macvlan.remove`: removes the static addresses on it, then `/interface/macvlan remove <name>`. */
export const macvlanRemoveKind: ChangeKind<typeof removeSchema> = {
  info: kindInfo("macvlan.remove"),
  schema: removeSchema,
  describe: (p) => `Remove MACVLAN ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await withMenuGate(GATE, macvlanRemoveKind.info.minVersion, () =>
      readExisting(ctx.client, macvlanRef(p.name), "name", `MACVLAN ${p.name} does not exist on this router`),
    );
    return planInterfaceRemoval(ctx, target, p.name);
  },
};
