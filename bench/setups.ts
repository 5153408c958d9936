/**
 * Set-up benchmark (issue 10 templates): the simulator in-process (80 routers, seed 1), a fresh SQLite file, the changes
 * tests' harness (lib/changes/engine/testdata/harness.ts). Each template goes through the real service: previewTemplate
 * → proposeTemplate (operator) → approve + schedule (admins) → applyChange (the runner's step). Measured, wall clock ms:
 * - `segment`: the isolated MACVLAN segment on 1 and on N routers (`--sizes 1,10`): steps, previewMs, proposeMs,
 *   applyMs, REST calls of the apply by phase (drift/apply/verify/settle/rollback, engine notes excluded);
 * - `segmentRollback`: the segment on N routers where the simulator fails the last router's fourth write (its DHCP
 *   server): applyMs to ROLLED_BACK and its REST calls by phase (the undo of every applied step on every router);
 * - `macsecLink`: a MACsec link on two routers with server-generated keys: applyMs to APPLIED, most of it the
 *   settle wait (the simulator negotiates 4–24 s, as a real link takes seconds), and `settleMs`.
 * Prints one JSON object `{ bench: "setups", segment: [...], segmentRollback, macsecLink }`.
 * Needs SECRET_KEY; when it is unset the bench runs itself again in a child process with a fresh key.
 */
import { startHarness, type Harness } from "../lib/changes/engine/testdata/harness";
import { proposeTemplate, previewTemplate } from "../lib/changes/templates/service";
import { applyChange, approveChange, scheduleChange } from "../lib/changes/workflow";
import { supportsFeature } from "../lib/routeros/version";
import { arg, round, runWithSecretKey } from "./support";

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, round(performance.now() - started, 1)];
}

/** Previews, proposes, approves, schedules and applies one template; times each and counts the apply's REST calls by phase. */
async function run(b: Harness, template: string, input: Record<string, unknown>, beforeApply?: () => Promise<void>) {
  const db = b.t.db;
  const [preview, previewMs] = await timed(() => previewTemplate(db, template, input));
  const [{ id, hash }, proposeMs] = await timed(() => proposeTemplate(db, b.operator, template, input));
  await approveChange(db, b.admin, { id, hash });
  await scheduleChange(db, b.admin2, { id });
  await beforeApply?.();
  const [status, applyMs] = await timed(() => applyChange(db, id, { owner: "bench" }));
  const targets = await db.changeTarget.findMany({ where: { changeRequestId: id }, select: { steps: true } });
  const calls: Record<string, number> = {};
  const settleAt: number[] = [];
  for (const t of targets)
    for (const s of JSON.parse(t.steps) as { at: string; phase: string; method: string }[]) {
      if (s.method === "NOTE") continue;
      calls[s.phase] = (calls[s.phase] ?? 0) + 1;
      if (s.phase === "settle") settleAt.push(Date.parse(s.at));
    }
  const restCalls = Object.values(calls).reduce((a, n) => a + n, 0);
  const settleMs = settleAt.length > 0 ? Math.max(...settleAt) - Math.min(...settleAt) : 0;
  return { status, steps: preview.steps.length, previewMs, proposeMs, applyMs, restCalls, callsByPhase: calls, settleMs };
}

async function main(): Promise<void> {
  const sizes = arg("sizes", "1,10").split(",").map(Number);
  const b = await startHarness({ routers: 80, seed: 1 });
  try {
    const names: string[] = [];
    for (const r of b.sim.routers.filter((x) => supportsFeature(x.version, "macvlan") && x.name.startsWith("edge-")))
      if ((await b.rows(r.name, "/interface")).some((i) => i.name === "ether2")) names.push(r.name);
    const ids = await Promise.all(names.map((n) => b.deviceId(n)));
    let subnet = 0;
    const routers = (from: number, n: number) =>
      ids.slice(from, from + n).map((deviceId) => ({ deviceId, parent: "ether2", subnet: `10.${100 + Math.floor(++subnet / 250)}.${subnet % 250}.0/24` }));
    const segment = [];
    let used = 0;
    for (const [i, n] of sizes.entries()) {
      segment.push({ routers: n, ...(await run(b, "isolated-macvlan", { name: `macvlan-b${i}`, routers: routers(used, n) })) });
      used += n;
    }
    const n = Math.max(...sizes);
    const rb = routers(used, n);
    const last = names[used + n - 1] as string;
    const segmentRollback = {
      routers: n,
      ...(await run(b, "isolated-macvlan", { name: "macvlan-rb", routers: rb }, () =>
        b.setFault(last, { mode: "http500", methods: ["PUT"], skip: 3, count: 1 }),
      )),
    };
    await b.clearFault(last);
    const a = await b.deviceId("guide-macsec-a");
    const c = await b.deviceId("guide-macsec-b");
    const macsecLink = await run(b, "macsec-link", {
      name: "macsec-bench",
      a: { deviceId: a, interface: "ether2" },
      b: { deviceId: c, interface: "ether2" },
      waitSec: 60,
    });
    process.stdout.write(`${JSON.stringify({ bench: "setups", segment, segmentRollback, macsecLink }, null, 2)}\n`);
  } finally {
    await b.close();
  }
}

runWithSecretKey(main);
