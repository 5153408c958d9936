import { z } from "zod";
import { interfaceName, macsecCak, macsecCkn, routerOsName } from "../../validation/routeros";
import { MAX_SETTLE_SEC, type SetUpInput } from "../setup/types";

/**
 * The "MACsec link" template (the MACsec guide, docs/routeros.md): two routers and their interfaces, one
 * `/interface/macsec` on each end with the same CAK and CKN, then a wait until both ends report
 * `open-encrypted`; if either does not within the stated time, both ends are undone and the request names the
 * end that did not come up. `rotate-cak` gives both ends of an existing link a new CAK the same way (each end
 * keeps its old CAK on undo). The keys are generated on the server (CSPRNG) unless pasted; they are secret
 * params, so they are sealed at rest and shown only as fingerprints. Client-safe: the form validates with the
 * same schema and never sees generated keys.
 */
export const MACSEC_LINK = "macsec-link";

/** An end: its router and, for `create`, the parent interface the MACsec interface runs on. */
const end = z.strictObject({ deviceId: z.string().min(1), interface: z.preprocess((v) => (v === "" ? undefined : v), interfaceName.optional()) });

/** The template's form. */
export const macsecLinkSchema = z
  .strictObject({
    action: z.enum(["create", "rotate-cak"]).default("create"),
    /** The MACsec interface's name on both ends. */
    name: interfaceName.default("macsec-link"),
    profile: routerOsName.default("default"),
    a: end,
    b: end,
    keys: z.enum(["generate", "paste"]).default("generate"),
    cak: z.preprocess((v) => (v === "" ? undefined : v), macsecCak.optional()),
    ckn: z.preprocess((v) => (v === "" ? undefined : v), macsecCkn.optional()),
    /** Seconds to wait for both ends to report open-encrypted (the guide: negotiation takes seconds). */
    waitSec: z.coerce.number().int().min(5).max(MAX_SETTLE_SEC).default(60),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.a.deviceId === v.b.deviceId) issue("b", "the two ends must be on two routers");
    for (const side of ["a", "b"] as const)
      if (v.action === "create" && v[side].interface === undefined)
        ctx.addIssue({ code: "custom", path: [side, "interface"], message: "choose the parent interface" });
    if (v.keys === "paste" && v.cak === undefined) issue("cak", "paste the CAK (32 hexadecimal digits), or let the server generate the keys");
    if (v.keys === "paste" && v.action === "create" && v.ckn === undefined)
      issue("ckn", "paste the CKN (64 hexadecimal digits), or let the server generate the keys");
    if (v.keys === "generate" && (v.cak !== undefined || v.ckn !== undefined)) issue("keys", "choose paste to use your own keys");
    if (v.action === "rotate-cak" && v.ckn !== undefined) issue("ckn", "a CAK rotation keeps the CKN");
  });

export type MacsecLinkInput = z.input<typeof macsecLinkSchema>;

/** Random hex of `bytes` bytes from a CSPRNG (server: node's Web Crypto). */
export type RandomHex = (bytes: number) => string;

/**
 * The set-up for validated input: `create` → `macsec.add` on end A then on end B (same name, CAK, CKN and
 * profile); `rotate-cak` → `macsec.rotate-cak` on A then B; both with a settle check on the two ends.
 * Generated keys: CAK 16 bytes, CKN 32 bytes (the lengths docs/routeros.md gives).
 */
export function buildMacsecLink(input: z.output<typeof macsecLinkSchema>, randomHex: RandomHex): { setUp: SetUpInput; notes: string[] } {
  const cak = input.cak ?? randomHex(16);
  const notes =
    input.keys === "generate"
      ? ["the CAK (and for a new link the CKN) are generated on the server when proposed: the request shows only the CAK's fingerprint"]
      : [];
  const settle = {
    timeoutSec: input.waitSec,
    macsec: [
      { deviceId: input.a.deviceId, interface: input.name },
      { deviceId: input.b.deviceId, interface: input.name },
    ],
  };
  if (input.action === "rotate-cak") {
    const steps = [input.a, input.b].map((e) => ({ kind: "macsec.rotate-cak", deviceId: e.deviceId, params: { name: input.name, cak } }));
    return { setUp: { title: `Rotate the CAK of MACsec link ${input.name} on both ends`, template: MACSEC_LINK, steps, settle }, notes };
  }
  const ckn = input.ckn ?? randomHex(32);
  const steps = [input.a, input.b].map((e) => ({
    kind: "macsec.add",
    deviceId: e.deviceId,
    params: { name: input.name, interface: e.interface, cak, ckn, profile: input.profile },
  }));
  return { setUp: { title: `MACsec link ${input.name} on both ends`, template: MACSEC_LINK, steps, settle }, notes };
}
