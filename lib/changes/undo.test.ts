import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beforeBackupCalls, startHarness, type Harness } from "./engine/testdata/harness";
import { applyChange, approveChange, proposeChange, scheduleChange } from "./workflow";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type Step = { phase: string; method: string; path: string; status: number | null };

describe("undo of a field that was absent before", () => {
  it('macvlan.set of mtu + a new comment whose read-back fails → ROLLED_BACK: mtu restored and the comment cleared with comment=""', async () => {
    const router = "guide-soho-macvlan";
    const [before] = await h.rows(router, "/interface/macvlan?name=macvlan-iot");
    expect(before).toBeDefined();
    expect(before?.comment).toBeUndefined();
    const deviceId = await h.deviceId(router);
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.set",
      params: { name: "macvlan-iot", mtu: 1400, comment: "iot cameras" },
      deviceIds: [deviceId],
    });
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });
    // Reads before the verify: drift (macvlan-iot, ether2), the before_change backup's and the read before the PATCH (no management-path
    // read: mtu and comment disrupt no interface); then the verify read fails with its two retries (reads are retried on 5xx).
    await h.setFault(router, { mode: "http500", methods: ["GET"], skip: 3 + beforeBackupCalls(["GET"]), count: 3 });
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("ROLLED_BACK");
    await h.clearFault(router);

    const [after] = await h.rows(router, "/interface/macvlan?name=macvlan-iot");
    expect(after).toBeDefined();
    expect(after?.mtu).toBe(before?.mtu);
    expect(after?.comment ?? "").toBe("");
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } });
    const steps = JSON.parse(target.steps) as Step[];
    expect(steps.filter((s) => s.phase === "verify" && s.method === "GET").map((s) => s.status)).toEqual([500, 500, 500]);
    expect(steps.filter((s) => s.phase === "rollback" && s.method === "PATCH").map((s) => s.status)).toEqual([200]);
    expect(target.error).toMatch(/read back failed/);
    await h.expectChainOk();
  });
});
