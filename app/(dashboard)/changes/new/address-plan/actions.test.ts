import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestSession, signInAs } from "@/lib/auth/testdata/sign-in";
import type { Db } from "@/lib/db-client";
import { startHarness, type Harness } from "@/lib/changes/engine/testdata/harness";
import { applyChange, approveChange, scheduleChange } from "@/lib/changes/workflow";

// The real server actions (defineAction → addressPlanSchema → CSV parsing → lib/changes/server.ts → the workflow and
// the kind) on the harness's SQLite file (PostgreSQL with TEST_DATABASE_URL) and simulator over HTTP, with real
// sessions. Only Next's request scope is replaced: next-auth's cookie decoding, the app's Prisma client (lib/db → the
// test database), request headers, path revalidation and the redirect (a thrown Redirect naming its URL).
const scope = vi.hoisted(() => ({ sid: null as string | null, db: null as Db | null }));
const Redirect = vi.hoisted(
  () =>
    class Redirect extends Error {
      constructor(readonly url: string) {
        super(`redirect to ${url}`);
      }
    },
);

vi.mock("next-auth", () => ({ getServerSession: async () => (scope.sid ? { sid: scope.sid } : null) }));
vi.mock("@/lib/db", () => ({
  get db() {
    return scope.db;
  },
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
  unstable_rethrow: (err: unknown) => {
    if (err instanceof Redirect) throw err;
  },
}));

const { previewAddressPlanAction, proposeAddressPlanAction } = await import("./actions");

const ROUTER = "guide-isp-dhcp";
const SERVER = "dhcp-vlan32";
const STATIC_LEASES = "/ip/dhcp-server/lease?dynamic=false&.proplist=server,mac-address,address,comment,disabled";

let h: Harness;
let deviceId: string;
let operatorSid: string;

/** `n` CSV lines from `offset`: MAC 02:00:00:00:hh:ll, address 10.50.0.10 + offset + i (inside 10.50.0.0/21), a comment. */
function csvLines(n: number, offset = 0): string[] {
  const hex = (v: number) => v.toString(16).padStart(2, "0").toUpperCase();
  return Array.from({ length: n }, (_, i) => {
    const k = offset + i;
    const host = 10 + k;
    return `02:00:00:00:${hex(k >> 8)}:${hex(k & 255)},10.50.${host >> 8}.${host & 255},plan ${k}`;
  });
}

/** Proposes through the action as the operator; returns the new request's id (from the redirect). */
async function propose(csv: string): Promise<string> {
  scope.sid = operatorSid;
  const err: unknown = await proposeAddressPlanAction(null, { deviceId, server: SERVER, csv }).then(
    (r) => new Error(`no redirect: ${JSON.stringify(r)}`),
    (e: unknown) => e,
  );
  if (!(err instanceof Redirect)) throw err;
  const id = /^\/changes\/(.+)$/.exec(err.url)?.[1];
  if (!id) throw new Error(`unexpected redirect ${err.url}`);
  return id;
}

/** Approves and schedules request `id` as the harness admins, then applies it as the runner does. */
async function approveAndApply(id: string): Promise<string> {
  const row = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
  await approveChange(h.t.db, h.admin, { id, hash: row.hash });
  await scheduleChange(h.t.db, h.admin2, { id });
  return applyChange(h.t.db, id, { owner: "address-plan-test", routerCutMs: 1_500 });
}

beforeAll(async () => {
  h = await startHarness();
  scope.db = h.t.db;
  deviceId = await h.deviceId(ROUTER);
  operatorSid = await openTestSession(h.t.db, h.operator.id);
  await h.rest(ROUTER, "PUT", "/ip/address", { address: "10.50.0.1/21", interface: "vlan-32" });
  await h.rest(ROUTER, "PUT", "/ip/dhcp-server/network", { address: "10.50.0.0/21", gateway: "10.50.0.1" });
});
afterAll(() => h.close());

