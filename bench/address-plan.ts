/**
 * Address plan benchmark (`dhcp-lease.import`): the simulator in-process (guide routers, seed 3), a fresh SQLite file
 * with one device per router and the changes tests' users (lib/changes/engine/testdata/harness.ts). guide-isp-dhcp's
 * DHCP server dhcp-vlan32 gets a second network (10.50.0.0/21 on vlan-32) to hold N rows (default 1,000). Through the
 * real service, wall clock in ms:
 * - `plan`: previewChange of N new rows (the kind's reads plus the preview's diff and calls);
 * - `apply`: propose → approve → schedule → applyChange (drift check, N adds, read-back): proposeMs, applyMs, REST
 *   calls by phase and audit events of the apply;
 * - `undo`: a second plan of N other rows whose last add the simulator fails (http500 after N − 1 writes), so the engine
 *   undoes N − 1 adds: msToRolledBack (whole apply), undoMs (first to last rollback call), REST calls by phase, and
 *   whether the lease menu reads as before.
 * Prints one JSON object `{ bench: "address-plan", rows, plan, apply, undo }`. Needs SECRET_KEY; when it is unset the
 * bench runs itself again in a child process with a fresh key. Options: `--rows 1000`.
 */
import { startHarness, type Harness } from "../lib/changes/engine/testdata/harness";
import { applyChange, approveChange, previewChange, proposeChange, scheduleChange, type ProposeInput } from "../lib/changes/workflow";
import { arg, round, runWithSecretKey } from "./support";

const ROUTER = "guide-isp-dhcp";
const SERVER = "dhcp-vlan32";
/** The static leases' writable fields (dynamic ones and read-only fields change by themselves). */
const STATIC_LEASES = "/ip/dhcp-server/lease?dynamic=false&.proplist=server,mac-address,address,comment,disabled";

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, round(performance.now() - started, 1)];
}

/** `n` rows from `offset`: MAC 02:00:00:<offset+i as 3 bytes>, address 10.50.0.10 + offset + i (inside 10.50.0.0/21). */
function planRows(n: number, offset: number) {
  return Array.from({ length: n }, (_, i) => {
    const k = offset + i;
    const hex = (v: number) => v.toString(16).padStart(2, "0").toUpperCase();
    const host = 10 + k;
    return {
      macAddress: `02:00:00:${hex(k >> 16)}:${hex((k >> 8) & 255)}:${hex(k & 255)}`,
      address: `10.50.${host >> 8}.${host & 255}`,
      comment: `bench ${k}`,
      line: i + 1,
    };
  });
}

/** Proposes, approves, schedules and applies one request; times propose and apply, counts REST calls by phase and audit events. */
async function run(b: Harness, input: ProposeInput, beforeApply?: () => Promise<void>) {
  const db = b.t.db;
  const [{ id, hash }, proposeMs] = await timed(() => proposeChange(db, b.operator, input));
  await approveChange(db, b.admin, { id, hash });
  await scheduleChange(db, b.admin2, { id });
  await beforeApply?.();
  const auditBefore = await db.auditEvent.count({ where: { entityType: "change", entityId: id } });
  const [status, applyMs] = await timed(() => applyChange(db, id, { owner: "bench" }));
  const auditEvents = (await db.auditEvent.count({ where: { entityType: "change", entityId: id } })) - auditBefore;
  const target = await db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id }, select: { steps: true } });
  const calls: Record<string, number> = {};
  const rollbackAt: number[] = [];
  let restCalls = 0;
  for (const step of JSON.parse(target.steps) as { at: string; phase: string; method: string }[]) {
    if (step.method === "NOTE") continue;
    if (step.phase === "rollback") rollbackAt.push(Date.parse(step.at));
    restCalls++;
    calls[step.phase] = (calls[step.phase] ?? 0) + 1;
  }
  const undoMs = rollbackAt.length > 0 ? Math.max(...rollbackAt) - Math.min(...rollbackAt) : 0;
  return { status, proposeMs, applyMs, undoMs, restCalls, callsByPhase: calls, auditEvents };
}

async function main(): Promise<void> {
  const rows = Number(arg("rows", "1000"));
  const b = await startHarness({ seed: 3 });
  try {
    await b.rest(ROUTER, "PUT", "/ip/address", { address: "10.50.0.1/21", interface: "vlan-32" });
    await b.rest(ROUTER, "PUT", "/ip/dhcp-server/network", { address: "10.50.0.0/21", gateway: "10.50.0.1" });
    const deviceIds = [await b.deviceId(ROUTER)];
    const input: ProposeInput = { kind: "dhcp-lease.import", params: { server: SERVER, rows: planRows(rows, 0) }, deviceIds };
    const [preview, planMs] = await timed(() => previewChange(b.t.db, input));
    const apply = await run(b, input);
    const leasesBefore = JSON.stringify(await b.rows(ROUTER, STATIC_LEASES));
    const second: ProposeInput = { kind: "dhcp-lease.import", params: { server: SERVER, rows: planRows(rows, rows) }, deviceIds };
    const fault = { mode: "http500", methods: ["PUT"], skip: rows - 1, count: 1 };
    const undo = await run(b, second, () => b.setFault(ROUTER, fault));
    await b.clearFault(ROUTER);
    const leasesAfter = JSON.stringify(await b.rows(ROUTER, STATIC_LEASES));
    const result = {
      bench: "address-plan",
      rows,
      plan: { ok: preview.targets.every((t) => t.ok), planMs, notes: preview.targets[0]?.notes.slice(0, 1) ?? [] },
      apply: {
        status: apply.status,
        proposeMs: apply.proposeMs,
        applyMs: apply.applyMs,
        restCalls: apply.restCalls,
        callsByPhase: apply.callsByPhase,
        auditEvents: apply.auditEvents,
      },
      undo: {
        status: undo.status,
        undone: rows - 1,
        msToRolledBack: undo.applyMs,
        undoMs: undo.undoMs,
        restCalls: undo.restCalls,
        callsByPhase: undo.callsByPhase,
        auditEvents: undo.auditEvents,
        leasesAsBefore: leasesAfter === leasesBefore,
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await b.close();
  }
}

runWithSecretKey(main);
