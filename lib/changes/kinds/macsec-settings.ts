import "server-only";
import { z } from "zod";
import { interfaceMtu, interfaceName, macsecCiphers, routerOsName } from "../../validation/routeros";
import type { ChangeKind } from "../kind";
import type { ChangePlan, ObjectRef } from "../types";
import { kindInfo } from "./catalog";
import { macsecRef } from "./macsec";
import { fieldError, interfaceRef, optionalParam, readExisting } from "./shared";

/**
 * MACsec settings kinds: `/interface/macsec/profile` `ciphers` and `server-priority` (profile `ciphers` exists
 * from RouterOS 7.23, docs/routeros.md) and `/interface/macsec` `mtu`. A MACsec frame carries 32 bytes more
 * than its payload (SecTAG and ICV), which is why RouterOS's default `mtu` is 1468 on a 1500 parent; the
 * product refuses an `mtu` above the parent's `mtu` minus those 32 bytes.
 */

/** Bytes a MACsec frame adds to its payload (16-byte SecTAG with SCI + 16-byte ICV). */
export const MACSEC_OVERHEAD = 32;

/** `/interface/macsec/profile` by name, with its writable `ciphers` (7.23+) and `server-priority`. */
export function profileSettingsRef(name: string): ObjectRef {
  return {
    menu: "/interface/macsec/profile",
    key: { name },
    fields: ["ciphers", "server-priority"],
    displayFields: ["default"],
    label: `/interface/macsec/profile ${name}`,
  };
}

const profileSchema = z
  .strictObject({
    name: routerOsName,
    ciphers: optionalParam(macsecCiphers),
    serverPriority: optionalParam(
      z
        .union([z.number(), z.string().trim().regex(/^\d+$/, "server-priority must be a whole number")])
        .transform(Number)
        .pipe(z.number().int().min(0, "server-priority is 0-255").max(255, "server-priority is 0-255")),
    ),
  })
  .refine((p) => p.ciphers !== undefined || p.serverPriority !== undefined, { path: ["ciphers"], message: "give ciphers, server-priority or both" });

/** `macsec-profile.set`: `/interface/macsec/profile set <name> [ciphers] [server-priority]` (RouterOS 7.23+). */
export const macsecProfileSetKind: ChangeKind<typeof profileSchema> = {
  info: kindInfo("macsec-profile.set"),
  schema: profileSchema,
  describe: (p) => `Change MACsec profile ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const current = await readExisting(ctx.client, profileSettingsRef(p.name), "name", `MACsec profile ${p.name} does not exist on this router`);
    if (current.values.ciphers === undefined && p.ciphers !== undefined) {
      throw fieldError("ciphers", `this router prints no ciphers on /interface/macsec/profile: profile ciphers need RouterOS 7.23 or later`);
    }
    const values: Record<string, string> = {};
    if (p.ciphers !== undefined && p.ciphers !== current.values.ciphers) values.ciphers = p.ciphers;
    if (p.serverPriority !== undefined && String(p.serverPriority) !== current.values["server-priority"]) values["server-priority"] = String(p.serverPriority);
    if (Object.keys(values).length === 0)
      return { base: [current], ops: [], disruptsInterfaces: [], notes: [`profile ${p.name} already has these values: nothing to change`] };
    const users = await ctx.client.print("/interface/macsec", { where: { profile: p.name }, proplist: ["name", "profile"] });
    const names = users.filter((u) => u.profile === p.name).map((u) => u.name ?? "?");
    const notes =
      values.ciphers !== undefined && names.length > 0
        ? [
            `${names.join(", ")} use${names.length === 1 ? "s" : ""} this profile and renegotiate${names.length === 1 ? "s" : ""}: the peer needs a common cipher`,
          ]
        : [];
    return { base: [current], ops: [{ op: "set", ref: current.ref, values }], disruptsInterfaces: values.ciphers !== undefined ? names : [], notes };
  },
};

const mtuSchema = z.strictObject({ name: interfaceName, mtu: interfaceMtu });

/** `macsec.set-mtu`: `/interface/macsec set <name> mtu=<bytes>` (at most the parent's mtu minus 32). */
export const macsecSetMtuKind: ChangeKind<typeof mtuSchema> = {
  info: kindInfo("macsec.set-mtu"),
  schema: mtuSchema,
  describe: (p) => `Set mtu=${p.mtu} on MACsec ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const current = await readExisting(ctx.client, macsecRef(p.name, false), "name", `MACsec interface ${p.name} does not exist on this router`);
    const parentName = current.values.interface ?? "";
    const parent = await readExisting(
      ctx.client,
      interfaceRef(parentName, ["mtu"]),
      "name",
      `the parent ${parentName} of ${p.name} does not exist on this router`,
    );
    const parentMtu = Number(parent.values["actual-mtu"] ?? parent.values.mtu);
    if (Number.isFinite(parentMtu) && p.mtu > parentMtu - MACSEC_OVERHEAD) {
      throw fieldError(
        "mtu",
        `mtu ${p.mtu} does not fit ${parentName} (mtu ${parentMtu}): at most ${parentMtu - MACSEC_OVERHEAD} with the ${MACSEC_OVERHEAD} bytes of MACsec overhead`,
      );
    }
    if (current.values.mtu === String(p.mtu))
      return { base: [current, parent], ops: [], disruptsInterfaces: [], notes: [`${p.name} already has mtu ${p.mtu}: nothing to change`] };
    return {
      base: [current, parent],
      ops: [{ op: "set", ref: current.ref, values: { mtu: String(p.mtu) } }],
      disruptsInterfaces: [],
      notes: [`the peer's MACsec mtu should match; packets above ${p.mtu} bytes are fragmented or dropped`],
    };
  },
};
