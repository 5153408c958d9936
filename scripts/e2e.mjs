// npm run test:e2e: a real browser (Debian Chromium) against a real production server, a real SQLite file,
// the real worker (poller + change runner) and the RouterOS simulator. Installs Chromium when /usr/bin/chromium is missing.
// E2E_SKIP_BUILD=1 reuses an existing .next build (local iteration only).
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import concurrently from "concurrently";
import { captureOrThrow, generateSecrets, run, startServices, step, waitForHttp } from "./lib.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  step("Installing Debian's Chromium for Playwright");
  const apt = process.getuid?.() === 0 ? ["apt-get"] : ["sudo", "apt-get"];
  run(apt[0], [...apt.slice(1), "update", "-qq"]);
  run(apt[0], [...apt.slice(1), "install", "-y", "-qq", "chromium"]);
}

const port = process.env.E2E_PORT ?? "3210";
const simPort = process.env.E2E_SIM_PORT ?? "18790";
const dir = ".tmp/e2e";
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const passwords = {
  admin: randomBytes(12).toString("base64url"),
  operator: randomBytes(12).toString("base64url"),
  viewer: randomBytes(12).toString("base64url"),
};
const env = {
  ...process.env,
  ...generateSecrets(),
  DATABASE_URL: `file:./${dir}/app.db`,
  NEXTAUTH_URL: `http://localhost:${port}`,
  // The web server's port, for every process: routers may not point at the NOC itself (lib/net/router-networks.ts).
  // The seed adds 127.0.0.1/32 to the router networks for the simulator (lib/seed/seed.ts).
  PORT: port,
  POLL_INTERVAL_SEC: "2",
  // The sessions auth.setup.ts saves are reused for the whole run, which can last longer than the default idle timeout.
  SESSION_IDLE_MINUTES: "480",
  CHANGE_RUNNER_INTERVAL_MS: "500",
  // Alert rules evaluated after each poll cycle (e2e/alerts.spec.ts waits for a fault to fire and resolve).
  ALERT_EVALUATE_INTERVAL_MS: "1000",
  LOG_LEVEL: "warn",
  NODE_ENV: "production",
};

step("e2e: fresh database");
run("npx", ["prisma", "migrate", "deploy"], env);
if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(".next/BUILD_ID")) {
  step("e2e: next build");
  run("npx", ["next", "build"], env);
}

// The seed writes before the worker and the web server start writing to the same file; whatever fails stops
// every process started before it.
const hidden = (name) => (process.env.E2E_VERBOSE ? [] : [name]);
const services = [];
let status = 1;
try {
  step("e2e: starting the simulator and seeding");
  services.push(
    startServices(concurrently, [{ name: "sim", command: `node --import tsx sim/cli.ts --routers 8 --port ${simPort} --seed 7`, env }], {
      killOthersOn: ["failure"],
      hide: hidden("sim"),
    }),
  );
  await waitForHttp(`http://127.0.0.1:${simPort}/_sim/routers`, 60_000, "simulator");
  captureOrThrow(
    "npx",
    [
      "tsx",
      "--conditions=react-server",
      "prisma/seed.ts",
      "--sim-url",
      `http://127.0.0.1:${simPort}`,
      `--admin-password=${passwords.admin}`,
      `--operator-password=${passwords.operator}`,
      `--viewer-password=${passwords.viewer}`,
      "--json",
    ],
    env,
  );
  step("e2e: starting the worker and the web server");
  services.push(
    startServices(
      concurrently,
      [
        { name: "worker", command: "node --conditions=react-server --import tsx lib/worker/cli.ts", env },
        { name: "web", command: `node node_modules/next/dist/bin/next start -p ${port}`, env },
      ],
      { killOthersOn: ["failure"], hide: hidden("web") },
    ),
  );
  await waitForHttp(`http://127.0.0.1:${port}/login`, 120_000, "web server");
  step("e2e: playwright");
  const res = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: {
      ...env,
      NODE_ENV: "test",
      E2E_BASE_URL: `http://localhost:${port}`,
      E2E_SIM_URL: `http://127.0.0.1:${simPort}`,
      E2E_ADMIN_PASSWORD: passwords.admin,
      E2E_OPERATOR_PASSWORD: passwords.operator,
      E2E_VIEWER_PASSWORD: passwords.viewer,
      CHROMIUM_PATH: chromium,
    },
  });
  status = res.status ?? 1;
} catch (err) {
  console.error(`\u2716 ${err instanceof Error ? err.message : err}`);
} finally {
  // tree-kill is asynchronous: wait for the children to exit before this process does.
  await Promise.race([Promise.all(services.map((s) => s.stop())), new Promise((r) => setTimeout(r, 15_000))]);
}
process.exit(status);
