import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The schema's datasource reads DATABASE_URL; without it `prisma generate` falls back to downloading a
// native engine (unreachable here). Default it to the same file as lib/env.ts.
process.env.DATABASE_URL ??= "file:./data/app.db";

/**
 * Prisma CLI configuration: JS schema engine over a driver adapter (Prisma 6.19; see docs/operations.md).
 * The CLI migrates the SQLite file named by DATABASE_URL (default file:./data/app.db).
 */
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL as string });
  },
});
