import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/log";
import { at } from "../testing/at";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createAlertEvaluator, evaluateAlerts, type EvaluateOptions, type EvaluationSummary } from "./evaluate";
import { acknowledgeAlert, addAllowListEntry, ensureBuiltInRules, silenceAlert, updateAlertRule } from "./service";

/**
 * The rules engine on a real database with Device rows written as the poller writes them (status, lastPollAt,
 * lastOkAt, cpu-load, sessions): state machine, poll counting, hysteresis, notifications queued, audit events.
 * lib/alerts/alerts-sim.test.ts drives the same engine through the simulator and the real poller.
 */

let t: TestDb;
const T0 = Date.parse("2026-12-01T10:00:00Z");
const at0 = (sec: number) => new Date(T0 + sec * 1000);
let ruleIds: Record<string, string>;

async function poll(deviceId: string, sec: number, data: { status?: "up" | "down"; cpuLoad?: number }): Promise<void> {
  const status = data.status ?? "up";
  await t.db.device.update({
    where: { id: deviceId },
    data: { status, cpuLoad: data.cpuLoad, lastPollAt: at0(sec), ...(status === "up" ? { lastOkAt: at0(sec) } : {}) },
  });
}

async function alertsOf(type: string) {
  return t.db.alert.findMany({ where: { rule: { type } }, orderBy: { objectKey: "asc" } });
}

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.createMany({
    data: [
      { id: "s1", name: "Paris" },
      { id: "s2", name: "Lyon" },
    ],
  });
  const devices: [string, string][] = [
    ["d1", "s1"],
    ["d2", "s1"],
    ["d3", "s2"],
  ];
  for (const [id, siteId] of devices) {
    await t.db.device.create({ data: { id, name: `r-${id}`, siteId, apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x", status: "up" } });
  }
  expect(await ensureBuiltInRules(t.db)).toBe(9);
  expect(await ensureBuiltInRules(t.db)).toBe(0);
  const rules = await t.db.alertRule.findMany();
  ruleIds = Object.fromEntries(rules.map((r) => [r.type, r.id]));
  await t.db.notificationTarget.create({ data: { id: "hook", name: "hook", kind: "webhook", url: "http://127.0.0.1:1/hook" } });
});

afterAll(async () => {
  await t?.cleanup();
});

beforeEach(async () => {
  await t.db.alertNotification.deleteMany();
  await t.db.alert.deleteMany();
  await t.db.macServerSession.deleteMany();
  for (const id of ["d1", "d2", "d3"]) await poll(id, 0, { status: "up", cpuLoad: 10 });
});

/** The pass under test: evaluateAlerts (full) or an incremental evaluator created for each test. */
let evaluate: (opts: EvaluateOptions) => Promise<EvaluationSummary>;

describe.each([["full"], ["incremental"]])("evaluateAlerts (%s passes)", (mode) => {
  beforeEach(() => {
    const evaluator = createAlertEvaluator(t.db);
    evaluate = mode === "full" ? (opts) => evaluateAlerts(t.db, opts) : (opts) => evaluator.evaluate(opts);
  });

  it("device down: pending after one poll, firing after two, one count per poll, resolved when it answers again", async () => {
    await poll("d1", 10, { status: "down" });
    const first = await evaluate({ now: at0(11) });
    expect(first).toMatchObject({ pending: 1, fired: 0 });
    expect(await evaluate({ now: at0(12) })).toMatchObject({ pending: 0, fired: 0, resolved: 0 });
    expect(at(await alertsOf("device-down"), 0)).toMatchObject({ state: "pending", badPolls: 1, objectKey: "d1", siteId: "s1" });

    await poll("d1", 20, { status: "down" });
    expect(await evaluate({ now: at0(21) })).toMatchObject({ fired: 1, notifications: 1 });
    const firing = at(await alertsOf("device-down"), 0);
    expect(firing).toMatchObject({ state: "firing", badPolls: 2, firedAt: at0(21) });

    await poll("d1", 30, { status: "up" });
    expect(await evaluate({ now: at0(31) })).toMatchObject({ resolved: 1, notifications: 1 });
    expect(at(await alertsOf("device-down"), 0)).toMatchObject({ state: "resolved", resolvedAt: at0(31) });
    const events = await t.db.auditEvent.findMany({ where: { entityType: "alert", entityId: firing.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["alert.pending", "alert.fire", "alert.resolve"]);
    const messages = await t.db.alertNotification.findMany({ orderBy: { createdAt: "asc" } });
    expect(messages.map((m) => m.event)).toEqual(["fire", "resolve"]);
  });

  it("groups a site going dark into one message per site", async () => {
    for (const id of ["d1", "d2", "d3"]) await poll(id, 10, { status: "down" });
    await evaluate({ now: at0(11) });
    for (const id of ["d1", "d2", "d3"]) await poll(id, 20, { status: "down" });
    expect(await evaluate({ now: at0(21) })).toMatchObject({ fired: 3, notifications: 2 });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    const messages = await t.db.alertNotification.findMany({ where: { event: "fire" }, orderBy: { groupKey: "asc" } });
    expect(messages.map((m) => [m.groupKey, (JSON.parse(m.alertIds) as string[]).length])).toEqual([
      [`fire|${ruleIds["device-down"]}|s1`, 2],
      [`fire|${ruleIds["device-down"]}|s2`, 1],
    ]);
  });

  it("CPU: a value at the threshold neither fires nor resolves (hysteresis), below the clear level resolves", async () => {
    const cpuRule = ruleIds["cpu-high"] ?? "";
    await updateAlertRule(t.db, null, cpuRule, { thresholds: { above: 90, clearBelow: 80, minutes: 0 } });
    await poll("d3", 10, { cpuLoad: 90 });
    expect(await evaluate({ now: at0(11) })).toMatchObject({ pending: 0, fired: 0 });
    await poll("d3", 20, { cpuLoad: 95 });
    expect(await evaluate({ now: at0(21) })).toMatchObject({ fired: 1 });
    let sec = 30;
    for (const cpuLoad of [90, 85, 80, 90, 91, 84]) {
      await poll("d3", sec, { cpuLoad });
      expect(await evaluate({ now: at0(sec + 1) })).toMatchObject({ fired: 0, resolved: 0 });
      sec += 10;
    }
    await poll("d3", sec, { cpuLoad: 79 });
    expect(await evaluate({ now: at0(sec + 1) })).toMatchObject({ resolved: 1 });
    expect(at(await alertsOf("cpu-high"), 0)).toMatchObject({ state: "resolved", values: JSON.stringify({ "cpu-load": 79 }) });
  });

  it("CPU for N minutes: pending until the time has passed while still above", async () => {
    await updateAlertRule(t.db, null, ruleIds["cpu-high"] ?? "", { thresholds: { above: 90, minutes: 1 } });
    await poll("d2", 10, { cpuLoad: 99 });
    expect(await evaluate({ now: at0(10) })).toMatchObject({ pending: 1 });
    await poll("d2", 40, { cpuLoad: 99 });
    expect(await evaluate({ now: at0(40) })).toMatchObject({ fired: 0 });
    await poll("d2", 75, { cpuLoad: 99 });
    expect(await evaluate({ now: at0(75) })).toMatchObject({ fired: 1 });
    await updateAlertRule(t.db, null, ruleIds["cpu-high"] ?? "", { thresholds: { above: 90, clearBelow: 80, minutes: 5 } });
  });

  it("acknowledging stops repeats; a silenced alert queues no fire message; a disabled rule resolves its alerts", async () => {
    await poll("d1", 10, { status: "down" });
    await evaluate({ now: at0(11) });
    await poll("d1", 20, { status: "down" });
    await evaluate({ now: at0(21), repeatMs: 60_000 });
    expect(await evaluate({ now: at0(50), repeatMs: 60_000 })).toMatchObject({ repeats: 0 });
    expect(await evaluate({ now: at0(90), repeatMs: 60_000 })).toMatchObject({ repeats: 1, notifications: 1 });
    const alert = at(await alertsOf("device-down"), 0);
    const user = await t.db.user.upsert({
      where: { email: "op@example.test" },
      create: { email: "op@example.test", name: "Op", role: "OPERATOR", passwordHash: "x" },
      update: {},
    });
    await acknowledgeAlert(t.db, { id: user.id, email: user.email }, alert.id, "on it");
    expect(await evaluate({ now: at0(200), repeatMs: 60_000 })).toMatchObject({ repeats: 0, notifications: 0 });

    await poll("d2", 10, { status: "down" });
    await evaluate({ now: at0(11) });
    const pendingD2 = at(
      (await alertsOf("device-down")).filter((a) => a.deviceId === "d2"),
      0,
    );
    await silenceAlert(t.db, null, pendingD2.id, 60);
    await poll("d2", 20, { status: "down" });
    expect(await evaluate({ now: at0(21) })).toMatchObject({ fired: 1, notifications: 0 });

    await updateAlertRule(t.db, null, ruleIds["device-down"] ?? "", { enabled: false });
    expect(await evaluate({ now: at0(300) })).toMatchObject({ resolved: 2, notifications: 1 });
    await updateAlertRule(t.db, null, ruleIds["device-down"] ?? "", { enabled: true });
    const actions = (await t.db.auditEvent.findMany({ where: { entityId: alert.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["alert.acknowledge", "alert.resolve"]));
  });

  it("MAC-server session from a MAC on no allow-list fires at once; one on the site's list does not", async () => {
    await t.db.macServerSession.createMany({
      data: [
        { deviceId: "d1", srcAddress: "02:00:00:00:00:01", interface: "ether2", uptimeSec: 5, firstSeenAt: at0(0), lastSeenAt: at0(0) },
        { deviceId: "d1", srcAddress: "02:00:00:00:00:02", interface: "ether2", uptimeSec: 5, firstSeenAt: at0(0), lastSeenAt: at0(0) },
      ],
    });
    await t.db.macAllowListEntry.deleteMany(); // this scenario runs twice (full and incremental) on one database
    await addAllowListEntry(t.db, null, { macAddress: "02-00-00-00-00-02", siteId: "s1" });
    await poll("d1", 10, {});
    expect(await evaluate({ now: at0(11) })).toMatchObject({ fired: 1 });
    expect((await alertsOf("mac-session-unknown")).map((a) => [a.objectKey, a.state])).toEqual([["d1/02:00:00:00:00:01", "firing"]]);
    await t.db.macServerSession.deleteMany();
    await poll("d1", 20, {});
    expect(await evaluate({ now: at0(21) })).toMatchObject({ resolved: 1 });
  });

  it("refuses thresholds that do not fit the rule type", async () => {
    await expect(updateAlertRule(t.db, null, ruleIds["cpu-high"] ?? "", { thresholds: { above: 90, clearBelow: 95 } })).rejects.toThrow(/clearBelow/);
    await expect(updateAlertRule(t.db, null, ruleIds["device-down"] ?? "", { thresholds: { polls: 0 } })).rejects.toThrow(/polls/);
    await expect(updateAlertRule(t.db, null, ruleIds["device-down"] ?? "", { scope: "site" })).rejects.toThrow(/site/);
  });
});

describe("incremental passes (createAlertEvaluator)", () => {
  it("judge only the devices changed since the last pass; a rule edit or an allow-list change makes the next pass full", async () => {
    const evaluator = createAlertEvaluator(t.db);
    expect(await evaluator.evaluate({ now: at0(1) })).toMatchObject({ full: true, devices: 3 });
    expect(await evaluator.evaluate({ now: at0(2) })).toMatchObject({ full: false, devices: 0, observations: 0 });
    await poll("d2", 10, { status: "down" });
    expect(await evaluator.evaluate({ now: at0(11) })).toMatchObject({ full: false, devices: 1, pending: 1 });
    expect(await evaluator.evaluate({ now: at0(12) })).toMatchObject({ full: false, devices: 0, pending: 0, fired: 0 });
    await poll("d2", 20, { status: "down" });
    expect(await evaluator.evaluate({ now: at0(21) })).toMatchObject({ full: false, devices: 1, fired: 1 });
    expect(at(await alertsOf("device-down"), 0)).toMatchObject({ state: "firing", badPolls: 2 });

    await updateAlertRule(t.db, null, ruleIds["cpu-high"] ?? "", { severity: "critical" });
    expect(await evaluator.evaluate({ now: at0(22) })).toMatchObject({ full: true, devices: 3, fired: 0, resolved: 0 });
    await updateAlertRule(t.db, null, ruleIds["cpu-high"] ?? "", { severity: "warning" });
    expect(await evaluator.evaluate({ now: at0(23) })).toMatchObject({ full: true });
    await addAllowListEntry(t.db, null, { macAddress: "02:00:00:00:00:09", siteId: "s2" });
    expect(await evaluator.evaluate({ now: at0(24) })).toMatchObject({ full: true });
    expect(await evaluator.evaluate({ now: at0(25) })).toMatchObject({ full: false, devices: 0 });
  });

  it("a device disabled since the last pass has its alerts resolved; a full pass comes back after fullPassMs", async () => {
    const evaluator = createAlertEvaluator(t.db, { fullPassMs: 60 * 60_000 });
    await poll("d3", 10, { status: "down" });
    expect(await evaluator.evaluate({ now: at0(11) })).toMatchObject({ full: true, pending: 1 });
    await t.db.device.update({ where: { id: "d3" }, data: { enabled: false } });
    expect(await evaluator.evaluate({ now: at0(12) })).toMatchObject({ full: false, devices: 0, resolved: 1 });
    await t.db.device.update({ where: { id: "d3" }, data: { enabled: true } });
    expect(await createAlertEvaluator(t.db, { fullPassMs: 0 }).evaluate({ now: at0(13) })).toMatchObject({ full: true, devices: 3 });
  });

  it("repeats, and a silence that ended, need no change of a device", async () => {
    const evaluator = createAlertEvaluator(t.db);
    await poll("d1", 10, { status: "down" });
    await evaluator.evaluate({ now: at0(11) });
    await poll("d1", 20, { status: "down" });
    expect(await evaluator.evaluate({ now: at0(21), repeatMs: 60_000 })).toMatchObject({ fired: 1, notifications: 1 });
    const alert = at(await alertsOf("device-down"), 0);
    const until = await silenceAlert(t.db, null, alert.id, 5);
    expect(until).not.toBeNull();
    const end = until?.getTime() ?? 0;
    expect(await evaluator.evaluate({ now: new Date(end - 1_000), repeatMs: 60_000 })).toMatchObject({ full: false, devices: 0, repeats: 0 });
    expect(await evaluator.evaluate({ now: new Date(end + 1_000), repeatMs: 60_000 })).toMatchObject({
      full: false,
      devices: 0,
      repeats: 1,
      notifications: 1,
    });
  });
});
