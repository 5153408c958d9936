import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at } from "../../testing/at";
import { startHarness, type Harness } from "../engine/testdata/harness";
import { approveChange, applyChange, scheduleChange } from "../workflow";
import { ChangeInputError } from "../workflow-types";
import { previewSetUp, proposeSetUp } from "./propose";
import type { SetUpInput } from "./types";

/**
 * Set-ups (many steps on many routers, one approval) through the whole workflow against the simulator: each
 * router's steps planned over the earlier ones, all applied, or all undone on every router, newest first,
 * when any step fails or drifted; the routers' menus then read exactly as before.
 */

let h: Harness;
const A = "guide-soho-macvlan";
const B = "edge-lys-01";
const MENUS = ["/interface/macvlan", "/ip/address", "/ip/pool", "/ip/dhcp-server", "/ip/dhcp-server/network", "/ip/firewall/filter"];
type Call = { at: string; phase: string; method: string; path: string; status: number | null };

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Every menu the segment touches on `router`, without `.id` and counters. */
async function menus(router: string): Promise<Record<string, Record<string, string>[]>> {
  const out: Record<string, Record<string, string>[]> = {};
  for (const m of MENUS) out[m] = (await h.rows(router, m)).map(({ ".id": _id, bytes: _b, packets: _p, ...rest }) => rest);
  return out;
}

/** An isolated segment's steps on one router: the MACVLAN, then objects that exist only once it does. */
async function segment(router: string, n: number): Promise<SetUpInput["steps"]> {
  const deviceId = await h.deviceId(router);
  const name = `macvlan-lab${n}`;
  return [
    { kind: "macvlan.add", deviceId, params: { name, interface: "ether2" } },
    { kind: "ip-address.add", deviceId, params: { address: `10.5${n}.0.1/24`, interface: name } },
    { kind: "ip-pool.add", deviceId, params: { name: `pool-lab${n}`, ranges: `10.5${n}.0.10-10.5${n}.0.200` } },
    { kind: "dhcp-server.add", deviceId, params: { name: `dhcp-lab${n}`, interface: name, addressPool: `pool-lab${n}` } },
    { kind: "dhcp-network.add", deviceId, params: { address: `10.5${n}.0.0/24`, gateway: `10.5${n}.0.1` } },
    {
      kind: "firewall-rule.add",
      deviceId,
      params: { table: "filter", chain: "forward", action: "drop", position: "top", inInterface: name, outInterface: "ether1", comment: `noc:lab${n}-drop` },
    },
  ];
}

async function approveAndApply(id: string, hash: string): Promise<string> {
  await approveChange(h.t.db, h.admin, { id, hash });
  await scheduleChange(h.t.db, h.admin, { id });
  return applyChange(h.t.db, id, { owner: "w", settlePollMs: 200 });
}

async function calls(id: string): Promise<{ position: number; deviceName: string; status: string; calls: Call[] }[]> {
  const targets = await h.t.db.changeTarget.findMany({ where: { changeRequestId: id }, orderBy: { position: "asc" } });
  return targets.map((t) => ({ position: t.position, deviceName: t.deviceName, status: t.status, calls: JSON.parse(t.steps) as Call[] }));
}

