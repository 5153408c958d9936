import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// Tests run as server code: "server-only" resolves to the package's own `react-server` entry (its empty module), as
// in Next's server bundles and the worker (`tsx --conditions=react-server`). Only that package: the whole condition
// (`ssr.resolve.conditions`) would also give React's server build to next/navigation, which server actions under
// test import, and it fails there (`createContext is not a function`); for the same reason it is not set through
// NODE_OPTIONS here (the test workers would inherit it). Child processes that tests start pass it themselves
// (`node --conditions=react-server --import tsx ...`).
const require = createRequire(import.meta.url);
const SERVER_ONLY_REACT_SERVER = path.join(path.dirname(require.resolve("server-only")), "empty.js");

const TEST_FOLDERS = ["lib", "sim", "components", "app"];

/**
 * The test files that use a database: those that call createTestDb (lib/testing/test-db.ts) directly or through the
 * change engine's harness, or read TEST_DATABASE_URL themselves (migration tests). With TEST_DATABASE_URL set (npm run
 * test:unit:pg, scripts/pg-server.mjs) only these run, each on PostgreSQL.
 */
function databaseTestFiles(): string[] {
  return TEST_FOLDERS.flatMap((folder) => readdirSync(folder, { recursive: true, encoding: "utf8" }).map((file) => path.join(folder, file)))
    .filter((file) => file.endsWith(".test.ts"))
    .filter((file) => /createTestDb\(|testdata\/harness"|process\.env\.TEST_DATABASE_URL/.test(readFileSync(file, "utf8")))
    .sort();
}

export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname), "server-only": SERVER_ONLY_REACT_SERVER },
  },
  test: {
    include: process.env.TEST_DATABASE_URL ? databaseTestFiles() : TEST_FOLDERS.map((folder) => `${folder}/**/*.test.ts`),
    environment: "node",
    // A fresh sealing key per run: tests never depend on a fixed secret.
    env: {
      SECRET_KEY: randomBytes(32).toString("base64"),
      LOG_LEVEL: "silent",
      NODE_ENV: "test",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
