import { z } from "zod";
import { interfaceName, ipv4Cidr } from "../../../validation/routeros";
import { kindInfo } from "../../kinds/catalog";
import type { ChangeKind } from "../../kind";
import { readObject } from "../../router-objects";
import type { ChangePlan, ObjectRef } from "../../types";

const schema = z.strictObject({
  name: interfaceName,
  parent: interfaceName,
  address: ipv4Cidr,
  list: z.string().min(1),
  disruptsParent: z.boolean().optional(),
});

/**
 * Test-only kind with three writes: `/interface/macvlan add`, `/ip/address add` on it, and
 * `/interface/list/member add` of it (so "the second of three writes fails" can be staged);
 * `disruptsParent` declares the parent disrupted (management-path guard tests). Uses the
 * id `macvlan.add` (any id works: the tests pass it through `getKind`).
 */
const threeWriteKind: ChangeKind<typeof schema> = {
  info: { ...kindInfo("macvlan.add"), label: "Test: MACVLAN + address + list member" },
  schema,
  describe: (p) => `Test: add ${p.name} on ${p.parent} with ${p.address} in ${p.list}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const macvlan: ObjectRef = { menu: "/interface/macvlan", key: { name: p.name }, fields: ["interface", "mode"], label: `/interface/macvlan ${p.name}` };
    const address: ObjectRef = { menu: "/ip/address", key: { address: p.address, interface: p.name }, fields: ["disabled"], label: `/ip/address ${p.address}` };
    const member: ObjectRef = {
      menu: "/interface/list/member",
      key: { list: p.list, interface: p.name },
      fields: ["disabled"],
      label: `/interface/list/member ${p.list} ${p.name}`,
    };
    const base = await Promise.all([macvlan, address, member].map((ref) => readObject(ctx.client, ref)));
    return {
      base,
      ops: [
        { op: "add", ref: macvlan, values: { name: p.name, interface: p.parent, mode: "bridge" } },
        { op: "add", ref: address, values: { address: p.address, interface: p.name } },
        { op: "add", ref: member, values: { list: p.list, interface: p.name } },
      ],
      disruptsInterfaces: p.disruptsParent ? [p.parent] : [],
      notes: [],
    };
  },
};

/** A kind lookup that serves only the test kind. */
export function testKinds(id: string): ChangeKind | null {
  return id === "macvlan.add" ? (threeWriteKind as unknown as ChangeKind) : null;
}
