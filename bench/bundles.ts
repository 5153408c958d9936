/**
 * First-load JavaScript per page route, from a production build (`next build`, Turbopack): the gzip size of every
 * script a first visit to the route downloads before it is interactive. Prints one JSON object:
 * `{ bench: "bundles", builtMs | reused, budgetKb, routes: { "/status": { files, rawKb, gzipKb }, ... }, overBudget: [...] }`
 * (KB = 1,000 bytes; gzip level 9 per file, each chunk is its own HTTP response).
 *
 * How the set of files is found (Next 16 prints no sizes with Turbopack):
 * - `.next/build-manifest.json` `rootMainFiles`: the runtime, React and Next's client, in every page's HTML.
 *   `polyfillFiles` are `nomodule` scripts that modern browsers skip: not counted.
 * - `.next/server/app/<route>/page_client-reference-manifest.js` `entryJSFiles`: per segment of the route's tree
 *   (root layout, group layouts, the page, and their error / loading / not-found boundaries) the chunks holding
 *   its client components. Next writes them into the HTML as async `<script>` tags (the RSC payload's module
 *   references name the same chunks), so the union is what the first visit loads.
 * - Chunks behind `next/dynamic` with `ssr: false` or `import()` are in neither list: they load after hydration
 *   (e.g. a chart's Recharts once the chart mounts) and are not first-load JS.
 * The same route's HTML from `next start` lists the same files (checked by hand on /login when this was
 * written); the manifests need no server, database or session.
 *
 * Options: `--reuse` uses the existing `.next` build when there is one (else builds); `--budget 200` (KB gzip).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { arg, round } from "./support";

const ROOT = path.resolve(__dirname, "..");
const NEXT_DIR = path.join(ROOT, ".next");

/** Runs `next build` with throw-away secrets and a scratch database (the build reads no data); returns its time (ms). */
function build(): number {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "routeros-noc-bundles-"));
  const started = performance.now();
  try {
    const res = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NODE_OPTIONS: "",
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        SECRET_KEY: randomBytes(32).toString("base64"),
        DATABASE_URL: `file:${path.join(tmp, "build.db")}`,
      },
    });
    if (res.status !== 0) throw new Error(`next build failed (exit ${res.status ?? res.signal})`);
    return round(performance.now() - started, 0);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(NEXT_DIR, file), "utf8")) as T;
}

/** The `entryJSFiles` of a route's client reference manifest (a script that assigns `globalThis.__RSC_MANIFEST`). */
function entryFiles(pageKey: string): string[] {
  const file = path.join(NEXT_DIR, "server/app", `${pageKey}_client-reference-manifest.js`);
  if (!existsSync(file)) throw new Error(`no client reference manifest for ${pageKey} (${file})`);
  const sandbox: { self?: unknown; globalThis?: unknown; __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
  sandbox.self = sandbox;
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(file, "utf8"), sandbox);
  const manifest = sandbox.__RSC_MANIFEST?.[pageKey];
  if (!manifest?.entryJSFiles) throw new Error(`client reference manifest of ${pageKey} has no entryJSFiles`);
  return Object.values(manifest.entryJSFiles).flat();
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();

function sizeOf(file: string): { raw: number; gzip: number } {
  const cached = gzipCache.get(file);
  if (cached) return cached;
  const bytes = readFileSync(path.join(NEXT_DIR, file));
  const size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  gzipCache.set(file, size);
  return size;
}

function main(): void {
  const budgetKb = Number(arg("budget", "200"));
  const reuse = process.argv.includes("--reuse") && existsSync(path.join(NEXT_DIR, "BUILD_ID"));
  const builtMs = reuse ? undefined : build();
  const { rootMainFiles } = readJson<{ rootMainFiles: string[] }>("build-manifest.json");
  const routes = readJson<Record<string, string>>("app-path-routes-manifest.json");
  const result: Record<string, { files: number; rawKb: number; gzipKb: number }> = {};
  for (const [pageKey, route] of Object.entries(routes).sort(([, a], [, b]) => a.localeCompare(b))) {
    if (!pageKey.endsWith("/page") || route.startsWith("/_")) continue;
    const files = [...new Set([...rootMainFiles, ...entryFiles(pageKey)])].filter((f) => f.endsWith(".js"));
    const total = files.map(sizeOf).reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
    result[route] = { files: files.length, rawKb: round(total.raw / 1000, 1), gzipKb: round(total.gzip / 1000, 1) };
  }
  if (Object.keys(result).length === 0) throw new Error("no page routes in .next/app-path-routes-manifest.json");
  const overBudget = Object.entries(result)
    .filter(([, r]) => r.gzipKb > budgetKb)
    .map(([route]) => route);
  process.stdout.write(`${JSON.stringify({ bench: "bundles", ...(reuse ? { reused: true } : { builtMs }), budgetKb, routes: result, overBudget })}\n`);
}

main();
