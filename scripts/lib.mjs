// Shared helpers of the demo and e2e scripts: steps that say what they do, env files, readiness waits.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseEnv } from "node:util";

/** Prints a step heading. */
export function step(message) {
  console.log(`\n\u25b6 ${message}`);
}

/** Runs a command to completion with inherited output; exits the script on failure. */
export function run(command, args, env = process.env) {
  const res = spawnSync(command, args, { stdio: "inherit", env });
  if (res.status !== 0) {
    console.error(`\n\u2716 ${command} ${args.join(" ")} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status ?? 1);
  }
}

/** Runs a command and returns its stdout (trimmed); throws on failure, so the caller can stop what it started. */
export function captureOrThrow(command, args, env = process.env) {
  const res = spawnSync(command, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (res.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${res.status ?? res.signal})`);
  return res.stdout.trimEnd();
}

/**
 * Starts long-running commands with concurrently (prefixed output; when one exits the others are stopped).
 * Returns `done` (resolves 0 when they all ended cleanly, else 1; never rejects) and `stop()`, which kills
 * the whole process trees and waits until they have exited.
 */
export function startServices(concurrently, commands, options = {}) {
  const { result, commands: running } = concurrently(commands, { killOthersOn: ["failure", "success"], prefix: "name", ...options });
  const done = result.then(
    () => 0,
    () => 1,
  );
  return {
    done,
    async stop() {
      running.forEach((c) => c.kill("SIGTERM"));
      await done;
    },
  };
}

/** Fresh secrets for a new installation. */
export function generateSecrets() {
  return {
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    SECRET_KEY: randomBytes(32).toString("base64"),
  };
}

/** Writes `file` with the given variables if it does not exist; returns its parsed variables. */
export function ensureEnvFile(file, defaults) {
  if (!existsSync(file)) {
    const body = Object.entries(defaults)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n");
    writeFileSync(file, `# Written by npm run demo; keep it secret (SECRET_KEY seals router passwords).\n${body}\n`, { mode: 0o600 });
    console.log(`  wrote ${file} with generated secrets`);
  } else {
    console.log(`  using existing ${file}`);
  }
  return parseEnv(readFileSync(file, "utf8"));
}

/** Polls `url` until it answers (any HTTP status < 500) or `timeoutMs` passes. */
export async function waitForHttp(url, timeoutMs, label) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${label} did not answer at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
