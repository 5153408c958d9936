// npm run demo: installs, configures, migrates, builds, starts the simulated fleet, seeds, and then runs the
// worker (poller + change runner) and the production server. PORT (web, default 3000) and SIM_PORT (simulator, default 18728).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { captureOrThrow, ensureEnvFile, generateSecrets, run, startServices, step, waitForHttp } from "./lib.mjs";

const started = Date.now();

if (!existsSync("node_modules/.bin/next") || !existsSync("node_modules/concurrently")) {
  step("Installing dependencies (first run only; .ci/run says why this is npm install, not npm ci)");
  run("npm", ["install", "--no-audit", "--no-fund"]);
}
const { default: concurrently } = await import("concurrently");
const port = process.env.PORT ?? "3000";
const simPort = process.env.SIM_PORT ?? "18728";
const routers = process.env.SIM_ROUTERS ?? "25";

step("Configuration (.env.local)");
const fileEnv = ensureEnvFile(".env.local", {
  ...generateSecrets(),
  DATABASE_URL: "file:./data/app.db",
  POLL_INTERVAL_SEC: "10",
});
const env = { ...process.env, ...fileEnv, PORT: port, SIM_PORT: simPort, NEXTAUTH_URL: `http://localhost:${port}`, NODE_ENV: "production" };

step("Database: applying migrations (SQLite, WAL)");
mkdirSync("data", { recursive: true });
run("npx", ["prisma", "migrate", "deploy"], env);

const head = (() => {
  try {
    return execSync("git rev-parse HEAD", { encoding: "utf8" }).trim() + (execSync("git status --porcelain", { encoding: "utf8" }).trim() ? "-dirty" : "");
  } catch {
    return "unknown";
  }
})();
const stamp = ".next/demo-build-head";
if (!existsSync(".next/BUILD_ID") || !existsSync(stamp) || readFileSync(stamp, "utf8") !== head || head.endsWith("-dirty")) {
  step("Building the production server (first run: a few minutes)");
  run("npx", ["next", "build"], env);
  writeFileSync(stamp, head);
} else {
  step("Production build is up to date");
}

// Order matters: the seed writes users, devices and router networks before the worker and the web server start
// writing to the same file; a step that fails stops every process started before it.
const services = [];
const stopAll = () => Promise.all(services.map((s) => s.stop()));
const interrupt = () => void stopAll().then(() => process.exit(130));
process.on("SIGINT", interrupt);
process.on("SIGTERM", interrupt);

try {
  step(`Starting the simulated fleet (${routers} routers on :${simPort})`);
  services.push(
    startServices(concurrently, [
      { name: "sim", command: `node --import tsx sim/cli.ts --routers ${routers} --port ${simPort} --seed 1`, env, prefixColor: "magenta" },
    ]),
  );
  await waitForHttp(`http://127.0.0.1:${simPort}/_sim/routers`, 60_000, "simulator");
  step("Seeding users and devices (passwords are printed only when an account is created)");
  console.log(captureOrThrow("npx", ["tsx", "--conditions=react-server", "prisma/seed.ts", "--sim-url", `http://127.0.0.1:${simPort}`], env));
  step(`Starting the worker and the web server (:${port})`);
  services.push(
    startServices(concurrently, [
      { name: "worker", command: "node --conditions=react-server --import tsx lib/worker/cli.ts", env, prefixColor: "cyan" },
      { name: "web", command: `node node_modules/next/dist/bin/next start -p ${port}`, env, prefixColor: "green" },
    ]),
  );
  await waitForHttp(`http://127.0.0.1:${port}/login`, 120_000, "web server");
  step(`Ready in ${Math.round((Date.now() - started) / 1000)} s: open http://localhost:${port} (Ctrl-C stops everything)`);
  process.exitCode = await Promise.race(services.map((s) => s.done));
} catch (err) {
  console.error(`\n\u2716 ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
