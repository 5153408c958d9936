/**
 * Change application benchmark: the simulator in-process (80 routers, seed 1: enough with RouterOS ≥ 7.12 and an ether2 for the largest bulk), a fresh SQLite file,
 * devices seeded from the simulator (lib/seed) with their RouterOS versions, an operator and two admins (the changes tests'
 * harness, lib/changes/engine/testdata/harness.ts).
 * Every request goes through the real service: preview → propose (operator) → approve + schedule (admins)
 * → applyChange (the runner's step). Measured, wall clock in ms:
 * - `single`: one `macvlan.add` (parent ether2) on one router: previewMs, proposeMs, applyMs, REST calls
 *   made by the apply (ChangeTarget.steps without engine notes, by phase drift/apply/verify/rollback) and
 *   audit events the apply wrote (change.apply_start … change.finish);
 * - `bulk`: one `macvlan.add` over N routers (10 and 50, RouterOS ≥ 7.12 whose preview plans): proposeMs,
 *   applyMs (whole request) and applyMs / N, `targetMs` p50/p95/max = one device's write + verify
 *   (ChangeTarget finishedAt − startedAt; the drift check of every device runs before and is not in it),
 *   driftSpanMs (first to last drift-check call of the request, from ChangeTarget.steps `at`),
 *   REST calls and audit events per device (request-level events included, divided by N);
 * - `rollback`: `macvlan.add` with `ipAddress` (two PUTs) where the simulator fails the second write
 *   (`{mode:"http500",methods:["PUT","PATCH","DELETE","POST"],skip:1,count:1}`): time to ROLLED_BACK.
 * Prints one JSON object `{ bench: "change-apply", routers, eligible, single, bulk: [...], rollback }`.
 * Needs SECRET_KEY; when it is unset the bench runs itself again in a child process with a fresh key.
 * Options: `--sizes 10,50`.
 */
import { supportsFeature } from "../lib/routeros/version";
import { startHarness, type Harness } from "../lib/changes/engine/testdata/harness";
import { applyChange, approveChange, previewChange, proposeChange, scheduleChange, type ProposeInput } from "../lib/changes/workflow";
import { arg, percentile, round, runWithSecretKey } from "./support";

const ROUTERS = 80;
const FAULT_SECOND_WRITE = { mode: "http500", methods: ["PUT", "PATCH", "DELETE", "POST"], skip: 1, count: 1 };

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, round(performance.now() - started, 1)];
}

/** Proposes, approves (admin), schedules (admin2) and applies one request; times propose and apply, counts calls and audit events. */
async function run(b: Harness, input: ProposeInput, beforeApply?: () => Promise<void>) {
  const db = b.t.db;
  const [{ id, hash }, proposeMs] = await timed(() => proposeChange(db, b.operator, input));
  await approveChange(db, b.admin, { id, hash });
  await scheduleChange(db, b.admin2, { id });
  await beforeApply?.();
  const auditBefore = await db.auditEvent.count({ where: { entityType: "change", entityId: id } });
  const [status, applyMs] = await timed(() => applyChange(db, id, { owner: "bench" }));
  const auditEvents = (await db.auditEvent.count({ where: { entityType: "change", entityId: id } })) - auditBefore;
  const targets = await db.changeTarget.findMany({ where: { changeRequestId: id }, select: { status: true, steps: true, startedAt: true, finishedAt: true } });
  const calls: Record<string, number> = {};
  const driftAt: number[] = [];
  let restCalls = 0;
  for (const target of targets) {
    for (const step of JSON.parse(target.steps) as { at: string; phase: string; method: string }[]) {
      if (step.method === "NOTE") continue;
      if (step.phase === "drift") driftAt.push(Date.parse(step.at));
      restCalls++;
      calls[step.phase] = (calls[step.phase] ?? 0) + 1;
    }
  }
  const deviceMs = targets.map((x) => (x.startedAt && x.finishedAt ? x.finishedAt.getTime() - x.startedAt.getTime() : 0));
  const notApplied = targets.filter((x) => x.status !== "APPLIED").length;
  const driftSpanMs = driftAt.length > 0 ? Math.max(...driftAt) - Math.min(...driftAt) : 0;
  return { status, proposeMs, applyMs, driftSpanMs, restCalls, callsByPhase: calls, auditEvents, deviceMs, notApplied };
}

async function main(): Promise<void> {
  const sizes = arg("sizes", "10,50").split(",").map(Number);
  const b = await startHarness({ routers: ROUTERS, seed: 1 });
  try {
    const db = b.t.db;
    const eligibleNames = b.sim.routers.filter((r) => supportsFeature(r.version, "macvlan")).map((r) => r.name);
    const devices = await db.device.findMany({ where: { name: { in: eligibleNames } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
    const params = { name: "macvlan-bench", interface: "ether2", mode: "bridge" };
    const [fleetPreview, fleetPreviewMs] = await timed(() => previewChange(db, { kind: "macvlan.add", params, deviceIds: devices.map((d) => d.id) }));
    const plannable = fleetPreview.targets.filter((x) => x.ok).map((x) => x.deviceId);
    const need = 1 + Math.max(...sizes) + 1;
    const single = plannable[0];
    const rbId = plannable[1 + Math.max(...sizes)];
    if (single === undefined || rbId === undefined) throw new Error(`only ${plannable.length} routers can plan macvlan.add on ether2; ${need} needed`);

    const singleInput: ProposeInput = { kind: "macvlan.add", params: { ...params, name: "macvlan-one" }, deviceIds: [single] };
    const [, previewMs] = await timed(() => previewChange(db, singleInput));
    const one = await run(b, singleInput);

    const bulk = [];
    for (const n of sizes) {
      const ids = plannable.slice(1, 1 + n);
      const r = await run(b, { kind: "macvlan.add", params: { ...params, name: `macvlan-bulk${n}` }, deviceIds: ids });
      bulk.push({
        devices: n,
        status: r.status,
        notApplied: r.notApplied,
        proposeMs: r.proposeMs,
        applyMs: r.applyMs,
        applyMsPerDevice: round(r.applyMs / n, 1),
        driftSpanMs: r.driftSpanMs,
        targetMs: { p50: percentile(r.deviceMs, 50), p95: percentile(r.deviceMs, 95), max: Math.max(...r.deviceMs) },
        restCallsPerDevice: round(r.restCalls / n, 1),
        auditEventsPerDevice: round(r.auditEvents / n, 1),
        auditEvents: r.auditEvents,
      });
    }

    const rbName = devices.find((d) => d.id === rbId)?.name ?? "";
    const rbInput: ProposeInput = { kind: "macvlan.add", params: { ...params, name: "macvlan-rb", ipAddress: "10.250.0.1/24" }, deviceIds: [rbId] };
    const rb = await run(b, rbInput, () => b.setFault(rbName, FAULT_SECOND_WRITE));

    const result = {
      bench: "change-apply",
      routers: ROUTERS,
      eligible: { macvlanVersion: devices.length, plannable: plannable.length, fleetPreviewMs },
      single: {
        status: one.status,
        previewMs,
        proposeMs: one.proposeMs,
        applyMs: one.applyMs,
        restCalls: one.restCalls,
        callsByPhase: one.callsByPhase,
        auditEvents: one.auditEvents,
      },
      bulk,
      rollback: {
        status: rb.status,
        proposeMs: rb.proposeMs,
        msToRolledBack: rb.applyMs,
        restCalls: rb.restCalls,
        callsByPhase: rb.callsByPhase,
        auditEvents: rb.auditEvents,
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await b.close();
  }
}

runWithSecretKey(main);
