import { parseArgs } from "node:util";
import { startSimulator } from "./server";

/**
 * `npm run sim -- --routers 25 --port 18728 --seed 1 [--host 127.0.0.1] [--monitor-cut-ms 5000]`
 * Starts the simulator, prints one line per router (name, version, role, site, API URL, user) and the
 * control URL, and stops cleanly on SIGINT/SIGTERM. The port may also come from SIM_PORT.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      routers: { type: "string", default: "25" },
      // SIM_PORT is this CLI's own launcher setting, read here rather than in lib/env.ts (the app's
      // environment schema), which the simulator must not depend on.
      port: { type: "string", default: process.env.SIM_PORT ?? "18728" },
      seed: { type: "string", default: "1" },
      host: { type: "string", default: "127.0.0.1" },
      "monitor-cut-ms": { type: "string", default: "5000" },
    },
  });
  const numbers = { routers: Number(values.routers), port: Number(values.port), seed: Number(values.seed), cut: Number(values["monitor-cut-ms"]) };
  for (const [k, v] of Object.entries(numbers)) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${k} must be a non-negative integer`);
  }
  const sim = await startSimulator({
    routers: numbers.routers,
    port: numbers.port,
    seed: numbers.seed,
    host: values.host,
    monitorCutMs: numbers.cut,
  });
  for (const r of sim.routers) {
    process.stdout.write(`${r.name.padEnd(22)} ${r.version.padEnd(7)} ${r.role.padEnd(19)} ${r.site.padEnd(14)} ${r.apiUrl}  user=${r.username}\n`);
  }
  process.stdout.write(`control: ${sim.url}/_sim/routers (${sim.routers.length} routers, seed ${numbers.seed})\n`);
  const stop = (signal: string) => {
    process.stdout.write(`${signal}: stopping simulator\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
