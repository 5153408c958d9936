import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./engine/testdata/harness";
import { applyChange, approveChange, ChangeStateError, proposeChange, reconcileInterrupted, scheduleChange } from "./workflow";
import { refuseRows } from "../testing/raw-sql";
import { required } from "../testing/required";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const CHILD = path.resolve(__dirname, "engine/testdata/apply-child.ts");

function startChild(id: string, owner: string): ChildProcess {
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD, h.t.url, id, owner], {
    cwd: path.resolve(__dirname, "../.."),
    env: process.env,
    stdio: "ignore",
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function killed(child: ChildProcess): Promise<void> {
  const exit = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exit;
}

async function scheduled(router: string, name: string): Promise<string> {
  const { id, hash } = await proposeChange(h.t.db, h.operator, {
    kind: "macvlan.add",
    params: { name, interface: "ether2" },
    deviceIds: [await h.deviceId(router)],
  });
  await approveChange(h.t.db, h.admin, { id, hash });
  await scheduleChange(h.t.db, h.admin, { id });
  return id;
}

const later = () => new Date(Date.now() + 120_000);

describe("crash while APPLYING", () => {
  it("killed after the router applied the write → reconciled APPLIED by reading, never applied again", async () => {
    const id = await scheduled("edge-fra-01", "macvlan-crash");
    await h.setFault("edge-fra-01", { mode: "latency", methods: ["PUT"], latencyMs: 10_000 });
    const child = startChild(id, "doomed-worker");
    await waitFor("the MACVLAN on the router", async () => (await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-crash")).length === 1);
    await killed(child);
    await h.clearFault("edge-fra-01");
    const stuck = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(stuck).toMatchObject({ status: "APPLYING", claimOwner: "doomed-worker" });
    expect(stuck.targets[0]?.status).toBe("APPLYING");
    expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id } })).toBe(1);

    expect(await reconcileInterrupted(h.t.db, { owner: "fresh-worker" })).toBe(0);
    expect(await reconcileInterrupted(h.t.db, { owner: "fresh-worker", now: later() })).toBe(1);
    const done = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(done.status).toBe("APPLIED");
    expect(done.targets[0]?.status).toBe("APPLIED");
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-crash")).toHaveLength(1);
    const reconcileCalls = (JSON.parse(required(done.targets[0], "the target").steps) as { phase: string; method: string }[]).filter(
      (s) => s.phase === "reconcile",
    );
    expect(reconcileCalls.length).toBeGreaterThan(0);
    expect(reconcileCalls.every((s) => s.method === "GET" || s.method === "NOTE")).toBe(true);
    expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id } })).toBe(0);
    await expect(applyChange(h.t.db, id, { owner: "fresh-worker" })).rejects.toBeInstanceOf(ChangeStateError);
    expect(await reconcileInterrupted(h.t.db, { owner: "fresh-worker", now: later() })).toBe(0);
    await h.expectChainOk();
  });

  it("killed before any write took effect → FAILED, router unchanged", async () => {
    const id = await scheduled("edge-lys-01", "macvlan-crash2");
    await h.setFault("edge-lys-01", { mode: "hang", methods: ["PUT"] });
    const child = startChild(id, "doomed-worker-2");
    await waitFor("the target APPLYING", async () => (await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } })).status === "APPLYING");
    await new Promise((r) => setTimeout(r, 200));
    await killed(child);
    await h.clearFault("edge-lys-01");
    expect(await reconcileInterrupted(h.t.db, { owner: "fresh-worker", now: later() })).toBe(1);
    const done = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(done.status).toBe("FAILED");
    expect(done.targets[0]?.error).toBe("interrupted before any write took effect; router unchanged");
    expect(await h.rows("edge-lys-01", "/interface/macvlan?name=macvlan-crash2")).toEqual([]);
    await h.expectChainOk();
  });

  it("an unexpected error leaves the request APPLYING with its device lock held until reconcile (or the lock's expiry)", async () => {
    const id = await scheduled("guide-macserver", "macvlan-dberr");
    const deviceId = await h.deviceId("guide-macserver");
    const remove = await refuseRows(h.t, {
      name: "test_refuse_applied",
      table: "ChangeTarget",
      event: "UPDATE",
      column: "status",
      value: "APPLIED",
      message: "test: the database refused the write",
    });
    try {
      // SQLite's error names the refused call; PostgreSQL's is the trigger's message.
      await expect(applyChange(h.t.db, id, { owner: "unlucky-worker" })).rejects.toThrow(/changeTarget\.update|test: the database refused the write/);
    } finally {
      await remove();
    }
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPLYING", claimOwner: "unlucky-worker" });
    const lock = await h.t.db.deviceChangeLock.findUnique({ where: { deviceId } });
    expect(lock).toMatchObject({ changeRequestId: id, owner: "unlucky-worker" });
    expect(lock?.until.getTime()).toBeGreaterThan(Date.now());
    const other = await scheduled("guide-macserver", "macvlan-dberr-next");
    expect(await applyChange(h.t.db, other, { owner: "other-worker" })).toBe("SCHEDULED");

    expect(await reconcileInterrupted(h.t.db, { owner: "fresh-worker", now: later() })).toBe(1);
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("APPLIED");
    expect(await h.t.db.deviceChangeLock.count({ where: { deviceId } })).toBe(0);
    expect(await applyChange(h.t.db, other, { owner: "other-worker" })).toBe("APPLIED");
    await h.expectChainOk();
  });
});
