import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/log";
import { devicePasswordAad, unseal } from "../crypto/seal";
import { resetEnvForTests } from "../env";
import { countSamples, writeStoredSamples } from "../testing/samples";
import { createTestDb, type TestDb } from "../testing/test-db";
import { DeviceServiceError } from "./errors";
import { createDeviceSchema, deleteDeviceSchema, testConnectionSchema, updateDeviceSchema } from "./schema";
import { createDevice, deleteDevice, PASSWORD_AGAIN_MESSAGE, storedPasswordFor, updateDevice } from "./service";

const actor = { id: "user-1", email: "admin@example.net", clientIp: "192.0.2.10", requestId: "req-1" };
const FINGERPRINT = "AB:".repeat(31) + "AB";

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
}

/** The connection target of baseForm as stored (URL without /rest, no TLS pinning). */
const storedTarget = { apiUrl: "http://127.0.0.1:18728/core-1", username: "noc", tlsFingerprint: null, caPem: null };

const CA_PEM = readFileSync(path.join(__dirname, "../routeros/testdata/router-cert.pem"), "utf8");

const baseForm = {
  name: "core-1",
  site: "Amsterdam DC1",
  apiUrl: "http://127.0.0.1:18728/core-1/rest/",
  username: "noc",
  password: "s3cret-pw",
  tlsFingerprint: "",
  caPem: "",
  tags: "Core, edge,core",
  pollIntervalSec: "",
  enabled: "on",
};

describe("device form schemas", () => {
  it("normalises the create form: URL without /rest, tags de-duplicated lower-case, blanks to null", () => {
    const parsed = createDeviceSchema.parse(Object.fromEntries(form(baseForm)));
    expect(parsed).toEqual({
      name: "core-1",
      site: "Amsterdam DC1",
      apiUrl: "http://127.0.0.1:18728/core-1",
      username: "noc",
      password: "s3cret-pw",
      tlsFingerprint: null,
      caPem: null,
      tags: ["core", "edge"],
      pollIntervalSec: null,
      enabled: true,
    });
  });

  it("refuses unknown fields, bad URLs, bad fingerprints, bad poll intervals and a missing password", () => {
    const r = createDeviceSchema.safeParse({
      ...baseForm,
      apiUrl: "ftp://x",
      tlsFingerprint: "abc",
      pollIntervalSec: "2",
      password: "",
      extra: "1",
    });
    expect(r.success).toBe(false);
    const keys = r.error?.issues.map((i) => i.path[0] ?? i.code);
    expect(keys).toEqual(expect.arrayContaining(["apiUrl", "tlsFingerprint", "pollIntervalSec", "password", "unrecognized_keys"]));
  });

  it("treats an absent checkbox as disabled and a colon fingerprint as lower hex", () => {
    const { enabled: _enabled, ...noEnabled } = baseForm;
    const parsed = createDeviceSchema.parse({ ...noEnabled, tlsFingerprint: FINGERPRINT, pollIntervalSec: "30" });
    expect(parsed.enabled).toBe(false);
    expect(parsed.tlsFingerprint).toBe("ab".repeat(32));
    expect(parsed.pollIntervalSec).toBe(30);
  });

  it("keeps the password on edit when the field is blank, and accepts a test-connection payload without one", () => {
    expect(updateDeviceSchema.parse({ ...baseForm, id: "x", password: "" }).password).toBeNull();
    expect(testConnectionSchema.parse({ deviceId: "x", apiUrl: "https://10.0.0.1", username: "noc", password: "" })).toEqual({
      deviceId: "x",
      apiUrl: "https://10.0.0.1",
      username: "noc",
      password: null,
      tlsFingerprint: null,
      caPem: null,
    });
  });
});

