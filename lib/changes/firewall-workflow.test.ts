import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { beforeBackupCalls, startHarness, type Harness } from "./engine/testdata/harness";
import { queryChangeDetail } from "./queries";
import { applyChange, approveChange, previewChange, proposeChange, scheduleChange } from "./workflow";
import { ChangeInputError } from "./workflow-types";

/**
 * Firewall rule kinds through the whole workflow (propose → approve → schedule → apply) against the simulator:
 * the stated position, the chain order on the request page, and a failed verify undone so that the table reads
 * exactly as before, order included.
 */

let h: Harness;
const SOHO = "guide-soho-macvlan";
type Step = { phase: string; method: string; path: string; status: number | null };

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** The filter table without `.id` and counters, in print order. */
async function filter(): Promise<Record<string, string>[]> {
  return (await h.rows(SOHO, "/ip/firewall/filter")).map(({ ".id": _id, bytes: _b, packets: _p, ...rest }) => rest);
}

async function run(kind: "firewall-rule.add" | "firewall-rule.remove", params: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const { id, hash } = await proposeChange(h.t.db, h.operator, { kind, params, deviceIds: [await h.deviceId(SOHO)] });
  await approveChange(h.t.db, h.admin, { id, hash });
  await scheduleChange(h.t.db, h.admin, { id });
  return { id, status: await applyChange(h.t.db, id, { owner: "w" }) };
}

const TOP = { table: "filter", chain: "forward", action: "accept", position: "top", srcAddress: "192.168.99.0/24", outInterfaceList: "WAN" };

describe("firewall rules through the workflow", () => {
  it("adds at the top of forward; the request shows the chain in order and the place-before call; removing it restores the table", async () => {
    const before = await filter();
    const { id, status } = await run("firewall-rule.add", { ...TOP, comment: "noc:wf-top" });
    expect(status).toBe("APPLIED");
    const after = await filter();
    expect(after.map((r) => r.comment)).toEqual(["noc:wf-top", ...before.map((r) => r.comment)]);
    expect(at(after, 0)).toMatchObject({ chain: "forward", action: "accept", "src-address": "192.168.99.0/24", "out-interface-list": "WAN" });
    const detail = await queryChangeDetail(h.t.db, id);
    const target = at(detail?.targets ?? [], 0);
    expect(at(target.order, 0).rows.map((r) => r.change)).toEqual(["add", null, null, null]);
    expect(at(target.calls, 0)).toMatchObject({ method: "PUT", body: { "place-before": "<.id of the first rule of chain forward>" } });
    const put = (JSON.parse((await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } })).steps) as Step[]).filter(
      (s) => s.method === "PUT",
    );
    expect(put.map((s) => [s.phase, s.status])).toEqual([["apply", 200]]);

    expect((await run("firewall-rule.remove", { table: "filter", comment: "noc:wf-top" })).status).toBe("APPLIED");
    expect(await filter()).toEqual(before);
    await h.expectChainOk();
  });

  it("a failed verify of a remove is undone: the rule is back whole, before the rule that followed it", async () => {
    const before = await filter();
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "firewall-rule.remove",
      params: { table: "filter", comment: "isolate IoT from LAN" },
      deviceIds: [await h.deviceId(SOHO)],
    });
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });
    // Reads before the verify: drift (the rule), the before_change backup's, the read before the DELETE and the table's order; then the verify read fails with its two retries.
    await h.setFault(SOHO, { mode: "http500", methods: ["GET"], skip: 3 + beforeBackupCalls(["GET"]), count: 3 });
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("ROLLED_BACK");
    await h.clearFault(SOHO);
    expect(await filter()).toEqual(before);
    const steps = JSON.parse((await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } })).steps) as Step[];
    expect(steps.filter((s) => s.method !== "NOTE").map((s) => `${s.phase} ${s.method} ${s.status ?? "-"}`)).toEqual(
      expect.arrayContaining(["apply DELETE 204", "verify GET 500", "rollback PUT 200"]),
    );
    await h.expectChainOk();
  });

  it("a failed verify of an add is undone by removing the rule by its key", async () => {
    const before = await filter();
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "firewall-rule.add",
      params: { ...TOP, position: "before-first-drop", comment: "noc:wf-undo" },
      deviceIds: [await h.deviceId(SOHO)],
    });
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });
    // Reads before the verify: drift (the key, the WAN list), the before_change backup's and the table to find the first drop rule.
    await h.setFault(SOHO, { mode: "http500", methods: ["GET"], skip: 3 + beforeBackupCalls(["GET"]), count: 3 });
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("ROLLED_BACK");
    await h.clearFault(SOHO);
    expect(await filter()).toEqual(before);
  });

  it("two pending requests with one key: the second to apply finds the key taken (drift) and writes nothing", async () => {
    const deviceIds = [await h.deviceId(SOHO)];
    const first = await proposeChange(h.t.db, h.operator, { kind: "firewall-rule.add", params: { ...TOP, comment: "noc:twin" }, deviceIds });
    const second = await proposeChange(h.t.db, h.operator, { kind: "firewall-rule.add", params: { ...TOP, position: "end", comment: "noc:twin" }, deviceIds });
    for (const r of [first, second]) {
      await approveChange(h.t.db, h.admin, r);
      await scheduleChange(h.t.db, h.admin, { id: r.id });
    }
    expect(await applyChange(h.t.db, first.id, { owner: "w" })).toBe("APPLIED");
    expect(await applyChange(h.t.db, second.id, { owner: "w" })).toBe("CONFLICT");
    expect((await filter()).filter((r) => r.comment === "noc:twin")).toHaveLength(1);
  });

  it("bad params and a key already on the router are refused with field errors; the MACsec profile kind is refused below 7.23", async () => {
    const deviceIds = [await h.deviceId(SOHO)];
    const bad = await proposeChange(h.t.db, h.operator, { kind: "firewall-rule.add", params: { ...TOP, comment: "rule-1" }, deviceIds }).catch(
      (e: unknown) => e,
    );
    expect(bad).toBeInstanceOf(ChangeInputError);
    expect(Object.keys((bad as ChangeInputError).fieldErrors ?? {})).toEqual(["comment"]);
    expect((await run("firewall-rule.add", { ...TOP, comment: "noc:dup" })).status).toBe("APPLIED");
    const dup = await proposeChange(h.t.db, h.operator, { kind: "firewall-rule.add", params: { ...TOP, comment: "noc:dup" }, deviceIds }).catch(
      (e: unknown) => e,
    );
    expect(dup).toBeInstanceOf(ChangeInputError);
    expect((dup as ChangeInputError).fieldErrors?.comment).toEqual([
      `${SOHO}: a rule with comment noc:dup already exists in /ip/firewall/filter: choose a fresh key`,
    ]);
    const older = await previewChange(h.t.db, { kind: "macsec-profile.set", params: { name: "default", ciphers: "gcm-aes-256" }, deviceIds });
    expect(at(older.targets, 0)).toMatchObject({ ok: false, error: `Change MACsec profile needs RouterOS 7.23 or later; ${SOHO} runs 7.21.5` });
  });
});
