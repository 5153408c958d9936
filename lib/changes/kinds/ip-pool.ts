import "server-only";
import { z } from "zod";
import { parsePoolRanges, type PoolRange } from "../../validation/addresses";
import { ipPoolRanges, routerOsComment, routerOsName } from "../../validation/routeros";
import type { ChangeKind } from "../kind";
import type { ChangePlan, ObjectRef, ObjectSnapshot } from "../types";
import { kindInfo } from "./catalog";
import { fieldError, optionalParam, readExisting, readSnapshot } from "./shared";

/**
 * `/ip/pool` kinds keyed by `name`: `ranges` (`first-last`, comma-separated) and an optional `next-pool` (every
 * RouterOS version the product supports has it). A pool that a DHCP server's `address-pool` or another pool's
 * `next-pool` names is not removed: the reference would dangle. Other users of pools (PPP profiles, hotspot) are
 * not read.
 */

/** `/ip/pool` by name; `fields` are what an undo of a remove re-creates. */
export function poolRef(name: string): ObjectRef {
  return { menu: "/ip/pool", key: { name }, fields: ["ranges", "next-pool", "comment"], label: `/ip/pool ${name}` };
}

/** Guard: the rows of `menu` whose `field` names the pool (none expected when removing it). */
function usersRef(menu: "/ip/dhcp-server" | "/ip/pool", field: "address-pool" | "next-pool", pool: string): ObjectRef {
  return { menu, key: { [field]: pool }, fields: ["name"], label: `${menu} with ${field}=${pool}` };
}

/** The ranges of a printed `ranges` value; empty when RouterOS printed a form this product does not write (e.g. a prefix). */
export function printedRanges(text: string | undefined): PoolRange[] {
  const parsed = parsePoolRanges(text ?? "");
  return "ranges" in parsed ? parsed.ranges : [];
}

const addSchema = z.strictObject({
  name: routerOsName,
  ranges: ipPoolRanges,
  nextPool: optionalParam(routerOsName),
  comment: optionalParam(routerOsComment),
});

/** `ip-pool.add`: `/ip/pool add name ranges [next-pool] [comment]`. */
export const poolAddKind: ChangeKind<typeof addSchema> = {
  info: kindInfo("ip-pool.add"),
  schema: addSchema,
  describe: (p) => `Add IP pool ${p.name} (${p.ranges})`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await readSnapshot(ctx.client, poolRef(p.name), "name");
    if (target.values !== null) throw fieldError("name", `IP pool ${p.name} already exists (ranges ${target.values.ranges ?? "none"})`);
    const base: ObjectSnapshot[] = [target];
    if (p.nextPool !== undefined) {
      if (p.nextPool === p.name) throw fieldError("nextPool", "a pool cannot be its own next-pool");
      base.push(await readExisting(ctx.client, poolRef(p.nextPool), "nextPool", `IP pool ${p.nextPool} does not exist on this router`));
    }
    const mine = printedRanges(p.ranges);
    const notes: string[] = [];
    for (const pool of await ctx.client.print("/ip/pool", { proplist: ["name", "ranges"] })) {
      const shared = printedRanges(pool.ranges).some((r) => mine.some((m) => m.first <= r.last && r.first <= m.last));
      if (shared) notes.push(`the ranges overlap pool ${pool.name ?? "?"} (${pool.ranges ?? ""}): both may hand out the same addresses`);
    }
    const values: Record<string, string> = { name: p.name, ranges: p.ranges };
    if (p.nextPool !== undefined) values["next-pool"] = p.nextPool;
    if (p.comment !== undefined) values.comment = p.comment;
    return { base, ops: [{ op: "add", ref: target.ref, values }], disruptsInterfaces: [], notes };
  },
};

const removeSchema = z.strictObject({ name: routerOsName });

/** `ip-pool.remove`: removes an `/ip/pool` that no DHCP server and no other pool (`next-pool`) names. */
export const poolRemoveKind: ChangeKind<typeof removeSchema> = {
  info: kindInfo("ip-pool.remove"),
  schema: removeSchema,
  describe: (p) => `Remove IP pool ${p.name}`,
  async plan(p, ctx): Promise<ChangePlan> {
    const target = await readExisting(ctx.client, poolRef(p.name), "name", `IP pool ${p.name} does not exist on this router`);
    const [servers, pools] = await Promise.all([
      ctx.client.print("/ip/dhcp-server", { where: { "address-pool": p.name }, proplist: ["name", "address-pool"] }),
      ctx.client.print("/ip/pool", { where: { "next-pool": p.name }, proplist: ["name", "next-pool"] }),
    ]);
    const serverNames = servers.filter((r) => r["address-pool"] === p.name).map((r) => r.name ?? "?");
    if (serverNames.length > 0) {
      throw fieldError("name", `IP pool ${p.name} is the address-pool of DHCP server ${serverNames.join(", ")}: remove or change the server first`);
    }
    const poolNames = pools.filter((r) => r["next-pool"] === p.name).map((r) => r.name ?? "?");
    if (poolNames.length > 0) throw fieldError("name", `IP pool ${p.name} is the next-pool of pool ${poolNames.join(", ")}: change that pool first`);
    const guards = await Promise.all([
      readSnapshot(ctx.client, usersRef("/ip/dhcp-server", "address-pool", p.name), "name"),
      readSnapshot(ctx.client, usersRef("/ip/pool", "next-pool", p.name), "name"),
    ]);
    return {
      base: [target, ...guards],
      ops: [{ op: "remove", ref: target.ref }],
      disruptsInterfaces: [],
      notes: ["only DHCP servers and other pools are checked for references; PPP profiles or hotspot settings naming this pool are not read"],
    };
  },
};
