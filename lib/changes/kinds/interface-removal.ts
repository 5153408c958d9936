import "server-only";
import type { PlanContext } from "../kind";
import type { ChangePlan, ObjectSnapshot, PlannedOp } from "../types";
import { childInterfaces, dhcpServersOn, fieldError, staticAddressesOn } from "./shared";

/**
 * Plans removing an interface with its static `/ip/address` rows first (each its own op, so an undo
 * re-adds them), refusing while another interface uses it as parent. Shared by macvlan.remove and
 * macsec.remove.
 */
export async function planInterfaceRemoval(ctx: PlanContext, target: ObjectSnapshot & { values: Record<string, string> }, name: string): Promise<ChangePlan> {
  const children = await childInterfaces(ctx.client, name);
  if (children.length > 0) throw fieldError("name", `${name} is the parent of ${children.join(", ")}: remove those first`);
  const { snapshots, dynamic } = await staticAddressesOn(ctx.client, name);
  const notes = snapshots.map((s) => `/ip/address ${s.ref.key.address} on ${name} is removed first`);
  for (const a of dynamic) notes.push(`dynamic address ${a} on ${name} goes with the interface`);
  for (const server of await dhcpServersOn(ctx.client, name))
    notes.push(`/ip/dhcp-server ${server} runs on ${name} and will be left without its interface: review it`);
  const members = await ctx.client.print("/interface/list/member", { where: { interface: name }, proplist: ["list", "interface"] });
  for (const m of members) if (m.interface === name) notes.push(`${name} is a member of interface list ${m.list ?? "?"}: review that entry after the removal`);
  const ops: PlannedOp[] = [...snapshots.map((s): PlannedOp => ({ op: "remove", ref: s.ref })), { op: "remove", ref: target.ref }];
  return { base: [target, ...snapshots], ops, disruptsInterfaces: [name], notes };
}
