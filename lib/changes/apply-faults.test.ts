import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./engine/testdata/harness";
import { testKinds } from "./engine/testdata/three-write-kind";
import { applyChange, approveChange, previewChange, proposeChange, scheduleChange } from "./workflow";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function approveAndSchedule(id: string, hash: string, allowManagementCut = false): Promise<void> {
  await approveChange(h.t.db, h.admin, { id, hash, allowManagementCut });
  await scheduleChange(h.t.db, h.admin, { id });
}

/** The router's request cut used by these tests (RouterOS: 60 s). */
const CUT_MS = 1_500;

type Step = { phase: string; method: string; path: string; status: number | null; detail: string | null };

describe("timed-out create", () => {
  it("a PUT the router applied but never answered is found by its natural key: one object, APPLIED, no second PUT", async () => {
    const deviceId = await h.deviceId("edge-fra-01");
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-slow", interface: "ether2" },
      deviceIds: [deviceId],
    });
    await approveAndSchedule(id, hash);
    await h.setFault("edge-fra-01", { mode: "apply-then-hang", methods: ["PUT"], count: 1 });
    expect(await applyChange(h.t.db, id, { owner: "w", requestTimeoutMs: 400, routerCutMs: CUT_MS })).toBe("APPLIED");
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-slow")).toHaveLength(1);
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } });
    const steps = JSON.parse(target.steps) as Step[];
    expect(steps.filter((s) => s.method === "PUT")).toEqual([expect.objectContaining({ status: null, detail: expect.stringMatching(/Timed out/) })]);
    expect(steps.some((s) => s.method === "NOTE" && /counted as applied, not sent again/.test(s.detail ?? ""))).toBe(true);
    await h.expectChainOk();
  });

  it("a timed-out create in a change that then fails is removed by the undo: no leftover, no duplicate", async () => {
    const deviceId = await h.deviceId("edge-mad-01");
    const params = { name: "macvlan-slow2", parent: "ether2", address: "10.78.1.1/24", list: "no-such-list" };
    const { id, hash } = await proposeChange(h.t.db, h.operator, { kind: "macvlan.add", params, deviceIds: [deviceId] }, { getKind: testKinds });
    await approveAndSchedule(id, hash);
    const menus = ["/interface/macvlan", "/ip/address", "/interface/list/member"];
    const before = await Promise.all(menus.map((m) => h.rows("edge-mad-01", m)));
    await h.setFault("edge-mad-01", { mode: "apply-then-hang", methods: ["PUT"], count: 1 });
    expect(await applyChange(h.t.db, id, { owner: "w", requestTimeoutMs: 400, routerCutMs: CUT_MS })).toBe("ROLLED_BACK");
    expect(await Promise.all(menus.map((m) => h.rows("edge-mad-01", m)))).toEqual(before);
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } });
    const steps = JSON.parse(target.steps) as Step[];
    expect(steps.filter((s) => s.phase === "apply" && s.method === "PUT").map((s) => s.status)).toEqual([null, 200, 400]);
    expect(steps.filter((s) => s.phase === "rollback" && s.method === "DELETE").map((s) => s.status)).toEqual([204, 204]);
    expect(target.error).toMatch(/no-such-list|list/);
  });
});