describe("address plan actions", () => {
  it("refuses a viewer, and names the CSV line of each bad row under csv", async () => {
    scope.sid = (await signInAs(h.t.db, "VIEWER", "viewer@example.test")).sid;
    expect(await previewAddressPlanAction(null, { deviceId, server: SERVER, csv: csvLines(1).join("\n") })).toMatchObject({ ok: false });
    scope.sid = operatorSid;
    const bad = await previewAddressPlanAction(null, {
      deviceId,
      server: SERVER,
      csv: ["mac-address,address,comment", "FF:FF:FF:FF:FF:FF,10.50.0.20", ...csvLines(1)].join("\n"),
    });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? null : bad.fieldErrors?.csv).toEqual([expect.stringMatching(/^line 2: mac-address: MAC address FF:FF:FF:FF:FF:FF /)]);
  });

  it("previews rows by class, and refuses an address leased to another MAC naming the line", async () => {
    scope.sid = operatorSid;
    const csv = ["00:11:22:33:44:55,223.203.225.10", "AA:BB:CC:DD:EE:FF,223.203.225.20,customer B2", ...csvLines(3)].join("\n");
    const r = await previewAddressPlanAction(null, { deviceId, server: SERVER, csv });
    if (!r.ok) throw new Error(r.message);
    expect(r.data.counts).toEqual({ new: 3, changed: 1, unchanged: 1 });
    expect(r.data.rows.map((row) => [row.line, row.class, row.currentAddress, row.currentComment])).toEqual([
      [1, "unchanged", null, null],
      [2, "changed", null, "customer B"],
      [3, "new", null, null],
      [4, "new", null, null],
      [5, "new", null, null],
    ]);
    expect(r.data.preview.targets[0]?.notes.slice(0, 2)).toEqual(["5 rows: 3 new (add), 1 changed (set), 1 unchanged", "new: lines 3–5"]);
    const conflict = await previewAddressPlanAction(null, { deviceId, server: SERVER, csv: `${csvLines(1)[0] ?? ""}\n02:00:00:00:AB:01,223.203.225.10` });
    if (!conflict.ok) throw new Error(conflict.message);
    expect(conflict.data.preview.targets[0]?.fieldErrors?.rows).toEqual([
      "line 2: 223.203.225.10 is already leased to 00:11:22:33:44:55 on dhcp-vlan32 (static lease)",
    ]);
    await expect(propose(`${csvLines(1)[0] ?? ""}\n02:00:00:00:AB:01,223.203.225.10`)).rejects.toThrow(/line 2: 223\.203\.225\.10 is already leased/);
  });

  it("proposes, applies and audits a plan; a 1,000-row plan whose last write fails is rolled back to the leases as before", async () => {
    const small = await propose(["AA:BB:CC:DD:EE:FF,223.203.225.21", ...csvLines(2, 2_000)].join("\n"));
    expect(await approveAndApply(small)).toBe("APPLIED");
    const leases = await h.rows(ROUTER, STATIC_LEASES);
    expect(leases).toEqual(
      expect.arrayContaining([{ server: SERVER, "mac-address": "AA:BB:CC:DD:EE:FF", address: "223.203.225.21", comment: "customer B", disabled: "false" }]),
    );
    expect(await h.t.db.auditEvent.count({ where: { entityId: small, action: "change.propose" } })).toBe(1);

    const big = await propose(["mac-address,address,comment", ...csvLines(1_000)].join("\n"));
    const before = await h.rows(ROUTER, STATIC_LEASES);
    await h.setFault(ROUTER, { mode: "http500", methods: ["PUT"], skip: 999, count: 1 });
    expect(await approveAndApply(big)).toBe("ROLLED_BACK");
    await h.clearFault(ROUTER);
    expect(await h.rows(ROUTER, STATIC_LEASES)).toEqual(before);
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: big } });
    const steps = JSON.parse(target.steps) as { phase: string; method: string }[];
    expect(steps.filter((s) => s.phase === "apply" && s.method === "PUT")).toHaveLength(1_000);
    expect(steps.filter((s) => s.phase === "rollback" && s.method === "DELETE")).toHaveLength(999);
    expect(steps.filter((s) => s.phase === "drift" && s.method !== "NOTE").length).toBeLessThanOrEqual(4);
    await h.expectChainOk();
  }, 180_000);
});
