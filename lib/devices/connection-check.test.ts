import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { resetEnvForTests } from "../env";
import { createTestDb, type TestDb } from "../testing/test-db";
import { testConnectionFromForm } from "./connection-check";
import { DeviceServiceError } from "./errors";
import { createDeviceSchema, testConnectionSchema } from "./schema";
import { createDevice, PASSWORD_AGAIN_MESSAGE } from "./service";
import { required } from "../testing/required";

const actor = { id: "user-1", email: "admin@example.net" };
const savedKey = process.env.SECRET_KEY;
let sim: Simulator;
let t: TestDb;
/** A foreign host that records every Authorization header it is sent. */
let trap: Server;
let trapUrl: string;
const trapped: string[] = [];
let deviceId: string;

beforeAll(async () => {
  process.env.SECRET_KEY = randomBytes(32).toString("base64");
  resetEnvForTests();
  sim = await startSimulator({ port: 0, routers: 2, seed: 11 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  trap = createServer((req, res) => {
    trapped.push(req.headers.authorization ?? "");
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
  const address = trap.address();
  trapUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/evil`;
  const r = required(sim.routers[0], "a simulator router");
  ({ id: deviceId } = await createDevice(
    t.db,
    actor,
    createDeviceSchema.parse({ name: r.name, site: "Lab", apiUrl: r.apiUrl, username: r.username, password: r.password }),
  ));
});

afterAll(async () => {
  await new Promise<void>((resolve) => trap.close(() => resolve()));
  await sim.close();
  await t.cleanup();
  if (savedKey === undefined) delete process.env.SECRET_KEY;
  else process.env.SECRET_KEY = savedKey;
  resetEnvForTests();
});

function form(values: Record<string, string>) {
  const r = required(sim.routers[0], "a simulator router");
  return testConnectionSchema.parse({ deviceId, apiUrl: r.apiUrl, username: r.username, password: "", ...values });
}

async function refusal(values: Record<string, string>): Promise<DeviceServiceError> {
  const err = await testConnectionFromForm(t.db, actor, form(values)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeviceServiceError);
  return err as DeviceServiceError;
}

describe("testConnectionFromForm (simulator + SQLite)", () => {
  it("uses the stored password for the unchanged target and audits the test without it", async () => {
    const res = await testConnectionFromForm(t.db, actor, form({}));
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.facts.identity).toBe(required(sim.routers[0], "a simulator router").name);
    const ev = await t.db.auditEvent.findFirstOrThrow({ where: { action: "device.test_connection" }, orderBy: { id: "desc" } });
    expect(`${ev.before}${ev.after}`).not.toContain(required(sim.routers[0], "a simulator router").password);
  });

  it("never sends the stored password to another host, user or trust setting", async () => {
    const changes: Record<string, string>[] = [
      { apiUrl: trapUrl },
      { apiUrl: required(sim.routers[1], "a simulator router").apiUrl },
      { username: "admin" },
      { tlsFingerprint: "ab".repeat(32) },
      { caPem: readFileSync(`${__dirname}/../routeros/testdata/router-cert.pem`, "utf8") },
    ];
    for (const change of changes) {
      const err = await refusal(change);
      expect(err.fieldErrors?.password).toEqual([PASSWORD_AGAIN_MESSAGE]);
    }
    expect(trapped).toEqual([]);
  });

  it("tests a changed target with a typed password, and asks for one for a new device", async () => {
    const r = required(sim.routers[1], "a simulator router");
    const res = await testConnectionFromForm(t.db, actor, form({ apiUrl: r.apiUrl, username: r.username, password: r.password }));
    expect(res.ok).toBe(true);
    const err = await testConnectionFromForm(t.db, actor, testConnectionSchema.parse({ apiUrl: r.apiUrl, username: r.username })).catch((e: unknown) => e);
    expect((err as DeviceServiceError).fieldErrors?.password).toBeDefined();
  });
});