describe("a write with no answer while the router reads as before: watched until the router's request cut", () => {
  const proposeOn = async (router: string, name: string) => {
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name, interface: "ether2" },
      deviceIds: [await h.deviceId(router)],
    });
    await approveAndSchedule(id, hash);
    return id;
  };
  const stepsOf = async (id: string) => JSON.parse((await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } })).steps) as Step[];
  const notes = (steps: Step[]) => steps.filter((s) => s.method === "NOTE").map((s) => s.detail ?? "");

  it("latency slightly above the client timeout (the router performed it at once): found at once, APPLIED, no wait", async () => {
    const id = await proposeOn("guide-macsec-a", "macvlan-lat");
    await h.setFault("guide-macsec-a", { mode: "latency", methods: ["PUT"], latencyMs: 700, count: 1 });
    expect(await applyChange(h.t.db, id, { owner: "w", requestTimeoutMs: 400, routerCutMs: 10_000 })).toBe("APPLIED");
    expect(await h.rows("guide-macsec-a", "/interface/macvlan?name=macvlan-lat")).toHaveLength(1);
    const steps = await stepsOf(id);
    expect(steps.filter((s) => s.method === "PUT").map((s) => s.status)).toEqual([null]);
    expect(notes(steps).some((n) => /re-reading until then/.test(n))).toBe(false);
  });

  it("the router carries the create out after the client gave up (late-apply): re-read until it appears → APPLIED, one object, one PUT", async () => {
    const id = await proposeOn("guide-macsec-a", "macvlan-late");
    await h.setFault("guide-macsec-a", { mode: "late-apply", methods: ["PUT"], latencyMs: 900, count: 1 });
    expect(await applyChange(h.t.db, id, { owner: "w", requestTimeoutMs: 300, routerCutMs: CUT_MS })).toBe("APPLIED");
    expect(await h.rows("guide-macsec-a", "/interface/macvlan?name=macvlan-late")).toHaveLength(1);
    const steps = await stepsOf(id);
    expect(steps.filter((s) => s.method === "PUT").map((s) => s.status)).toEqual([null]);
    expect(notes(steps)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/re-reading until then/),
        expect.stringMatching(/took effect .* after it was sent/),
        expect.stringMatching(/counted as applied/),
      ]),
    );
  });

  it("the create never happens: judged only once the router's cut has passed since the write → FAILED, nothing applied", async () => {
    const id = await proposeOn("guide-macsec-a", "macvlan-never");
    await h.setFault("guide-macsec-a", { mode: "hang", methods: ["PUT"], count: 1 });
    const started = Date.now();
    expect(await applyChange(h.t.db, id, { owner: "w", requestTimeoutMs: 300, routerCutMs: CUT_MS })).toBe("FAILED");
    expect(Date.now() - started).toBeGreaterThanOrEqual(CUT_MS);
    expect(await h.rows("guide-macsec-a", "/interface/macvlan?name=macvlan-never")).toEqual([]);
    const steps = await stepsOf(id);
    expect(notes(steps)).toEqual(expect.arrayContaining([expect.stringMatching(/past the router's request cut\): not applied/)]));
    const reads = steps.filter((s) => s.phase === "apply" && s.method === "GET" && s.path === "/rest/interface/macvlan");
    expect(reads.length).toBeGreaterThanOrEqual(3);
    await h.expectChainOk();
  });
});

describe("bulk over three routers", () => {
  const routers = ["guide-soho-macvlan", "edge-fra-01", "edge-lys-01"];

  it("the second router fails → first APPLIED (reported), second FAILED with the RouterOS error, third SKIPPED; the request NEEDS_ATTENTION (partially applied)", async () => {
    const deviceIds = await Promise.all(routers.map((r) => h.deviceId(r)));
    const { id, hash } = await proposeChange(h.t.db, h.operator, { kind: "macvlan.add", params: { name: "macvlan-bulk", interface: "ether2" }, deviceIds });
    await approveAndSchedule(id, hash);
    await h.setFault("edge-fra-01", { mode: "http500", methods: ["PUT"], count: 1 });
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("NEEDS_ATTENTION");
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(request.error).toMatch(/^partially applied: 1 of 3 devices \(guide-soho-macvlan\); edge-fra-01: .*500 Internal Server Error/);
    const targets = await h.t.db.changeTarget.findMany({ where: { changeRequestId: id }, orderBy: { position: "asc" } });
    expect(targets.map((t) => [t.deviceName, t.status])).toEqual([
      ["guide-soho-macvlan", "APPLIED"],
      ["edge-fra-01", "FAILED"],
      ["edge-lys-01", "SKIPPED"],
    ]);
    expect(targets[1]?.error).toMatch(/500 Internal Server Error/);
    expect(targets[2]?.error).toMatch(/edge-fra-01 failed before it/);
    expect(await h.rows("guide-soho-macvlan", "/interface/macvlan?name=macvlan-bulk")).toHaveLength(1);
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-bulk")).toEqual([]);
    expect(await h.rows("edge-lys-01", "/interface/macvlan?name=macvlan-bulk")).toEqual([]);
    await h.expectChainOk();
  });

  it("drift on one router → CONFLICT and nothing applied on any", async () => {
    const deviceIds = await Promise.all(routers.map((r) => h.deviceId(r)));
    const { id, hash } = await proposeChange(h.t.db, h.operator, { kind: "macvlan.add", params: { name: "macvlan-bulk2", interface: "ether2" }, deviceIds });
    await approveAndSchedule(id, hash);
    expect((await h.rest("edge-lys-01", "PUT", "/interface/macvlan", { name: "macvlan-bulk2", interface: "ether2" })).status).toBe(200);
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("CONFLICT");
    const targets = await h.t.db.changeTarget.findMany({ where: { changeRequestId: id }, orderBy: { position: "asc" } });
    expect(targets.map((t) => t.status)).toEqual(["SKIPPED", "SKIPPED", "CONFLICT"]);
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).error).toMatch(/^edge-lys-01: the router changed since the proposal/);
    expect(await h.rows("guide-soho-macvlan", "/interface/macvlan?name=macvlan-bulk2")).toEqual([]);
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-bulk2")).toEqual([]);
  });
});

