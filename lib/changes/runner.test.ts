import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./engine/testdata/harness";
import { startChangeRunner } from "./runner";
import { applyChange, approveChange, cancelChange, ChangeStateError, proposeChange, scheduleChange } from "./workflow";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Proposes, approves and schedules a MACVLAN add; `window` is computed just before scheduling (proposing can take long under load). */
async function scheduled(router: string, name: string, window: () => { windowStart?: Date; windowEnd?: Date } = () => ({})): Promise<string> {
  const { id, hash } = await proposeChange(h.t.db, h.operator, {
    kind: "macvlan.add",
    params: { name, interface: "ether2" },
    deviceIds: [await h.deviceId(router)],
  });
  await approveChange(h.t.db, h.admin, { id, hash });
  await scheduleChange(h.t.db, h.admin, { id, ...window() });
  return id;
}

describe("change runner", () => {
  it("applies due requests (two on one router one after the other), waits for a future window, and fails a missed one", async () => {
    const a = await scheduled("edge-fra-01", "macvlan-run-a");
    const b = await scheduled("edge-fra-01", "macvlan-run-b");
    const future = await scheduled("edge-lys-01", "macvlan-run-later", () => ({ windowStart: new Date(Date.now() + 3_600_000) }));
    const missed = await scheduled("edge-lys-01", "macvlan-run-missed", () => ({ windowStart: new Date(), windowEnd: new Date(Date.now() + 300) }));
    await new Promise((r) => setTimeout(r, 400));
    const runner = startChangeRunner({ db: h.t.db, owner: "runner-test", intervalMs: 100 });
    try {
      const status = async (id: string) => (await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status;
      await waitFor("both applied", async () => (await status(a)) === "APPLIED" && (await status(b)) === "APPLIED");
      await waitFor("the missed window failed", async () => (await status(missed)) === "FAILED");
      expect(await status(future)).toBe("SCHEDULED");
      const [ra, rb] = await Promise.all([a, b].map((id) => h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })));
      const [first, second] = [ra, rb].sort((x, y) => (x?.applyStartedAt?.getTime() ?? 0) - (y?.applyStartedAt?.getTime() ?? 0));
      expect(second?.applyStartedAt?.getTime()).toBeGreaterThanOrEqual(first?.finishedAt?.getTime() ?? Infinity);
      expect(await h.rows("edge-fra-01", "/interface/macvlan")).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "macvlan-run-a" }), expect.objectContaining({ name: "macvlan-run-b" })]),
      );
      expect(await h.rows("edge-lys-01", "/interface/macvlan?name=macvlan-run-missed")).toEqual([]);
    } finally {
      await runner.stop();
    }
    await h.expectChainOk();
  });

  it("a router locked by another change puts the request back to SCHEDULED; a stale lock is taken over", async () => {
    const id = await scheduled("guide-soho-macvlan", "macvlan-locked");
    const deviceId = await h.deviceId("guide-soho-macvlan");
    await h.t.db.deviceChangeLock.create({ data: { deviceId, changeRequestId: "other", owner: "other-worker", until: new Date(Date.now() + 60_000) } });
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("SCHEDULED");
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SCHEDULED", claimOwner: null });
    expect(await h.rows("guide-soho-macvlan", "/interface/macvlan?name=macvlan-locked")).toEqual([]);
    await h.t.db.deviceChangeLock.update({ where: { deviceId }, data: { until: new Date(Date.now() - 1) } });
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("APPLIED");
    expect(await h.t.db.deviceChangeLock.count()).toBe(0);
  });

  it("never applies a cancelled SCHEDULED change, even once its window opens (one left in the same window is applied)", async () => {
    const windowStart = new Date(Date.now() + 1_500);
    const cancelled = await scheduled("edge-fra-01", "macvlan-run-cancelled", () => ({ windowStart }));
    const kept = await scheduled("edge-lys-01", "macvlan-run-kept", () => ({ windowStart }));
    await cancelChange(h.t.db, h.operator, { id: cancelled, reason: "not tonight" });
    const runner = startChangeRunner({ db: h.t.db, owner: "runner-cancel", intervalMs: 100 });
    try {
      // The runner applies the other request of the same window: a tick after the window opened has run.
      await waitFor("the kept request applied", async () => (await h.t.db.changeRequest.findUniqueOrThrow({ where: { id: kept } })).status === "APPLIED");
    } finally {
      await runner.stop();
    }
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id: cancelled } })).toMatchObject({
      status: "CANCELLED",
      applyStartedAt: null,
      claimOwner: null,
    });
    await expect(applyChange(h.t.db, cancelled, { owner: "w", now: new Date(windowStart.getTime() + 60_000) })).rejects.toBeInstanceOf(ChangeStateError);
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-run-cancelled")).toEqual([]);
    const actions = await h.t.db.auditEvent.findMany({ where: { entityId: cancelled }, select: { action: true }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["change.propose", "change.approve", "change.schedule", "change.cancel"]);
    await h.expectChainOk();
  });
});
