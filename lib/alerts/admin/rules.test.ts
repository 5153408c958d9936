import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { at } from "../../testing/at";
import { createTestDb, type TestDb } from "../../testing/test-db";
import { BUILT_IN_RULES } from "../rule-types";
import { AlertInputError, createAlertRule, deleteAlertRule, ensureBuiltInRules, updateAlertRule } from "../service";
import { listAdminRules, scopeChoices } from "./rules-queries";
import { mergeThresholds, thresholdFields } from "./threshold-fields";

/**
 * Rule administration on a real database: creating a rule from a type, editing thresholds and scope, deleting, and
 * the refusals (unknown type, thresholds out of range, missing scope) that leave every row and the audit log as they
 * were; the rules page's reads (threshold fields with units, scope names, open alert counts).
 */

let t: TestDb;
const admin = { id: "u-admin", email: "admin@noc.local", clientIp: "192.0.2.1", requestId: "req-1" };

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s-paris", name: "Paris" } });
  await t.db.device.create({ data: { id: "d1", name: "edge-1", siteId: "s-paris", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
  await t.db.deviceTag.create({ data: { deviceId: "d1", tag: "core" } });
  await ensureBuiltInRules(t.db);
});
afterAll(() => t?.cleanup());

/** Every rule row and the audit log's length: what a refusal must leave unchanged. */
async function snapshot() {
  return { rules: await t.db.alertRule.findMany({ orderBy: { id: "asc" } }), audit: await t.db.auditEvent.count() };
}

async function ruleId(type: string): Promise<string> {
  const rule = await t.db.alertRule.findFirst({ where: { type, name: { in: BUILT_IN_RULES.map((r) => r.name) } } });
  if (!rule) throw new Error(`no built-in ${type} rule`);
  return rule.id;
}

describe("threshold fields", () => {
  it("reads each type's fields with units from its schema, and none for an unknown type", () => {
    const errors = thresholdFields("macsec-errors", { above: 1, clearBelow: 0.5, counters: ["rx-sc-late"], polls: 1, clearPolls: 1 });
    expect(errors.map((f) => [f.key, f.kind, f.kind === "number" ? f.unit : f.options.length])).toEqual([
      ["above", "number", "packets/s"],
      ["clearBelow", "number", "packets/s"],
      ["counters", "choices", 4],
      ["polls", "number", "polls"],
      ["clearPolls", "number", "polls"],
    ]);
    expect(thresholdFields("macvlan-traffic", {}).find((f) => f.key === "above")).toMatchObject({ unit: "bits/s", max: 1e12, optional: false });
    expect(thresholdFields("cpu-high", {}).map((f) => (f.kind === "number" ? f.unit : null))).toEqual(["percent", "percent", "minutes"]);
    expect(thresholdFields("config-changed-outside-of-some-future", { polls: 1 })).toEqual([]);
  });

  it("merges what the form sent over the stored thresholds: blank removes, unknown keys are kept", () => {
    const fields = thresholdFields("cpu-high", {});
    expect(mergeThresholds(fields, { above: 90, clearBelow: 80, minutes: 5, extra: "kept" }, { above: 95, clearBelow: null })).toEqual({
      above: 95,
      minutes: 5,
      extra: "kept",
    });
  });
});

describe("rules", () => {
  it("creates a stricter MACsec rule for one site, with the type's defaults, audited", async () => {
    const id = await createAlertRule(t.db, admin, {
      name: "MACsec errors Paris",
      type: "macsec-errors",
      thresholds: { above: 0.2, counters: ["rx-sc-not-valid"] },
      scope: "site",
      scopeValue: "s-paris",
      severity: "critical",
    });
    const row = await t.db.alertRule.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(row.thresholds)).toEqual({ above: 0.2, counters: ["rx-sc-not-valid"], polls: 1, clearPolls: 1 });
    expect(row).toMatchObject({ scope: "site", scopeValue: "s-paris", severity: "critical", enabled: true });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "alert.rule.create", entityId: id } });
    expect(event.actorEmail).toBe(admin.email);
    const listed = (await listAdminRules(t.db)).find((r) => r.id === id);
    expect(listed).toMatchObject({ builtIn: false, known: true, scopeLabel: "Paris", firing: 0 });
    expect(listed?.thresholds.find((f) => f.key === "above")).toMatchObject({ value: 0.2, unit: "packets/s" });
  });

  it("refuses an unknown type, a taken or built-in name, a missing site, and thresholds out of range, writing nothing", async () => {
    const before = await snapshot();
    const base = { name: "x-rule", type: "cpu-high", thresholds: { above: 50 } };
    await expect(createAlertRule(t.db, admin, { ...base, type: "no-such-type" })).rejects.toMatchObject({ fieldErrors: { type: ["unknown rule type"] } });
    await expect(createAlertRule(t.db, admin, { ...base, name: "MACsec errors Paris" })).rejects.toMatchObject({ fieldErrors: { name: ["taken"] } });
    await expect(createAlertRule(t.db, admin, { ...base, name: at(BUILT_IN_RULES, 0).name })).rejects.toThrow(AlertInputError);
    await expect(createAlertRule(t.db, admin, { ...base, scope: "site", scopeValue: "s-nowhere" })).rejects.toMatchObject({
      fieldErrors: { scopeValue: ["no such site"] },
    });
    await expect(createAlertRule(t.db, admin, { ...base, thresholds: { above: 150 } })).rejects.toMatchObject({
      fieldErrors: { "thresholds.above": [expect.stringMatching(/100/)] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("edits thresholds, scope and severity; a refused edit leaves the row as it was", async () => {
    const id = await ruleId("macvlan-traffic");
    await updateAlertRule(t.db, admin, id, {
      thresholds: { above: 900_000_000, clearBelow: 800_000_000, polls: 3, clearPolls: 1 },
      scope: "tag",
      scopeValue: "core",
    });
    const row = await t.db.alertRule.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(row.thresholds)).toMatchObject({ above: 900_000_000, polls: 3 });
    expect((await listAdminRules(t.db, [id])).at(0)).toMatchObject({ scope: "tag", scopeLabel: "core" });

    const before = await snapshot();
    await expect(updateAlertRule(t.db, admin, id, { thresholds: { above: 1e13 } })).rejects.toMatchObject({
      fieldErrors: { "thresholds.above": [expect.any(String)] },
    });
    await expect(updateAlertRule(t.db, admin, id, { thresholds: { above: 100, clearBelow: 200 } })).rejects.toThrow(/clearBelow/);
    await expect(updateAlertRule(t.db, admin, id, { scope: "device", scopeValue: "no-such-device" })).rejects.toMatchObject({
      fieldErrors: { scopeValue: ["no such device"] },
    });
    await expect(updateAlertRule(t.db, admin, id, { severity: "fatal" as "critical" })).rejects.toThrow(ZodError);
    expect(await snapshot()).toEqual(before);
  });

  it("lists a rule of a type this version does not know with no threshold fields, and refuses to edit it", async () => {
    const row = await t.db.alertRule.create({ data: { name: "From a newer version", type: "a-type-of-a-newer-version", thresholds: "{}" } });
    const listed = (await listAdminRules(t.db, [row.id])).at(0);
    expect(listed).toMatchObject({ known: false, thresholds: [], thresholdsJson: "{}" });
    await expect(updateAlertRule(t.db, admin, row.id, { enabled: false })).rejects.toThrow(/No such alert rule/);
    await t.db.alertRule.delete({ where: { id: row.id } });
  });

  it("counts each rule's firing and pending alerts", async () => {
    const id = await ruleId("device-down");
    const alert = { ruleId: id, deviceId: "d1", firstSeenAt: new Date(), lastSeenAt: new Date() };
    await t.db.alert.createMany({
      data: [
        { ...alert, objectKey: "a", state: "firing" },
        { ...alert, objectKey: "b", state: "firing" },
        { ...alert, objectKey: "c", state: "pending" },
        { ...alert, objectKey: "d", state: "resolved" },
      ],
    });
    expect((await listAdminRules(t.db, [id])).at(0)).toMatchObject({ firing: 2, pending: 1, builtIn: true });
  });

  it("deletes a rule that is not built in, with its alerts, audited; refuses a built-in one", async () => {
    const id = await createAlertRule(t.db, admin, { name: "CPU strict", type: "cpu-high", thresholds: { above: 50 } });
    await t.db.alert.create({ data: { ruleId: id, objectKey: "d1", deviceId: "d1", state: "firing", firstSeenAt: new Date(), lastSeenAt: new Date() } });
    await deleteAlertRule(t.db, admin, id);
    expect(await t.db.alertRule.count({ where: { id } })).toBe(0);
    expect(await t.db.alert.count({ where: { ruleId: id } })).toBe(0);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "alert.rule.delete", entityId: id } });
    expect(JSON.parse(event.before ?? "{}")).toMatchObject({ name: "CPU strict", type: "cpu-high" });

    const before = await snapshot();
    await expect(deleteAlertRule(t.db, admin, await ruleId("cpu-high"))).rejects.toThrow(/built-in/);
    await expect(deleteAlertRule(t.db, admin, "no-such-rule")).rejects.toThrow(AlertInputError);
    expect(await snapshot()).toEqual(before);
  });

  it("offers sites, tags in use, device names and every rule type as scope choices", async () => {
    const choices = await scopeChoices(t.db);
    expect(choices).toMatchObject({ sites: [{ id: "s-paris", name: "Paris" }], tags: ["core"], devices: ["edge-1"] });
    expect(choices.types).toEqual(expect.arrayContaining(BUILT_IN_RULES.map((r) => r.type)));
  });
});
