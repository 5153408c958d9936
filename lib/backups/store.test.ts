import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { rest, routerNamed } from "../../sim/test-client";
import { generateKey } from "../crypto/seal";
import { at } from "../testing/at";
import { insertSimulatorDevices, setSimFault } from "../testing/sim-devices";
import { createTestDb, type TestDb } from "../testing/test-db";
import { normaliseExport } from "./content";
import { runDueBackups } from "./schedule";
import { decodeContent, takeBackup } from "./store";

const secretKey = generateKey();
let sim: Simulator;
let t: TestDb;

/** A generated router (not a guide one) on a version starting with `prefix`. */
function routerOn(prefix: string): string {
  const r = sim.routers.find((x) => x.version.startsWith(prefix) && !x.name.startsWith("guide-"));
  if (!r) throw new Error(`no router on ${prefix}`);
  return r.name;
}

async function backups(router: string) {
  return t.db.configBackup.findMany({ where: { deviceId: `dev-${router}` }, orderBy: { takenAt: "asc" } });
}

async function auditActions(router: string): Promise<string[]> {
  const rows = await t.db.auditEvent.findMany({ where: { entityId: `dev-${router}`, action: { startsWith: "config_backup." } }, orderBy: { id: "asc" } });
  return rows.map((r) => r.action);
}

/** The router's export right now, normalised, read directly from the simulator. */
async function currentExport(router: string): Promise<string> {
  const res = await rest(routerNamed(sim.routers, router), "/export", { method: "POST", body: { terse: "" } });
  return normaliseExport((res.body as { ret: string }).ret).text;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 30, seed: 1 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  await insertSimulatorDevices(t.db, sim.routers, secretKey);
  await t.db.device.updateMany({ where: { name: { notIn: ["guide-soho-macvlan"] } }, data: { enabled: false } });
});
afterAll(async () => {
  await t.cleanup();
  await sim.close();
});

