/**
 * Runs every benchmark in bench/ (each `*.ts` but this file and support.ts, e.g. poller.ts and sim-*.ts) one after the
 * other in its own Node process (`node --import tsx`), and prints one JSON object mapping the bench file
 * name to the JSON it printed (its last stdout line that parses as JSON), or `{ error, exitCode }`.
 */
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";

const BENCH_DIR = __dirname;
/** Files of bench/ that are not benchmarks: this runner and the shared helpers. */
const NOT_BENCHES = new Set(["run.ts", "support.ts"]);

function runBench(file: string): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(BENCH_DIR, file), ...process.argv.slice(2)], {
      cwd: path.resolve(BENCH_DIR, ".."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

function lastJson(stdout: string): unknown {
  const lines = stdout.trim().split("\n").reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line);
    } catch {
      continue;
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const files = (await readdir(BENCH_DIR)).filter((f) => f.endsWith(".ts") && !NOT_BENCHES.has(f) && !f.endsWith(".test.ts")).sort();
  const results: Record<string, unknown> = {};
  for (const file of files) {
    const started = performance.now();
    const { exitCode, stdout, stderr } = await runBench(file);
    const json = lastJson(stdout);
    results[file.replace(/\.ts$/, "")] =
      exitCode === 0 && json !== undefined ? json : { error: stderr.trim().split("\n").slice(-5).join("\n") || "no JSON output", exitCode };
    process.stderr.write(`bench ${file}: exit ${exitCode} in ${Math.round(performance.now() - started)} ms\n`);
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

void main();
