import "server-only";
import { z } from "zod";
import { interfaceName, macsecCak, macsecCkn, routerOsName } from "../../validation/routeros";
import type { ChangeKind } from "../kind";
import type { ChangePlan, ObjectRef } from "../types";
import { kindInfo } from "./catalog";
import { planInterfaceRemoval } from "./interface-removal";
import { fieldError, interfaceRef, isTrue, optionalParam, readExisting, readSnapshot, requireFreeInterfaceName } from "./shared";

/**
 * MACsec kinds: `/interface/macsec` keyed by `name` (docs/routeros.md). The CAK (`cak`, 32 hex, sensitive)
 * is a secret param: plans carry it as `{ secret: "cak" }`, refs list it in `secretFields` (never in
 * `fields`), and no plan reads it. RouterOS has no key chain: a CAK is rotated by changing it on both
 * peers, the link renegotiating (status `negotiating`) until they match.
 */

/** `/interface/macsec` by name, without `cak` in `fields`; `secretFields: ["cak"]` when the change writes or must restore it. */
export function macsecRef(name: string, withSecret: boolean): ObjectRef {
  return {
    menu: "/interface/macsec",
    key: { name },
    fields: ["interface", "ckn", "profile", "mtu", "disabled", "comment"],
    displayFields: ["status", "running"],
    ...(withSecret ? { secretFields: ["cak"] } : {}),
    label: `/interface/macsec ${name}`,
  };
}

function profileRef(name: string): ObjectRef {
  return { menu: "/interface/macsec/profile", key: { name }, fields: ["server-priority"], label: `/interface/macsec/profile ${name}` };
}

const nameSchema = z.strictObject({ name: interfaceName });

const addSchema = z.strictObject({
  name: interfaceName,
  interface: interfaceName,
  cak: macsecCak,
  ckn: macsecCkn,
  profile: optionalParam(routerOsName).transform((v) => v ?? "default"),
});

/** `macsec.add`: `/interface/macsec add name interface cak ckn profile`. */
export const macsecAddKind: ChangeKind<typeof addSchema> = {
  info: kindInfo("macsec.add"),
  schema: addSchema,
  describe: (p) => `Add MACsec ${p.name} on ${p.interface}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await readSnapshot(ctx.client, macsecRef(p.name, true), "name");
    if (target.values !== null) throw fieldError("name", `MACsec interface ${p.name} already exists on this router`);
    await requireFreeInterfaceName(ctx.client, p.name);
    const parent = await readExisting(ctx.client, interfaceRef(p.interface), "interface", `parent interface ${p.interface} does not exist on this router`);
    const profile = await readExisting(ctx.client, profileRef(p.profile), "profile", `MACsec profile ${p.profile} does not exist on this router`);
    const siblings = await ctx.client.print("/interface/macsec", { where: { interface: p.interface }, proplist: ["name", "interface"] });
    const notes = ["the peer needs the same CAK and CKN; the link negotiates until both sides match"];
    for (const s of siblings) if (s.interface === p.interface) notes.push(`${p.interface} already carries MACsec ${s.name ?? "?"}`);
    return {
      base: [target, parent, profile],
      ops: [
        {
          op: "add",
          ref: target.ref,
          values: { name: p.name, interface: p.interface, cak: { secret: "cak" }, ckn: p.ckn, profile: p.profile },
        },
      ],
      disruptsInterfaces: [],
      notes,
    };
  },
};

function toggleKind(id: "macsec.enable" | "macsec.disable"): ChangeKind<typeof nameSchema> {
  const disable = id === "macsec.disable";
  return {
    info: kindInfo(id),
    schema: nameSchema,
    describe: (p) => `${disable ? "Disable" : "Enable"} MACsec ${p.name}`,
    async plan(p, ctx): Promise<ChangePlan> {
      const current = await readExisting(ctx.client, macsecRef(p.name, false), "name", `MACsec interface ${p.name} does not exist on this router`);
      if (isTrue(current.values.disabled) === disable) {
        return { base: [current], ops: [], disruptsInterfaces: [], notes: [`${p.name} is already ${disable ? "disabled" : "enabled"}: nothing to change`] };
      }
      return {
        base: [current],
        ops: [{ op: "set", ref: current.ref, values: { disabled: disable ? "true" : "false" } }],
        disruptsInterfaces: disable ? [p.name] : [],
        notes: disable ? [`encrypted traffic over ${p.name} stops`] : [`${p.name} negotiates with its peer (status negotiating → open-encrypted)`],
      };
    },
  };
}

/** `macsec.enable`: `/interface/macsec set <name> disabled=no`. */
export const macsecEnableKind = toggleKind("macsec.enable");
/** `macsec.disable`: `/interface/macsec set <name> disabled=yes` (disrupts the interface). */
export const macsecDisableKind = toggleKind("macsec.disable");

const rotateSchema = z.strictObject({ name: interfaceName, cak: macsecCak });

/** `macsec.rotate-cak`: `/interface/macsec set <name> cak=<new>` (disrupts it until the peer has the same CAK). */
export const macsecRotateCakKind: ChangeKind<typeof rotateSchema> = {
  info: kindInfo("macsec.rotate-cak"),
  schema: rotateSchema,
  describe: (p) => `Rotate the CAK of MACsec ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const current = await readExisting(ctx.client, macsecRef(p.name, true), "name", `MACsec interface ${p.name} does not exist on this router`);
    return {
      base: [current],
      ops: [{ op: "set", ref: current.ref, values: { cak: { secret: "cak" } } }],
      disruptsInterfaces: [p.name],
      notes: [
        `RouterOS has no key chain: ${p.name} renegotiates and carries no traffic until its peer has the same CAK; rotate the peer's CAK with the same value (ckn ${current.values.ckn ?? "?"})`,
      ],
    };
  },
};

/** `macsec.remove`: removes the static addresses on it, then `/interface/macsec remove <name>` (CAK restorable on undo). */
export const macsecRemoveKind: ChangeKind<typeof nameSchema> = {
  info: kindInfo("macsec.remove"),
  schema: nameSchema,
  describe: (p) => `Remove MACsec ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await readExisting(ctx.client, macsecRef(p.name, true), "name", `MACsec interface ${p.name} does not exist on this router`);
    return planInterfaceRemoval(ctx, target, p.name);
  },
};