describe("takeBackup and the schedule", () => {
  it("stores a scheduled and an on-demand backup once, not again while nothing changed; due again after a day", async () => {
    const router = "guide-soho-macvlan";
    const day0 = new Date("2026-11-21T00:00:00Z");
    expect(await runDueBackups(t.db, { secretKey, now: () => day0 })).toEqual({ stored: 1, unchanged: 0, failed: 0 });
    expect(await runDueBackups(t.db, { secretKey, now: () => day0 })).toEqual({ stored: 0, unchanged: 0, failed: 0 });
    const onDemand = await takeBackup(t.db, `dev-${router}`, { trigger: "on_demand", secretKey, now: () => day0 });
    expect(onDemand.stored).toBe(false);
    const day1 = new Date("2026-11-22T00:00:01Z");
    expect(await runDueBackups(t.db, { secretKey, now: () => day1 })).toEqual({ stored: 0, unchanged: 1, failed: 0 });

    const rows = await backups(router);
    expect(rows).toHaveLength(1);
    const first = at(rows, 0);
    expect(first).toMatchObject({ trigger: "scheduled", sealed: false, outsideChange: false, routerVersion: "7.21.5" });
    const text = decodeContent(first);
    expect(text).toBe(await currentExport(router));
    expect(text.startsWith("# software id =")).toBe(true);
    expect(first.sizeBytes).toBe(Buffer.byteLength(text));
    expect(first.linesAdded).toBe(text.trimEnd().split("\n").length);
    expect(first.content.length).toBeLessThan(first.sizeBytes);
    expect(await auditActions(router)).toEqual(["config_backup.stored", "config_backup.unchanged"]);
  });

  it("reads an export larger than one chunk with /file/read, and from contents where read is missing; removes the file", async () => {
    const chunked = routerOn("7.23");
    const r = await takeBackup(t.db, `dev-${chunked}`, { trigger: "on_demand", secretKey, chunkSize: 512 });
    expect(r).toMatchObject({ stored: true, method: "read" });
    expect(r.chunks).toBeGreaterThan(1);
    expect(decodeContent(at(await backups(chunked), 0))).toBe(await currentExport(chunked));

    const old = routerOn("7.12");
    expect(await takeBackup(t.db, `dev-${old}`, { trigger: "on_demand", secretKey })).toMatchObject({ stored: true, method: "contents", chunks: 0 });
    for (const name of [chunked, old]) {
      const files = (await rest(routerNamed(sim.routers, name), "/file")).body as Array<Record<string, string>>;
      expect(files.filter((f) => f.name?.startsWith("noc-backup-"))).toEqual([]);
    }
  });

  it("removes the file when reading it fails, records the error and audits the failure", async () => {
    const router = routerOn("7.24");
    await setSimFault(sim.url, router, { mode: "http500", methods: ["POST"], skip: 1, count: 3 });
    try {
      await expect(takeBackup(t.db, `dev-${router}`, { trigger: "on_demand", secretKey })).rejects.toThrow(/500/);
    } finally {
      await setSimFault(sim.url, router, null);
    }
    const files = (await rest(routerNamed(sim.routers, router), "/file")).body as Array<Record<string, string>>;
    expect(files.filter((f) => f.name?.startsWith("noc-backup-"))).toEqual([]);
    expect(await backups(router)).toEqual([]);
    expect((await t.db.configBackupDevice.findUniqueOrThrow({ where: { deviceId: `dev-${router}` } })).lastError).toMatch(/500.*file\/read/);
    expect(await auditActions(router)).toEqual(["config_backup.failed"]);
  });

  it("stores no secret unless an admin opted the device in; then the stored bytes are sealed", async () => {
    const router = "guide-macsec-a";
    const plain = await takeBackup(t.db, `dev-${router}`, { trigger: "on_demand", secretKey });
    expect(plain.stored).toBe(true);
    const first = decodeContent(at(await backups(router), 0));
    expect(first).toContain("/interface macsec add ckn=");
    expect(first).not.toContain("cak=");

    await t.db.configBackupDevice.update({ where: { deviceId: `dev-${router}` }, data: { includeSecrets: true } });
    const withSecrets = await takeBackup(t.db, `dev-${router}`, { trigger: "on_demand", secretKey });
    expect(withSecrets).toMatchObject({ stored: true, linesAdded: 1, linesRemoved: 1 });
    const sealed = at(await backups(router), 1);
    expect(sealed.sealed).toBe(true);
    const text = decodeContent(sealed, secretKey);
    const cak = /cak=([0-9a-f]{32})/.exec(text)?.[1];
    expect(cak).toBeDefined();
    const raw = Buffer.from(sealed.content).toString("latin1");
    expect(raw.startsWith("v1.")).toBe(true);
    expect(raw).not.toContain(cak);
    expect(() => decodeContent(sealed, generateKey())).toThrow();
  });

  it("flags a change made directly on the router with its diff, and prunes beyond the retention", async () => {
    const router = routerOn("7.22");
    const deviceId = `dev-${router}`;
    await takeBackup(t.db, deviceId, { trigger: "scheduled", secretKey });
    const r = routerNamed(sim.routers, router);
    const [address] = (await rest(r, "/ip/address")).body as Array<Record<string, string>>;
    expect((await rest(r, `/ip/address/${address?.[".id"] ?? ""}`, { method: "PATCH", body: { comment: "changed by hand" } })).status).toBe(200);

    const flagged = await takeBackup(t.db, deviceId, { trigger: "scheduled", secretKey });
    expect(flagged).toMatchObject({ stored: true, outsideChange: true, linesAdded: 1, linesRemoved: 1 });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { entityId: deviceId, action: "config_backup.outside_change" } });
    const after = JSON.parse(event.after ?? "{}") as { diff: string; backupId: string };
    expect(after.backupId).toBe(flagged.backupId);
    expect(after.diff).toMatch(/^\+\/ip address add address=\S+ comment="changed by hand" /m);
    expect(after.diff).toMatch(/^-\/ip address add address=/m);

    const afterChange = await takeBackup(t.db, deviceId, { trigger: "after_change", changeRequestId: "cr-1", secretKey });
    expect(afterChange.stored).toBe(false);

    await t.db.configBackupDevice.update({ where: { deviceId }, data: { keepVersions: 2 } });
    await rest(r, `/ip/address/${address?.[".id"] ?? ""}`, { method: "PATCH", body: { comment: "second change" } });
    expect(await takeBackup(t.db, deviceId, { trigger: "after_change", changeRequestId: "cr-2", secretKey })).toMatchObject({
      stored: true,
      outsideChange: false,
    });
    const kept = await backups(router);
    expect(kept.map((b) => b.trigger)).toEqual(["scheduled", "after_change"]);
    expect(at(kept, 1).changeRequestId).toBe("cr-2");
  });
});
