import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../changes/engine/testdata/harness";
import { applyChange, approveChange, proposeChange, scheduleChange } from "../changes/workflow";
import { at } from "../testing/at";
import { backUpAroundChange } from "./change-hook";
import { unifiedDiff } from "./content";
import { decodeContent, takeBackup } from "./store";

// The change runner's backups (lib/backups/change-hook.ts) driven through the real apply path: applyChange takes one
// `before_change` backup per router after its drift check and one `after_change` backup once it wrote, linked to
// the request; a backup that fails never fails the change and shows in the request's history.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function scheduled(kind: Parameters<typeof proposeChange>[2]["kind"], params: Record<string, unknown>, deviceIds: string[]): Promise<string> {
  const { id, hash } = await proposeChange(h.t.db, h.operator, { kind, params, deviceIds });
  await approveChange(h.t.db, h.admin, { id, hash });
  await scheduleChange(h.t.db, h.admin, { id });
  return id;
}

/** The request's `change.backup` events: [phase, status] per router. */
async function backupEvents(id: string): Promise<{ phase: string; status: string; backupId: string | null; error: string | null }[]> {
  const rows = await h.t.db.auditEvent.findMany({ where: { entityType: "change", entityId: id, action: "change.backup" }, orderBy: { id: "asc" } });
  return rows.map((r) => JSON.parse(r.after ?? "{}") as { phase: string; status: string; backupId: string | null; error: string | null });
}

describe("backups around an applied change request", () => {
  it("applyChange stores a version before and after, linked to it, that differ by exactly the change's lines; a change by hand afterwards is flagged", async () => {
    const router = "guide-soho-macvlan";
    const deviceId = await h.deviceId(router);
    const id = await scheduled("macvlan.add", { name: "macvlan-hook", interface: "ether2" }, [deviceId]);
    expect(await applyChange(h.t.db, id, { owner: "hook-test" })).toBe("APPLIED");

    const rows = await h.t.db.configBackup.findMany({ where: { deviceId }, orderBy: { takenAt: "asc" } });
    expect(rows.map((r) => [r.trigger, r.changeRequestId, r.outsideChange])).toEqual([
      ["before_change", id, false],
      ["after_change", id, false],
    ]);
    expect(at(rows, 1)).toMatchObject({ linesAdded: 1, linesRemoved: 0 });
    const patch = unifiedDiff("before", decodeContent(at(rows, 0)), "after", decodeContent(at(rows, 1)));
    const changed = patch.split("\n").filter((l) => /^[+-][^+-]/.test(l));
    expect(changed).toHaveLength(1);
    expect(at(changed, 0)).toMatch(/^\+\/interface macvlan add interface=ether2 mac-address=\S+ name=macvlan-hook$/);
    expect(await backupEvents(id)).toEqual([
      { deviceId, deviceName: router, phase: "before_change", status: "stored", backupId: at(rows, 0).id, error: null },
      { deviceId, deviceName: router, phase: "after_change", status: "stored", backupId: at(rows, 1).id, error: null },
    ]);

    const [macvlan] = await h.rows(router, "/interface/macvlan?name=macvlan-hook");
    expect((await h.rest(router, "PATCH", `/interface/macvlan/${macvlan?.[".id"] ?? ""}`, { comment: "by hand" })).status).toBe(200);
    expect(await takeBackup(h.t.db, deviceId, { trigger: "scheduled" })).toMatchObject({ stored: true, outsideChange: true });
    await h.expectChainOk();
  });

  it("a request that was rolled back leaves the configuration's history as it was and does not hide a later change by hand", async () => {
    const router = "guide-isp-dhcp";
    const deviceId = await h.deviceId(router);
    expect(await takeBackup(h.t.db, deviceId, { trigger: "on_demand" })).toMatchObject({ stored: true });
    const id = await scheduled("mac-server.set-ping", { enabled: false }, [deviceId]);
    // The write goes in, its verification read fails: the change is undone and the configuration reads as before.
    // The drift check reads twice (GET), then the before backup reads `/file` twice (find it, remove it).
    await h.setFault(router, { mode: "http500", methods: ["GET"], skip: 4, count: 3 });
    expect(await applyChange(h.t.db, id, { owner: "hook-test" })).toBe("ROLLED_BACK");
    await h.clearFault(router);
    const events = await backupEvents(id);
    expect(events.map((e) => [e.phase, e.status])).toEqual([
      ["before_change", "unchanged"],
      ["after_change", "unchanged"],
    ]);
    expect(await h.t.db.configBackup.count({ where: { deviceId } })).toBe(1);
    const [address] = await h.rows(router, "/ip/address");
    expect((await h.rest(router, "PATCH", `/ip/address/${address?.[".id"] ?? ""}`, { comment: "by hand" })).status).toBe(200);
    expect(await takeBackup(h.t.db, deviceId, { trigger: "on_demand" })).toMatchObject({ stored: true, outsideChange: true });
  });

  it("an export that answers 500 leaves the change APPLIED and says so in its history, the device's state and the audit log", async () => {
    const router = "guide-macserver";
    const deviceId = await h.deviceId(router);
    const id = await scheduled("macvlan.add", { name: "macvlan-nobackup", interface: "ether2" }, [deviceId]);
    // `POST /rest/export` (a command, not a print) is the only POST of this change: it fails before and after.
    await h.setFault(router, { mode: "http500", methods: ["POST"] });
    expect(await applyChange(h.t.db, id, { owner: "hook-test" })).toBe("APPLIED");
    await h.clearFault(router);
    expect(await h.rows(router, "/interface/macvlan?name=macvlan-nobackup")).toHaveLength(1);
    const events = await backupEvents(id);
    expect(events.map((e) => [e.phase, e.status, e.backupId])).toEqual([
      ["before_change", "failed", null],
      ["after_change", "failed", null],
    ]);
    for (const e of events) expect(e.error).toMatch(/500|failure/i);
    expect(await h.t.db.configBackup.count({ where: { deviceId } })).toBe(0);
    expect(await h.t.db.configBackupDevice.findUnique({ where: { deviceId } })).toMatchObject({ lastError: expect.any(String) as string });
    const failed = await h.t.db.auditEvent.findMany({ where: { action: "config_backup.failed", entityId: deviceId }, orderBy: { id: "asc" } });
    expect(failed.map((f) => (JSON.parse(f.after ?? "{}") as { trigger: string }).trigger)).toEqual(["before_change", "after_change"]);
  });

  it("a router that does not answer is cut at the time limit, recorded, and does not throw", async () => {
    const router = "guide-soho-macvlan";
    const deviceId = await h.deviceId(router);
    await h.setFault(router, { mode: "hang", methods: ["POST"] });
    const outcomes = await backUpAroundChange(h.t.db, "change-x", "before_change", [{ deviceId, deviceName: router }], { limitMs: 500 });
    await h.clearFault(router);
    expect(outcomes).toEqual([expect.objectContaining({ deviceId, status: "failed", error: expect.stringMatching(/no backup within 0.5 s/) as string })]);
    expect(await h.t.db.configBackupDevice.findUnique({ where: { deviceId } })).toMatchObject({
      lastError: expect.stringMatching(/no backup within/) as string,
    });
  });
});
