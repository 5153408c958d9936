import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { verifyAuditChain } from "../audit/log";
import { createTestDb } from "../testing/test-db";

/**
 * The demo's first start (issue: SQLITE_BUSY_SNAPSHOT in the seed's site upsert while the worker and the web server
 * were already writing): the seed, a worker (poller cycles) and web-server writes (user service, audit events) run
 * at once, each in its own process on one SQLite file, round after round on fresh databases. None may fail, and the
 * audit chain they share must verify.
 */

const ROOT = path.resolve(__dirname, "../..");
const WRITER = path.join(__dirname, "testdata/concurrent-writer.ts");
const ROUNDS = 4;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 12, seed: 5 });
});
afterAll(() => sim.close());

function child(args: string[], url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" },
    });
    let output = "";
    proc.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
    proc.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
    proc.on("error", reject);
    proc.on("exit", (code) => resolve({ code, output }));
  });
}

describe("seed, worker and web server writing to one database at once", () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    "round %i: every process succeeds, no SQLITE_BUSY, one intact audit chain",
    async () => {
      const t = await createTestDb();
      try {
        // The admin the web server's account changes run as: the user service refuses a role change that would leave
        // no enabled admin, and the seed creates its admin at some point during the round.
        await t.db.user.create({ data: { email: "lead@example.test", name: "Lead", role: "ADMIN", passwordHash: "unused" } });
        const runs = await Promise.all([
          child([WRITER, t.url, "web", "15"], t.url),
          child(["prisma/seed.ts", "--sim-url", sim.url, "--json"], t.url),
          child([WRITER, t.url, "worker", "8"], t.url),
          child([WRITER, t.url, "web", "15"], t.url),
        ]);
        for (const run of runs) {
          expect(run.output).not.toMatch(/SQLITE_BUSY|database is locked/);
          expect(run.code, run.output.slice(-2000)).toBe(0);
        }
        expect(await t.db.device.count()).toBe(12);
        expect(await t.db.user.count()).toBe(1 + 3 + 30);
        const report = await verifyAuditChain(t.db);
        expect(report.ok).toBe(true);
        expect(report.count).toBeGreaterThanOrEqual(12 + 3 + 30 * 3);
      } finally {
        await t.cleanup();
      }
    },
    120_000,
  );
});
