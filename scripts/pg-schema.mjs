// npm run db:pg-schema: writes prisma/postgresql/schema.prisma, the PostgreSQL twin of prisma/schema.prisma (the one
// source of the data model). Prisma allows one datasource provider per schema and generates a provider-specific client,
// so the twin differs only in its header, the datasource provider and the client's output folder
// (lib/generated/prisma-pg). `--check` writes nothing and exits 1 when the file is missing or out of date.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const PG_SCHEMA = "prisma/postgresql/schema.prisma";

const HEADER = "// GENERATED from prisma/schema.prisma by scripts/pg-schema.mjs (npm run db:pg-schema): do not edit.\n";

/** Replaces exactly one match of `pattern` in `text`; throws when there is not exactly one. */
function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, "gm")) ?? [];
  if (matches.length !== 1) throw new Error(`${SQLITE_SCHEMA}: expected one ${what}, found ${matches.length}`);
  return text.replace(pattern, replacement);
}

/**
 * The PostgreSQL schema text derived from the SQLite schema text: provider "postgresql", client output
 * `../../lib/generated/prisma-pg` (relative to prisma/postgresql/), models unchanged.
 * @throws Error when the SQLite schema does not have exactly one `provider = "sqlite"` and one client `output`
 */
export function derivePgSchema(sqliteSchema) {
  let text = replaceOnce(sqliteSchema, /^(\s*provider\s*=\s*)"sqlite"/m, '$1"postgresql"', 'provider = "sqlite"');
  text = replaceOnce(text, /^(\s*output\s*=\s*)"\.\.\/lib\/generated\/prisma"/m, '$1"../../lib/generated/prisma-pg"', 'output = "../lib/generated/prisma"');
  return HEADER + text;
}

/** True when prisma/postgresql/schema.prisma is what derivePgSchema makes of prisma/schema.prisma now. */
export function pgSchemaUpToDate() {
  return existsSync(PG_SCHEMA) && readFileSync(PG_SCHEMA, "utf8") === derivePgSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    if (!pgSchemaUpToDate()) {
      console.error(`\u2716 ${PG_SCHEMA} is out of date with ${SQLITE_SCHEMA}: run npm run db:pg-schema`);
      process.exit(1);
    }
    console.log(`${PG_SCHEMA} is up to date`);
  } else {
    writeFileSync(PG_SCHEMA, derivePgSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
    console.log(`wrote ${PG_SCHEMA}`);
  }
}
