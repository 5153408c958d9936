import { randomBytes } from "node:crypto";
import path from "node:path";
import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests run as server code: the `react-server` condition loads the real "server-only" marker (its empty module),
// as in Next's server bundles and the worker (`tsx --conditions=react-server`). Child processes that tests start
// (`node --import tsx ...`) inherit the condition through NODE_OPTIONS. No test renders React components.
const SERVER_CONDITIONS = ["react-server", ...defaultServerConditions];

export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname) },
  },
  ssr: { resolve: { conditions: SERVER_CONDITIONS } },
  test: {
    include: ["lib/**/*.test.ts", "sim/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts"],
    environment: "node",
    // A fresh sealing key per run: tests never depend on a fixed secret.
    env: {
      SECRET_KEY: randomBytes(32).toString("base64"),
      LOG_LEVEL: "silent",
      NODE_ENV: "test",
      NODE_OPTIONS: "--conditions=react-server",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
