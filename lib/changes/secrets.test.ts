import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./engine/testdata/harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const SCENARIO = path.resolve(__dirname, "engine/testdata/secret-scenario.ts");

function runScenario(args: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SCENARIO, h.t.url, JSON.stringify(args)], {
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

async function databaseBytes(): Promise<string> {
  const dir = path.dirname(h.t.file);
  const files = (await readdir(dir)).filter((f) => f.startsWith(path.basename(h.t.file)));
  const parts = await Promise.all(files.map((f) => readFile(path.join(dir, f))));
  return Buffer.concat(parts).toString("latin1");
}

describe("MACsec CAKs", () => {
  it("never appear in ChangeRequest or ChangeTarget rows, audit events, the SQLite file or the logs (macsec.add, macsec.rotate-cak)", async () => {
    const cak = randomBytes(16).toString("hex");
    const newCak = randomBytes(16).toString("hex");
    const ckn = randomBytes(32).toString("hex");
    const deviceId = await h.deviceId("guide-macsec-a");
    const { code, output } = await runScenario({ operatorId: h.operator.id, adminId: h.admin.id, deviceId, cak, newCak, ckn });
    expect(code, output.slice(-2000)).toBe(0);
    const result = output.split("\n").find((l) => l.startsWith('{"statuses"')) ?? "{}";
    expect(JSON.parse(result), output.slice(-3000)).toEqual({ statuses: ["APPLIED", "APPLIED"] });
    expect(output).toMatch(/routeros: request/);

    const routerRows = await h.rows("guide-macsec-a", "/interface/macsec?name=macsec-test");
    expect(routerRows[0]?.cak?.toLowerCase()).toBe(newCak);

    const requests = await h.t.db.changeRequest.findMany({ include: { targets: true } });
    expect(requests).toHaveLength(2);
    const events = await h.t.db.auditEvent.findMany();
    expect(events.some((e) => e.action === "change.router_call")).toBe(true);
    const rows = JSON.stringify({ requests, events });
    const bytes = await databaseBytes();
    for (const secret of [cak, newCak]) {
      for (const text of [rows, bytes, output]) {
        expect(text.toLowerCase()).not.toContain(secret);
      }
    }
    expect(JSON.parse(requests[0].params).cak).toMatch(/^[0-9a-f]{8}$/);
    await h.expectChainOk();
  });
});
