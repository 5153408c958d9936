import { z } from "zod";
import { interfaceName, macsecCak } from "../../../validation/routeros";
import { kindInfo } from "../../kinds/catalog";
import type { ChangeKind } from "../../kind";
import { readObject } from "../../router-objects";
import type { ChangePlan, ObjectRef } from "../../types";

const schema = z.strictObject({ name: interfaceName, cak: macsecCak });

/**
 * Test-only kind: sets a MACsec `cak` (secret placeholder), then adds the interface to a list that
 * does not exist, so the router refuses the second write and the undo must restore the old CAK it
 * read into memory before the set. Uses the id `macsec.rotate-cak` (secret param `cak`).
 */
const secretThenFailKind: ChangeKind<typeof schema> = {
  info: kindInfo("macsec.rotate-cak"),
  schema,
  describe: (p) => `Test: rotate ${p.name} CAK, then fail`,
  async plan(p, ctx): Promise<ChangePlan> {
    const macsec: ObjectRef = {
      menu: "/interface/macsec",
      key: { name: p.name },
      fields: ["interface", "ckn", "profile"],
      secretFields: ["cak"],
      label: `/interface/macsec ${p.name}`,
    };
    const member: ObjectRef = {
      menu: "/interface/list/member",
      key: { list: "no-such-list", interface: p.name },
      fields: [],
      label: `/interface/list/member no-such-list ${p.name}`,
    };
    const base = await Promise.all([macsec, member].map((ref) => readObject(ctx.client, ref)));
    return {
      base,
      ops: [
        { op: "set", ref: macsec, values: { cak: { secret: "cak" } } },
        { op: "add", ref: member, values: { list: "no-such-list", interface: p.name } },
      ],
      disruptsInterfaces: [p.name],
      notes: [],
    };
  },
};

/** A kind lookup that serves only this test kind. */
export function secretThenFailKinds(id: string): ChangeKind | null {
  return id === "macsec.rotate-cak" ? (secretThenFailKind as unknown as ChangeKind) : null;
}
