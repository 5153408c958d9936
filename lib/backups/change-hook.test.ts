import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../changes/engine/testdata/harness";
import { applyChange, approveChange, proposeChange, scheduleChange } from "../changes/workflow";
import { at } from "../testing/at";
import { unifiedDiff } from "./content";
import { decodeContent, takeBackup } from "./store";

// What the change runner's before/after hook will do (the lead wires it into lib/changes): a backup just before
// and just after an applied change request differ by exactly that change's lines, and are not flagged.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("backups around an applied change request", () => {
  it("differ by exactly the change's lines; a change by hand afterwards is flagged", async () => {
    const router = "guide-soho-macvlan";
    const deviceId = await h.deviceId(router);
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-hook", interface: "ether2" },
      deviceIds: [deviceId],
    });
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });

    const before = await takeBackup(h.t.db, deviceId, { trigger: "before_change", changeRequestId: id });
    expect(await applyChange(h.t.db, id, { owner: "hook-test" })).toBe("APPLIED");
    const after = await takeBackup(h.t.db, deviceId, { trigger: "after_change", changeRequestId: id });
    expect(after).toMatchObject({ stored: true, linesAdded: 1, linesRemoved: 0, outsideChange: false });

    const rows = await h.t.db.configBackup.findMany({ where: { deviceId }, orderBy: { takenAt: "asc" } });
    expect(rows.map((r) => [r.trigger, r.changeRequestId])).toEqual([
      ["before_change", id],
      ["after_change", id],
    ]);
    expect(at(rows, 0).id).toBe(before.backupId);
    const patch = unifiedDiff("before", decodeContent(at(rows, 0)), "after", decodeContent(at(rows, 1)));
    const changed = patch.split("\n").filter((l) => /^[+-][^+-]/.test(l));
    expect(changed).toHaveLength(1);
    expect(at(changed, 0)).toMatch(/^\+\/interface macvlan add interface=ether2 mac-address=\S+ name=macvlan-hook$/);

    const [macvlan] = await h.rows(router, "/interface/macvlan?name=macvlan-hook");
    expect((await h.rest(router, "PATCH", `/interface/macvlan/${macvlan?.[".id"] ?? ""}`, { comment: "by hand" })).status).toBe(200);
    expect(await takeBackup(h.t.db, deviceId, { trigger: "scheduled" })).toMatchObject({ stored: true, outsideChange: true });
  });

  it("a request that left the configuration as it was does not hide a later change by hand", async () => {
    const router = "guide-isp-dhcp";
    const deviceId = await h.deviceId(router);
    expect(await takeBackup(h.t.db, deviceId, { trigger: "on_demand" })).toMatchObject({ stored: true });
    // A request touches the router and is undone: the configuration reads as before.
    const { id, hash } = await proposeChange(h.t.db, h.operator, { kind: "mac-server.set-ping", params: { enabled: false }, deviceIds: [deviceId] });
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });
    await h.setFault(router, { mode: "http500", methods: ["GET"], skip: 2, count: 3 });
    expect(await applyChange(h.t.db, id, { owner: "hook-test" })).toBe("ROLLED_BACK");
    await h.clearFault(router);
    expect(await takeBackup(h.t.db, deviceId, { trigger: "on_demand" })).toMatchObject({ stored: false });
    const [address] = await h.rows(router, "/ip/address");
    expect((await h.rest(router, "PATCH", `/ip/address/${address?.[".id"] ?? ""}`, { comment: "by hand" })).status).toBe(200);
    expect(await takeBackup(h.t.db, deviceId, { trigger: "on_demand" })).toMatchObject({ stored: true, outsideChange: true });
  });
});
