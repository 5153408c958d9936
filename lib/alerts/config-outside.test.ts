import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { rest, routerNamed } from "../../sim/test-client";
import { decodeContent, takeBackup } from "../backups/store";
import { generateKey } from "../crypto/seal";
import { at } from "../testing/at";
import { insertSimulatorDevices } from "../testing/sim-devices";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createAlertEvaluator, evaluateAlerts } from "./evaluate";
import { ensureBuiltInRules, updateAlertRule } from "./service";

/**
 * The `config-changed-outside` rule with real backups: lib/backups/store.ts takeBackup exports the simulator's
 * configuration, a change made directly on the router (REST PATCH, outside any change request) is stored as an
 * outside change, and the engine reads only those rows (no router request, no poll: the device row never changes).
 */

const secretKey = generateKey();
let sim: Simulator;
let t: TestDb;
let router: string;
let deviceId: string;
let addressId: string;

async function alertRow() {
  return t.db.alert.findMany({ where: { rule: { type: "config-changed-outside" } } });
}

async function changeOnRouter(comment: string): Promise<void> {
  const res = await rest(routerNamed(sim.routers, router), `/ip/address/${addressId}`, { method: "PATCH", body: { comment } });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 6, seed: 1 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  await insertSimulatorDevices(t.db, sim.routers, secretKey);
  router = at(sim.routers, 0).name;
  deviceId = `dev-${router}`;
  await t.db.device.updateMany({ where: { id: { not: deviceId } }, data: { enabled: false } });
  const [address] = (await rest(routerNamed(sim.routers, router), "/ip/address")).body as Array<Record<string, string>>;
  addressId = address?.[".id"] ?? "";
  expect(addressId).not.toBe("");
  await ensureBuiltInRules(t.db);
  for (const rule of await t.db.alertRule.findMany()) await updateAlertRule(t.db, null, rule.id, { enabled: rule.type === "config-changed-outside" });
});

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

describe("config-changed-outside", () => {
  it("fires for an unreviewed outside change, follows a newer one, resolves on review or on a version from a change request", async () => {
    const evaluator = createAlertEvaluator(t.db);
    await takeBackup(t.db, deviceId, { trigger: "scheduled", secretKey });
    expect(await evaluator.evaluate({})).toMatchObject({ full: true, pending: 0, fired: 0 });
    const deviceStamp = (await t.db.device.findUniqueOrThrow({ where: { id: deviceId } })).updatedAt;

    await changeOnRouter("changed by hand");
    const flagged = await takeBackup(t.db, deviceId, { trigger: "scheduled", secretKey });
    expect(flagged).toMatchObject({ stored: true, outsideChange: true, linesAdded: 1, linesRemoved: 1 });
    expect(await evaluator.evaluate({})).toMatchObject({ full: false, fired: 1 });
    expect((await t.db.device.findUniqueOrThrow({ where: { id: deviceId } })).updatedAt).toEqual(deviceStamp);
    const fired = at(await alertRow(), 0);
    expect(fired).toMatchObject({ state: "firing", objectKey: deviceId, deviceId });
    expect(fired.subject).toMatch(/^configuration \+1 −1 lines \(/);
    expect(JSON.parse(fired.values)).toMatchObject({ backupId: flagged.backupId, linesAdded: 1, linesRemoved: 1, reviewedAt: null });
    expect(await evaluator.evaluate({})).toMatchObject({ fired: 0, resolved: 0 });

    await changeOnRouter("changed by hand, twice");
    const newer = await takeBackup(t.db, deviceId, { trigger: "scheduled", secretKey });
    expect(newer).toMatchObject({ stored: true, outsideChange: true });
    expect(await evaluator.evaluate({})).toMatchObject({ fired: 0, resolved: 0 });
    const followed = at(await alertRow(), 0);
    expect(followed).toMatchObject({ id: fired.id, state: "firing" });
    expect(JSON.parse(followed.values)).toMatchObject({ backupId: newer.backupId });
    expect(followed.subject).not.toBe(fired.subject);

    await t.db.configBackup.update({ where: { id: newer.backupId }, data: { reviewedAt: new Date(), reviewedById: "admin-1" } });
    expect(await evaluator.evaluate({})).toMatchObject({ resolved: 1 });
    expect(at(await alertRow(), 0)).toMatchObject({ id: fired.id, state: "resolved" });
    const actions = (await t.db.auditEvent.findMany({ where: { entityType: "alert", entityId: fired.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["alert.fire", "alert.resolve"]);

    await changeOnRouter("changed by hand, again");
    expect(await takeBackup(t.db, deviceId, { trigger: "scheduled", secretKey })).toMatchObject({ stored: true, outsideChange: true });
    expect(await evaluateAlerts(t.db)).toMatchObject({ fired: 1 });
    await changeOnRouter("applied by a change request");
    const fromRequest = await takeBackup(t.db, deviceId, { trigger: "after_change", changeRequestId: "cr-1", secretKey });
    expect(fromRequest).toMatchObject({ stored: true, outsideChange: false });
    expect(await evaluator.evaluate({})).toMatchObject({ resolved: 1 });
    const newest = await t.db.configBackup.findFirstOrThrow({ where: { deviceId }, orderBy: { takenAt: "desc" } });
    expect(decodeContent(newest)).toContain("applied by a change request");
    expect(JSON.parse(at(await alertRow(), 0).values)).toMatchObject({ backupId: fromRequest.backupId, linesAdded: 1 });
  });
});
