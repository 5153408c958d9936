import { verifyAuditChain } from "../../../audit/log";
import { seedDevicesFromSimulator } from "../../../seed/seed";
import { createTestDb, type TestDb } from "../../../testing/test-db";
import { startSimulator, type Simulator } from "../../../../sim/server";
import type { ChangeActor } from "../../workflow";

/**
 * The router requests of the `before_change` backup applyChange takes after its drift check (lib/backups/change-hook.ts,
 * docs/backups.md), by the simulator's fault method: `POST /rest/export`, `GET /rest/file?name=` (the file is there),
 * `POST /rest/file/read` (one chunk; 400 on versions without it), `GET /rest/file?name=` and `DELETE /rest/file/<id>`.
 * A fault that counts requests of `methods` (`skip`) to hit one of the change's own adds this many.
 */
export function beforeBackupCalls(methods: readonly string[]): number {
  const calls: Record<string, number> = { POST: 2, GET: 2, DELETE: 1 };
  return methods.reduce((n, m) => n + (calls[m] ?? 0), 0);
}

/** A simulator, a fresh SQLite database with one Device per simulated router, and four users. */
export interface Harness {
  sim: Simulator;
  t: TestDb;
  operator: ChangeActor;
  admin: ChangeActor;
  admin2: ChangeActor;
  /** Device id of the router named `name`. */
  deviceId(name: string): Promise<string>;
  /** `GET /rest<path>` on a simulated router through its REST API (as the router's own user). */
  rows(router: string, path: string): Promise<Record<string, string>[]>;
  /** The `cak` of `/interface/macsec` `name` (print with `show-sensitive`, 7.21+), undefined when not returned. */
  cakOf(router: string, name: string): Promise<string | undefined>;
  /** Any REST call on a simulated router (to change it behind the app's back). */
  rest(router: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  setFault(router: string, fault: Record<string, unknown>): Promise<void>;
  /** Replaces the policies of the router's REST user (`PUT /_sim/routers/<name>/user`), e.g. without `sensitive`. */
  setUserPolicies(router: string, policies: string[]): Promise<void>;
  clearFault(router: string): Promise<void>;
  /** Throws unless the audit chain verifies. */
  expectChainOk(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the harness: `routers` simulated routers (default 8: guides first) from `seed` (default 3),
 * devices seeded with their RouterOS versions, an operator and two admins. bench/change-apply.ts uses
 * it with more routers.
 */
export async function startHarness({ routers = 8, seed = 3 }: { routers?: number; seed?: number } = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, routers, seed });
  const t = await createTestDb();
  await seedDevicesFromSimulator(t.db, sim.url);
  for (const r of sim.routers) await t.db.device.update({ where: { name: r.name }, data: { version: r.version } });
  const user = async (email: string, role: "ADMIN" | "OPERATOR"): Promise<ChangeActor> => {
    const row = await t.db.user.create({ data: { email, name: email, role, passwordHash: "unused" } });
    return { id: row.id, email };
  };
  const operator = await user("operator@example.test", "OPERATOR");
  const admin = await user("admin@example.test", "ADMIN");
  const admin2 = await user("admin2@example.test", "ADMIN");
  const info = (name: string) => {
    const r = sim.routers.find((x) => x.name === name);
    if (!r) throw new Error(`no router ${name}`);
    return r;
  };
  const rest = async (router: string, method: string, path: string, body?: unknown) => {
    const r = info(router);
    const res = await fetch(`${r.apiUrl}/rest${path}`, {
      method,
      headers: { authorization: `Basic ${Buffer.from(`${r.username}:${r.password}`).toString("base64")}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  return {
    sim,
    t,
    operator,
    admin,
    admin2,
    async deviceId(name) {
      return (await t.db.device.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
    },
    async rows(router, path) {
      const res = await rest(router, "GET", path);
      if (res.status !== 200) throw new Error(`GET ${path} on ${router}: ${res.status}`);
      return res.body as Record<string, string>[];
    },
    async cakOf(router, name) {
      const res = await rest(router, "POST", "/interface/macsec/print", { "show-sensitive": "", ".query": [`name=${name}`], ".proplist": ["name", "cak"] });
      if (res.status !== 200) throw new Error(`print of ${name} on ${router}: ${res.status}`);
      return (res.body as Record<string, string>[])[0]?.cak;
    },
    rest,
    async setFault(router, fault) {
      const res = await fetch(`${sim.url}/_sim/routers/${router}/fault`, { method: "PUT", body: JSON.stringify(fault) });
      if (res.status !== 200) throw new Error(`fault refused: ${await res.text()}`);
    },
    async setUserPolicies(router, policies) {
      const res = await fetch(`${sim.url}/_sim/routers/${router}/user`, { method: "PUT", body: JSON.stringify({ policies }) });
      if (res.status !== 200) throw new Error(`policies refused: ${await res.text()}`);
    },
    async clearFault(router) {
      await fetch(`${sim.url}/_sim/routers/${router}/fault`, { method: "DELETE" });
    },
    async expectChainOk() {
      const report = await verifyAuditChain(t.db);
      if (!report.ok) throw new Error(`audit chain broken at ${report.firstBrokenId}: ${report.reason}`);
    },
    async close() {
      await t.cleanup();
      await sim.close();
    },
  };
}
