/**
 * Configuration backup benchmark: the simulator in-process (`--routers`, default 50, seed 1), a fresh SQLite file, the
 * routers as devices; every router is backed up once (`takeBackup`, on demand: export to a file, `/file/read` or
 * `contents`, remove, store), then again with nothing changed, then after one typical change (a firewall rule added
 * by hand). Measured: `routerMs` (export + read + remove, wall clock ms) p50/p95/max, the export's size (normalised
 * bytes) min/mean/max, stored bytes (gzip) mean, and the bytes one changed version adds.
 * Storage per router per month at one backup a day: a version is stored only on a day the configuration changed,
 * so `storedBytesPerMonth` = changed days × mean stored bytes (+ ~150 bytes of row per version), for 4 and 30 changed days.
 * Prints one JSON object `{ bench: "backups", routers, first, unchanged, changed, storage }`.
 * Options: `--routers 50`.
 */
import { startSimulator } from "../sim/server";
import { generateKey } from "../lib/crypto/seal";
import { takeBackup, type TakeBackupResult } from "../lib/backups/store";
import { insertSimulatorDevices } from "../lib/testing/sim-devices";
import { createTestDb } from "../lib/testing/test-db";
import { arg, percentile, round } from "./support";

/** Bytes a ConfigBackup row takes beside its content (ids, hash, numbers, index entries): an estimate. */
const ROW_OVERHEAD_BYTES = 150;

function stats(values: number[]) {
  return { p50: round(percentile(values, 50), 1), p95: round(percentile(values, 95), 1), max: round(Math.max(...values), 1) };
}

async function main(): Promise<void> {
  const routers = Number(arg("routers", "50"));
  const secretKey = generateKey();
  const sim = await startSimulator({ port: 0, routers, seed: 1 });
  const t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  try {
    const ids = await insertSimulatorDevices(t.db, sim.routers, secretKey);
    const pass = async (): Promise<TakeBackupResult[]> => {
      const out: TakeBackupResult[] = [];
      for (const id of ids) out.push(await takeBackup(t.db, id, { trigger: "on_demand", secretKey }));
      return out;
    };
    const first = await pass();
    const rows = await t.db.configBackup.findMany({ select: { sizeBytes: true, content: true } });
    const unchanged = await pass();
    for (const r of sim.routers) {
      const auth = `Basic ${Buffer.from(`${r.username}:${r.password}`).toString("base64")}`;
      await fetch(`${r.apiUrl}/rest/ip/firewall/filter`, {
        method: "PUT",
        headers: { authorization: auth, "content-type": "application/json" },
        body: JSON.stringify({ chain: "input", action: "drop", "src-address": "198.51.100.0/24", comment: "bench: blocked by hand" }),
      });
    }
    const changed = await pass();
    const all = await t.db.configBackup.findMany({ select: { content: true } });
    const sizes = rows.map((r) => r.sizeBytes);
    const storedMean = rows.reduce((s, r) => s + r.content.length, 0) / rows.length;
    const perMonth = (days: number) => Math.round(days * (storedMean + ROW_OVERHEAD_BYTES));
    console.log(
      JSON.stringify({
        bench: "backups",
        routers,
        first: {
          routerMs: stats(first.map((r) => r.routerMs)),
          readBy: { read: first.filter((r) => r.method === "read").length, contents: first.filter((r) => r.method === "contents").length },
          exportBytes: { min: Math.min(...sizes), mean: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length), max: Math.max(...sizes) },
          storedBytesMean: Math.round(storedMean),
        },
        unchanged: { routerMs: stats(unchanged.map((r) => r.routerMs)), stored: unchanged.filter((r) => r.stored).length },
        changed: {
          routerMs: stats(changed.map((r) => r.routerMs)),
          stored: changed.filter((r) => r.stored).length,
          linesAddedMean: round(changed.reduce((s, r) => s + r.linesAdded, 0) / changed.length, 2),
          versions: all.length,
        },
        storage: {
          perVersionBytes: Math.round(storedMean + ROW_OVERHEAD_BYTES),
          bytesPerRouterMonth: { changed4Days: perMonth(4), changedDaily: perMonth(30) },
        },
      }),
    );
  } finally {
    await t.cleanup();
    await sim.close();
  }
}

void main();