describe("device service (SQLite)", () => {
  let t: TestDb;
  const savedKey = process.env.SECRET_KEY;

  beforeAll(async () => {
    process.env.SECRET_KEY = randomBytes(32).toString("base64");
    resetEnvForTests();
    t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  });

  afterAll(async () => {
    await t.cleanup();
    if (savedKey === undefined) delete process.env.SECRET_KEY;
    else process.env.SECRET_KEY = savedKey;
    resetEnvForTests();
  });

  beforeEach(async () => {
    await t.db.device.deleteMany();
    await t.db.site.deleteMany();
  });

  it("creates a device with a sealed password, a new site, tags and a device.create audit event without secrets", async () => {
    const { id } = await createDevice(t.db, actor, createDeviceSchema.parse(baseForm));
    const row = await t.db.device.findUniqueOrThrow({ where: { id }, include: { site: true, tags: true } });
    expect(row.passwordSealed).not.toContain("s3cret-pw");
    expect(unseal(row.passwordSealed, devicePasswordAad(id))).toBe("s3cret-pw");
    expect(() => unseal(row.passwordSealed, devicePasswordAad("other"))).toThrow();
    expect(row.site.name).toBe("Amsterdam DC1");
    expect(row.tags.map((x) => x.tag).sort()).toEqual(["core", "edge"]);
    expect(row.status).toBe("unknown");
    expect(row.nextPollAt).not.toBeNull();
    expect(await storedPasswordFor(t.db, id, storedTarget)).toBe("s3cret-pw");

    const ev = await t.db.auditEvent.findFirstOrThrow({ where: { action: "device.create", entityId: id } });
    expect(ev.actorEmail).toBe("admin@example.net");
    expect(ev.after).not.toContain("s3cret-pw");
    expect(ev.after).not.toContain(row.passwordSealed);
    expect(JSON.parse(ev.after ?? "null")).toMatchObject({ name: "core-1", site: "Amsterdam DC1", tags: ["core", "edge"], hasCaPem: false });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("reuses an existing site by name and refuses a duplicate device name with a field error", async () => {
    await createDevice(t.db, actor, createDeviceSchema.parse(baseForm));
    await createDevice(t.db, actor, createDeviceSchema.parse({ ...baseForm, name: "core-2" }));
    expect(await t.db.site.count()).toBe(1);
    const err = await createDevice(t.db, actor, createDeviceSchema.parse(baseForm)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceServiceError);
    expect((err as DeviceServiceError).fieldErrors?.name?.[0]).toMatch(/already used/);
    expect(await t.db.device.count()).toBe(2);
  });

  it("updates fields, keeps the password when blank, replaces tags and audits before/after", async () => {
    const { id } = await createDevice(t.db, actor, createDeviceSchema.parse(baseForm));
    const sealedBefore = (await t.db.device.findUniqueOrThrow({ where: { id } })).passwordSealed;
    await t.db.device.update({ where: { id }, data: { nextPollAt: null } });

    await updateDevice(t.db, actor, updateDeviceSchema.parse({ ...baseForm, id, password: "", site: "Rotterdam", tags: "edge, lab", enabled: "" }));
    const row = await t.db.device.findUniqueOrThrow({ where: { id }, include: { site: true, tags: true } });
    expect(row.passwordSealed).toBe(sealedBefore);
    expect(row.site.name).toBe("Rotterdam");
    expect(row.enabled).toBe(false);
    expect(row.tags.map((x) => x.tag).sort()).toEqual(["edge", "lab"]);
    expect(row.nextPollAt).toBeNull();

    const ev = await t.db.auditEvent.findFirstOrThrow({ where: { action: "device.update", entityId: id } });
    expect(JSON.parse(ev.before ?? "null")).toMatchObject({ site: "Amsterdam DC1", tags: ["core", "edge"], enabled: true });
    expect(JSON.parse(ev.after ?? "null")).toMatchObject({ site: "Rotterdam", tags: ["edge", "lab"], enabled: false, credentialChanged: false });
  });

  it("re-seals a new password, marks the device due for a poll and never writes the password to the audit log", async () => {
    const { id } = await createDevice(t.db, actor, createDeviceSchema.parse(baseForm));
    await t.db.device.update({ where: { id }, data: { nextPollAt: null } });
    await updateDevice(t.db, actor, updateDeviceSchema.parse({ ...baseForm, id, password: "n3w-pw" }));
    expect(await storedPasswordFor(t.db, id, storedTarget)).toBe("n3w-pw");
    expect((await t.db.device.findUniqueOrThrow({ where: { id } })).nextPollAt).not.toBeNull();
    const events = await t.db.auditEvent.findMany({ where: { entityId: id } });
    for (const e of events) expect(`${e.before}${e.after}`).not.toMatch(/s3cret-pw|n3w-pw/);
    expect(JSON.parse(events.at(-1)?.after ?? "null")).toMatchObject({ credentialChanged: true });
  });

  it("refuses renaming onto another device's name and updating a missing device", async () => {
    await createDevice(t.db, actor, createDeviceSchema.parse(baseForm));
    const { id } = await createDevice(t.db, actor, createDeviceSchema.parse({ ...baseForm, name: "core-2" }));
    await expect(updateDevice(t.db, actor, updateDeviceSchema.parse({ ...baseForm, id }))).rejects.toThrow(/already exists/);
    await expect(updateDevice(t.db, actor, updateDeviceSchema.parse({ ...baseForm, id: "missing" }))).rejects.toThrow(/no longer exists/);
  });

  it("deletes only with the exact name typed, cascading polled rows, and audits the device as it was", async () => {
    const { id } = await createDevice(t.db, actor, createDeviceSchema.parse(baseForm));
    await writeStoredSamples(t.db, [{ deviceId: id, metric: "mac-server-sessions", resolution: 0, ts: new Date(), values: { sessions: 3 } }]);
    const wrong = await deleteDevice(t.db, actor, deleteDeviceSchema.parse({ id, confirmName: "core" })).catch((e: unknown) => e);
    expect((wrong as DeviceServiceError).fieldErrors?.confirmName).toBeDefined();
    expect(await t.db.device.count()).toBe(1);

    await deleteDevice(t.db, actor, deleteDeviceSchema.parse({ id, confirmName: "core-1" }));
    expect(await t.db.device.count()).toBe(0);
    expect(await countSamples(t.db)).toBe(0);
    expect(await t.db.sampleSeries.count()).toBe(0);
    const ev = await t.db.auditEvent.findFirstOrThrow({ where: { action: "device.delete", entityId: id } });
    expect(JSON.parse(ev.before ?? "null")).toMatchObject({ name: "core-1", apiUrl: "http://127.0.0.1:18728/core-1" });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it.each([
    ["API URL", { apiUrl: "http://127.0.0.1:18729/other/rest" }],
    ["username", { username: "admin" }],
    ["TLS fingerprint", { tlsFingerprint: FINGERPRINT }],
    ["CA PEM", { caPem: CA_PEM }],
  ])("refuses to keep the stored password when the %s changes, and takes a new one", async (_label, change) => {
    const { id } = await createDevice(t.db, actor, createDeviceSchema.parse(baseForm));
    const sealedBefore = (await t.db.device.findUniqueOrThrow({ where: { id } })).passwordSealed;
    const err = await updateDevice(t.db, actor, updateDeviceSchema.parse({ ...baseForm, ...change, id, password: "" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceServiceError);
    expect((err as DeviceServiceError).fieldErrors?.password).toEqual([PASSWORD_AGAIN_MESSAGE]);
    const row = await t.db.device.findUniqueOrThrow({ where: { id } });
    expect(row.apiUrl).toBe(storedTarget.apiUrl);
    expect(row.passwordSealed).toBe(sealedBefore);

    await updateDevice(t.db, actor, updateDeviceSchema.parse({ ...baseForm, ...change, id, password: "typed-again" }));
    const saved = await t.db.device.findUniqueOrThrow({ where: { id }, select: { apiUrl: true, username: true, tlsFingerprint: true, caPem: true } });
    expect(saved).not.toEqual(storedTarget);
    expect(await storedPasswordFor(t.db, id, saved)).toBe("typed-again");
  });

  it("unseals the stored password only for the exact stored target", async () => {
    const { id } = await createDevice(t.db, actor, createDeviceSchema.parse(baseForm));
    await expect(storedPasswordFor(t.db, id, { ...storedTarget, apiUrl: "http://127.0.0.1:18728/core-2" })).rejects.toThrow(PASSWORD_AGAIN_MESSAGE);
    await expect(storedPasswordFor(t.db, id, { ...storedTarget, tlsFingerprint: "ab".repeat(32) })).rejects.toThrow(PASSWORD_AGAIN_MESSAGE);
    await expect(storedPasswordFor(t.db, "missing", storedTarget)).rejects.toThrow(/no longer exists/);
  });
});
