// A throw-away PostgreSQL server on loopback for tests and db:check: Debian's `postgresql` package (installed with
// apt-get when missing, as .ci/run does for Chromium), a data folder in a temporary directory, trust authentication,
// a free TCP port on 127.0.0.1 and the unix socket in the same temporary directory. As root the server runs as the
// `postgres` user (initdb refuses root). Removed again by stop().
//
// CLI: node scripts/pg-server.mjs <command> [args...]: starts a server, runs the command with
// TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:<port>/postgres, stops the server and exits with the command's status.
import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PG_ROOT = "/usr/lib/postgresql";

/** The bin folder of the newest installed PostgreSQL (`/usr/lib/postgresql/<major>/bin`), or null when none is. */
export function findPostgresBin() {
  if (!existsSync(PG_ROOT)) return null;
  const majors = readdirSync(PG_ROOT)
    .filter((v) => existsSync(path.join(PG_ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length > 0 ? path.join(PG_ROOT, majors[0], "bin") : null;
}

/**
 * Returns the PostgreSQL bin folder, installing Debian's `postgresql` package with apt-get first when it is missing
 * (needs root, as in CI). Throws when it cannot be installed.
 */
export function ensurePostgresBin() {
  const found = findPostgresBin();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb) and installing it needs root");
  console.log("installing Debian's postgresql package (apt-get)...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "postgresql"],
  ]) {
    const res = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
    if (res.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${res.status ?? res.signal})`);
  }
  const bin = findPostgresBin();
  if (!bin) throw new Error("apt-get installed postgresql but no initdb was found under /usr/lib/postgresql");
  return bin;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL program, as the `postgres` user when this process is root; throws with its output on failure. */
function runPg(bin, program, args) {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? "runuser" : path.join(bin, program);
  const argv = asRoot ? ["-u", "postgres", "--", path.join(bin, program), ...args] : args;
  const res = spawnSync(command, argv, { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`${program} ${args.join(" ")} failed (exit ${res.status ?? res.signal}):\n${res.stdout}${res.stderr}`);
}

/**
 * Starts a fresh PostgreSQL server (initdb + pg_ctl start, waits until it accepts connections).
 * Settings for a test server: fsync off, 300 connections.
 * @returns { url, port, dir, stop }: url is `postgresql://postgres@127.0.0.1:<port>/postgres`; stop() shuts the
 *   server down (fast mode) and removes its folder.
 */
export async function startPostgres() {
  const bin = ensurePostgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), "routeros-noc-pg-"));
  if (process.getuid?.() === 0) chownSync(dir, Number(idOf("-u")), Number(idOf("-g")));
  const data = path.join(dir, "data");
  const port = await freePort();
  try {
    runPg(bin, "initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
    runPg(bin, "pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runPg(bin, "pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** `id -u postgres` / `id -g postgres`. */
function idOf(flag) {
  const res = spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  if (res.status !== 0) throw new Error("no `postgres` user (Debian's postgresql package creates it)");
  return res.stdout.trim();
}

/** CLI: runs one command against a throw-away server (see the top of this file). */
async function main(argv) {
  if (argv.length === 0) {
    console.error("usage: node scripts/pg-server.mjs <command> [args...]");
    return 2;
  }
  const server = await startPostgres();
  console.log(`PostgreSQL test server on 127.0.0.1:${server.port} (data in ${server.dir})`);
  const stop = () => server.stop();
  process.once("exit", stop);
  const child = spawn(argv[0], argv.slice(1), { stdio: "inherit", env: { ...process.env, TEST_DATABASE_URL: server.url } });
  for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => child.kill(signal));
  const status = await new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  stop();
  return status;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (status) => process.exit(status),
    (err) => {
      console.error(`\u2716 pg-server: ${err.message}`);
      process.exit(1);
    },
  );
}
