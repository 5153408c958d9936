// npm run db:generate (also postinstall, typecheck, build): derives prisma/postgresql/schema.prisma from
// prisma/schema.prisma (scripts/pg-schema.mjs), then generates both Prisma clients: lib/generated/prisma (SQLite) and
// lib/generated/prisma-pg (PostgreSQL). prisma.config.ts picks the schema from DATABASE_URL's scheme, so each run gets
// a URL of its kind; generating opens no database (a URL of the other kind makes the CLI look for a native engine).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { derivePgSchema, PG_SCHEMA, pgSchemaUpToDate, SQLITE_SCHEMA } from "./pg-schema.mjs";

if (!pgSchemaUpToDate()) {
  writeFileSync(PG_SCHEMA, derivePgSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
  console.log(`wrote ${PG_SCHEMA}`);
}
const targets = [
  ["SQLite", "file:./data/app.db"],
  ["PostgreSQL", "postgresql://localhost/routeros_noc"],
];
for (const [label, url] of targets) {
  const res = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env: { ...process.env, DATABASE_URL: url } });
  if (res.status !== 0) {
    console.error(`\u2716 prisma generate (${label}) failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status ?? 1);
  }
}
