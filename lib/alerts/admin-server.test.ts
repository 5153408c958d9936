import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "../auth/testdata/sign-in";
import type { Db } from "../db-client";
import { createTestDb, type TestDb } from "../testing/test-db";
import { ensureBuiltInRules } from "./service";
import { secretFingerprint } from "./notify/targets";

// lib/alerts/admin-server.ts as a signed-in admin on a real SQLite file: only Next's request scope is replaced (which
// session the request carries, the app's Prisma client, request headers), as in lib/auth/data-layer.test.ts.
const scope = vi.hoisted(() => ({ db: null as Db | null, sid: null as string | null }));
vi.mock("next-auth", () => ({ getServerSession: async () => (scope.sid ? { sid: scope.sid } : null) }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("../db", () => ({
  get db() {
    return scope.db;
  },
}));

const admin = await import("./admin-server");

/**
 * What the data layer adds to the services: device names resolved to ids, thresholds merged over the stored ones,
 * the HMAC secret modes (generated and returned once, pasted, kept, removed), and the audit actor from the session.
 */

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  scope.db = t.db;
  scope.sid = (await signInAs(t.db, "ADMIN", "lead@noc.local")).sid;
  await t.db.site.create({ data: { id: "s1", name: "Paris" } });
  await t.db.device.create({ data: { id: "d1", name: "edge-1", siteId: "s1", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
  await ensureBuiltInRules(t.db);
});
afterAll(() => t?.cleanup());

const common = { siteId: "", deviceName: "", tag: "", severity: "warning" as const, enabled: true };

describe("alert admin data layer", () => {
  it("edits a rule by device name, keeps thresholds the form does not send, and audits as the signed-in admin", async () => {
    const rule = await t.db.alertRule.findFirstOrThrow({ where: { type: "macsec-errors" } });
    await admin.updateRule({ id: rule.id, ...common, scope: "device", deviceName: "edge-1", thresholds: { above: 3, clearBelow: null } });
    const row = await t.db.alertRule.findUniqueOrThrow({ where: { id: rule.id } });
    expect(row).toMatchObject({ scope: "device", scopeValue: "d1" });
    expect(JSON.parse(row.thresholds)).toEqual({ above: 3, counters: ["rx-sc-not-valid", "rx-sc-late", "rx-no-tag", "rx-bad-tag"], polls: 1, clearPolls: 1 });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "alert.rule.update", entityId: rule.id } });
    expect(event.actorEmail).toBe("lead@noc.local");
    await expect(admin.updateRule({ id: rule.id, ...common, scope: "device", deviceName: "edge-404", thresholds: {} })).rejects.toMatchObject({
      fieldErrors: { deviceName: ["no device with this name"] },
    });
    expect((await t.db.alertRule.findUniqueOrThrow({ where: { id: rule.id } })).updatedAt).toEqual(row.updatedAt);
  });

  it("creates a rule from a type with the form's thresholds; the read lists it as added", async () => {
    const id = await admin.createRule({
      name: "CPU strict Paris",
      type: "cpu-high",
      ...common,
      scope: "site",
      siteId: "s1",
      thresholds: { above: 70, minutes: null },
    });
    const listed = (await admin.listRules()).find((r) => r.id === id);
    expect(listed).toMatchObject({ builtIn: false, scopeLabel: "Paris" });
    expect(listed?.thresholds.map((f) => [f.key, f.kind === "number" ? f.value : null])).toEqual([
      ["above", 70],
      ["clearBelow", null],
      ["minutes", 5],
    ]);
    await admin.deleteRule({ id });
    expect(await t.db.alertRule.count({ where: { id } })).toBe(0);
  });

  it("returns a generated secret once; keeps, replaces with a pasted one, or removes it on update", async () => {
    const base = {
      kind: "webhook" as const,
      name: "hook",
      url: "https://hooks.example.test/noc",
      enabled: true,
      minSeverity: "info" as const,
      slack: false,
      secret: "",
    };
    const created = await admin.saveTarget({ ...base, secretMode: "generate" });
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const fingerprint = () => admin.getTarget(created.id).then((d) => d?.secretFingerprint);
    expect(await fingerprint()).toBe(secretFingerprint(created.secret ?? ""));
    expect(await admin.saveTarget({ ...base, id: created.id, secretMode: "keep" })).toEqual({ id: created.id, secret: null });
    expect(await fingerprint()).toBe(secretFingerprint(created.secret ?? ""));
    const pasted = "pasted-secret-0123456789";
    expect((await admin.saveTarget({ ...base, id: created.id, secretMode: "paste", secret: pasted })).secret).toBeNull();
    expect(await fingerprint()).toBe(secretFingerprint(pasted));
    await admin.saveTarget({ ...base, id: created.id, secretMode: "none" });
    expect(await fingerprint()).toBeNull();
    const audit = await t.db.auditEvent.findMany({ where: { entityId: created.id } });
    expect(audit).toHaveLength(4);
    expect(JSON.stringify(audit)).not.toContain(pasted);
    expect(JSON.stringify(audit)).not.toContain(created.secret ?? "-");
  });

  it("adds an allow-list entry for a device by name and refuses a site that is not chosen", async () => {
    const id = await admin.addAllowListMac({ macAddress: "0a:0b:0c:0d:0e:0f", scope: "device", deviceName: "edge-1", comment: "noc laptop" });
    expect(await t.db.macAllowListEntry.findUniqueOrThrow({ where: { id } })).toMatchObject({ macAddress: "0A:0B:0C:0D:0E:0F", deviceId: "d1", siteId: null });
    await expect(admin.addAllowListMac({ macAddress: "0a:0b:0c:0d:0e:10", scope: "site", siteId: "" })).rejects.toMatchObject({
      fieldErrors: { siteId: ["required"] },
    });
    expect(await t.db.macAllowListEntry.count()).toBe(1);
  });
});