describe("management-path guard", () => {
  const router = "edge-lys-01";
  const params = (name: string) => ({ name, parent: "ether3", address: "10.79.1.1/24", list: "LAN", disruptsParent: true });

  it("flags a change that disrupts the interface holding the API address; approval needs the flag", async () => {
    const added = await h.rest(router, "PUT", "/ip/address", { address: "127.0.0.1/8", interface: "ether3" });
    expect(added.status).toBe(200);
    const deviceId = await h.deviceId(router);
    const input = { kind: "macvlan.add" as const, params: params("macvlan-mgmt"), deviceIds: [deviceId] };
    const preview = await previewChange(h.t.db, input, { getKind: testKinds });
    expect(preview.targets[0]).toMatchObject({ cutsManagementPath: true, managementInterface: "ether3" });
    const { id, hash } = await proposeChange(h.t.db, h.operator, input, { getKind: testKinds });
    await expect(approveChange(h.t.db, h.admin, { id, hash })).rejects.toThrow(/management path/);
    await approveAndSchedule(id, hash, true);
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("APPLIED");
    await h.rest(router, "DELETE", `/ip/address/${(added.body as Record<string, string>)[".id"]}`);
  });

  it("re-checks at apply: the API address moved onto the disrupted interface after approval → refused, nothing applied", async () => {
    const deviceId = await h.deviceId(router);
    const { id, hash } = await proposeChange(
      h.t.db,
      h.operator,
      { kind: "macvlan.add", params: params("macvlan-mgmt2"), deviceIds: [deviceId] },
      { getKind: testKinds },
    );
    await approveAndSchedule(id, hash);
    expect((await h.rest(router, "PUT", "/ip/address", { address: "127.0.0.1/8", interface: "ether3" })).status).toBe(200);
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("FAILED");
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).error).toMatch(/refused: the change disrupts ether3/);
    expect(await h.rows(router, "/interface/macvlan?name=macvlan-mgmt2")).toEqual([]);
  });

  it("says so when the API host is not an address of the router (the simulator's loopback)", async () => {
    const deviceId = await h.deviceId("guide-macserver");
    const preview = await previewChange(
      h.t.db,
      { kind: "macvlan.add", params: { ...params("macvlan-x"), parent: "ether2" }, deviceIds: [deviceId] },
      { getKind: testKinds },
    );
    expect(preview.targets[0]).toMatchObject({ cutsManagementPath: false, managementInterface: null });
    expect(preview.targets[0]?.notes.join(" ")).toMatch(/no \/ip\/address holds the API address 127\.0\.0\.1/);
  });
});
