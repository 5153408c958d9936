import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePassword, seedUsers } from "../seed/seed";
import type { SecretScenarioArgs } from "./engine/testdata/secret-scenario";
import { pgStoredText } from "../testing/raw-sql";
import { sqliteFile } from "../testing/test-db";
import { startHarness, type Harness } from "./engine/testdata/harness";
import { CHANGE_KIND_IDS } from "./types";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const SCENARIO = path.resolve(__dirname, "engine/testdata/secret-scenario.ts");

function runScenario(args: SecretScenarioArgs): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", SCENARIO, h.t.url, JSON.stringify(args)], {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, LOG_LEVEL: "trace" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** What the database holds: the SQLite file and its WAL (and shm), as latin1 text; on PostgreSQL every stored row. */
async function databaseBytes(): Promise<string> {
  if (h.t.provider === "postgresql") return pgStoredText(h.t);
  const dir = path.dirname(sqliteFile(h.t));
  const files = (await readdir(dir)).filter((f) => f.startsWith(path.basename(sqliteFile(h.t))));
  expect(files.some((f) => f.endsWith("-wal"))).toBe(true);
  const parts = await Promise.all(files.map((f) => readFile(path.join(dir, f))));
  return Buffer.concat(parts).toString("latin1");
}

describe("no CAK or password in clear anywhere, after every change kind", () => {
  it("runs every kind (MACsec add, disable, enable, rotate, a rolled-back rotate and remove included) and finds no secret in rows, the SQLite file + WAL (PostgreSQL: every stored row) or the trace logs", async () => {
    const guideCak = (await h.cakOf("guide-macsec-a", "macsec1")) ?? "";
    expect(guideCak).toMatch(/^[0-9a-f]{32}$/);
    const passwords = { ADMIN: generatePassword(), OPERATOR: generatePassword(), VIEWER: generatePassword() };
    const seeded = await seedUsers(h.t.db, passwords);
    const actor = async (role: "ADMIN" | "OPERATOR") =>
      (await h.t.db.user.findUniqueOrThrow({ where: { email: seeded.find((u) => u.role === role)?.email ?? "" }, select: { id: true } })).id;
    const routers = ["guide-macserver", "guide-soho-macvlan", "guide-macsec-a", "guide-isp-dhcp"];
    const devices = Object.fromEntries(await Promise.all(routers.map(async (r) => [r, await h.deviceId(r)] as const)));
    const args: SecretScenarioArgs = {
      operatorId: await actor("OPERATOR"),
      adminId: await actor("ADMIN"),
      devices,
      cak: randomBytes(16).toString("hex"),
      newCak: randomBytes(16).toString("hex"),
      failedCak: randomBytes(16).toString("hex"),
      ckn: randomBytes(32).toString("hex"),
    };

    const { code, output } = await runScenario(args);
    expect(code, output.slice(-3000)).toBe(0);
    const line = output.split("\n").find((l) => l.startsWith('{"results"')) ?? "{}";
    const { results } = JSON.parse(line) as { results: { kind: string; status: string }[] };
    expect(new Set(results.map((r) => r.kind))).toEqual(new Set(CHANGE_KIND_IDS));
    const rolledBack = results.findIndex((r) => r.status === "ROLLED_BACK");
    expect(results[rolledBack]?.kind, JSON.stringify(results)).toBe("macsec.rotate-cak");
    expect(
      results.filter((_, i) => i !== rolledBack).every((r) => r.status === "APPLIED"),
      JSON.stringify(results),
    ).toBe(true);
    expect(output).toMatch(/routeros: request/);
    expect(output).toMatch(/"level":20/);
    expect(await h.rows("guide-macsec-a", "/interface/macsec?name=macsec-secret")).toEqual([]);

    const requests = await h.t.db.changeRequest.findMany({ include: { targets: true } });
    expect(requests).toHaveLength(CHANGE_KIND_IDS.length + 1); // every kind once, plus the rolled-back rotate
    expect(requests.every((r) => r.secretsSealed === null)).toBe(true);
    const events = await h.t.db.auditEvent.findMany();
    // Every request's router calls are searched: each has at least a drift read, a write and a read-back.
    const calls = events.filter((e) => e.action === "change.router_call");
    expect(calls.length).toBeGreaterThan(90);
    for (const r of requests) expect(calls.filter((e) => e.entityId === r.id).length, r.kind).toBeGreaterThanOrEqual(3);
    const rows = JSON.stringify({ requests, events });
    const bytes = await databaseBytes();
    const secrets = {
      cak: args.cak,
      newCak: args.newCak,
      failedCak: args.failedCak,
      guideCak,
      ...Object.fromEntries(h.sim.routers.map((r) => [`password of ${r.name}`, r.password])),
      ...Object.fromEntries(Object.entries(passwords).map(([role, p]) => [`password of the seeded ${role}`, p])),
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThanOrEqual(8);
      for (const [where, text] of Object.entries({ rows, bytes, logs: output })) {
        expect(text.toLowerCase().includes(secret.toLowerCase()), `${name} found in ${where}`).toBe(false);
      }
    }
    const macsecAdd = requests.find((r) => r.kind === "macsec.add");
    expect(JSON.parse(macsecAdd?.params ?? "{}").cak).toMatch(/^[0-9a-f]{8}$/);
    await h.expectChainOk();
  }, 60_000);
});
