import path from "node:path";
import { describe, expect, it } from "vitest";
import { findForbiddenChain, listSourceFiles, readImports, REPO_ROOT, type ModuleImports } from "./import-graph";

/** Packages that only run on the server: the database driver, the router HTTP client, the logger, password hashing. */
const SERVER_PACKAGES = [
  "@prisma/client",
  "@prisma/adapter-better-sqlite3",
  "@prisma/adapter-pg",
  "pg",
  "better-sqlite3",
  "undici",
  "pino",
  "@node-rs/argon2",
  "next-auth/next",
];

/** Why a client component may not load `file`, or null when it may. */
function serverOnlyReason(file: string, imports: ModuleImports): string | null {
  if (imports.packages.includes("server-only")) return 'imports "server-only"';
  const pkg = imports.packages.find((p) => SERVER_PACKAGES.includes(p) || p.startsWith("node:"));
  if (pkg) return `imports the server package "${pkg}"`;
  const rel = path.relative(REPO_ROOT, file);
  if (rel.startsWith(path.join("lib", "generated", "prisma", "client"))) return "is the Prisma client";
  return null;
}

// Client components ("use client") are bundled for the browser: nothing they import at run time (type imports are
// erased) may reach the database, secrets or routers. Next refuses "server-only" at build time; this test names
// the chain before a build, and also catches server modules that forgot the marker (by their packages).
describe("client components cannot import server-only modules", () => {
  const clientModules = listSourceFiles(["app", "components", "lib"]).filter((f) => readImports(f).directive === "use client");

  it("finds the client components", () => {
    expect(clientModules.length).toBeGreaterThan(20);
  });

  it("sees a server module through its imports (the check can fail)", () => {
    const found = findForbiddenChain(path.join(REPO_ROOT, "lib/db.ts"), serverOnlyReason);
    expect(found?.chain[0]).toBe(path.join("lib", "db.ts"));
  });

  it.each(clientModules.map((f) => [path.relative(REPO_ROOT, f), f]))("%s", (_rel, file) => {
    const found = findForbiddenChain(file, serverOnlyReason);
    expect(found && `${found.chain.join(" -> ")} (${found.reason})`).toBeNull();
  });
});