describe("set-ups: many steps on many routers, one approval", () => {
  it("plans each step over the earlier ones, applies every step on both routers, and keeps one target per step", async () => {
    const input = { title: "Lab segment on two routers", steps: [...(await segment(A, 1)), ...(await segment(B, 1))] };
    const preview = await previewSetUp(h.t.db, input);
    expect(preview.steps.map((s) => [s.deviceName, s.kind, s.ok])).toEqual(input.steps.map((s, i) => [i < 6 ? A : B, s.kind, true]));
    expect(at(preview.steps, 1).calls).toEqual([{ method: "PUT", path: "/rest/ip/address", body: { address: "10.51.0.1/24", interface: "macvlan-lab1" } }]);
    const { id, hash } = await proposeSetUp(h.t.db, h.operator, input);
    expect(await h.t.db.changeTarget.count({ where: { changeRequestId: id } })).toBe(12);
    expect(await approveAndApply(id, hash)).toBe("APPLIED");
    for (const router of [A, B]) {
      const after = await menus(router);
      expect(after["/interface/macvlan"]?.find((r) => r.name === "macvlan-lab1")).toMatchObject({ interface: "ether2" });
      expect(after["/ip/dhcp-server"]?.find((r) => r.name === "dhcp-lab1")).toMatchObject({ interface: "macvlan-lab1", "address-pool": "pool-lab1" });
      const forward = (after["/ip/firewall/filter"] ?? []).filter((r) => r.chain === "forward");
      expect(at(forward, 0)).toMatchObject({ comment: "noc:lab1-drop", "in-interface": "macvlan-lab1" });
    }
    await h.expectChainOk();
  });

  it("a failure at a middle step on the second router undoes every step on both routers, newest first", async () => {
    const input = { title: "Lab segment 2", steps: [...(await segment(A, 2)), ...(await segment(B, 2))] };
    const before = { [A]: await menus(A), [B]: await menus(B) };
    const { id, hash } = await proposeSetUp(h.t.db, h.operator, input);
    // B's third PUT (the pool) answers 500 without being carried out.
    await h.setFault(B, { mode: "http500", methods: ["PUT"], skip: 2, count: 1 });
    const status = await approveAndApply(id, hash);
    await h.clearFault(B);
    expect(status).toBe("ROLLED_BACK");
    expect(await menus(A)).toEqual(before[A]);
    expect(await menus(B)).toEqual(before[B]);
    const steps = await calls(id);
    expect(steps.map((s) => s.status)).toEqual([...Array(8).fill("ROLLED_BACK"), "FAILED", "SKIPPED", "SKIPPED", "SKIPPED"]);
    // Undone newest first: B's address before B's MACVLAN, then A's steps from the last one back.
    const rollbacks = steps.flatMap((s) =>
      s.calls.filter((c) => c.phase === "rollback" && c.method === "DELETE").map((c) => ({ at: c.at, position: s.position })),
    );
    expect(rollbacks.map((r) => r.position).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Call times have millisecond resolution: a later step's DELETE is never after an earlier step's.
    const outOfOrder = rollbacks.filter((a) => rollbacks.some((b) => a.position > b.position && a.at > b.at));
    expect(outOfOrder).toEqual([]);
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(request.error).toContain(`step 9 on ${B}`);
    await h.expectChainOk();
  });

  it("checks drift on every step of every router before the first write: a change on the second router writes nothing anywhere", async () => {
    const input = { title: "Lab segment 3", steps: [...(await segment(A, 3)), ...(await segment(B, 3))] };
    const before = await menus(A);
    const { id, hash } = await proposeSetUp(h.t.db, h.operator, input);
    await h.rest(B, "PUT", "/ip/pool", { name: "pool-lab3", ranges: "10.99.0.2-10.99.0.3" });
    expect(await approveAndApply(id, hash)).toBe("CONFLICT");
    expect(await menus(A)).toEqual(before);
    const steps = await calls(id);
    expect(steps.flatMap((s) => s.calls.filter((c) => c.method !== "GET" && c.method !== "NOTE"))).toEqual([]);
    expect(at(steps, 8).status).toBe("CONFLICT");
  });

  it("undoes every step when a MACsec end of the settle check does not come up in time", async () => {
    const deviceId = await h.deviceId(A);
    const before = await menus(A);
    const input = {
      title: "Pool, then wait for a MACsec end that is not there",
      steps: [{ kind: "ip-pool.add", deviceId, params: { name: "pool-settle", ranges: "10.77.0.2-10.77.0.9" } }],
      settle: { timeoutSec: 5, macsec: [{ deviceId, interface: "macsec-absent" }] },
    };
    const { id, hash } = await proposeSetUp(h.t.db, h.operator, input);
    expect(await approveAndApply(id, hash)).toBe("ROLLED_BACK");
    expect(await menus(A)).toEqual(before);
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(request.error).toContain(`MACsec macsec-absent on ${A} did not reach open-encrypted within 5 s (status interface missing)`);
  });

  it("refuses a step that depends on nothing planned before it, naming the step and its field", async () => {
    const deviceId = await h.deviceId(A);
    const input = {
      title: "Address on a missing MACVLAN",
      steps: [{ kind: "ip-address.add", deviceId, params: { address: "10.60.0.1/24", interface: "macvlan-none" } }],
    };
    const err = await proposeSetUp(h.t.db, h.operator, input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChangeInputError);
    expect((err as ChangeInputError).message).toContain(`step 1 on ${A}: interface macvlan-none does not exist on this router`);
    const bad = await proposeSetUp(h.t.db, h.operator, {
      title: "Bad",
      steps: [{ kind: "ip-pool.add", deviceId, params: { name: "p", ranges: "nope" } }],
    }).catch((e: unknown) => e);
    expect(Object.keys((bad as ChangeInputError).fieldErrors ?? {})).toEqual(["steps.1.ranges"]);
  });
});
