// npm run db:new-migration -- <name>: writes the migration of both databases, each with the SQL that turns the schema of
// the last committed migration into the current one:
//   prisma/migrations/<timestamp>_<name>/migration.sql             from prisma/schema.prisma (SQLite)
//   prisma/postgresql/migrations/<timestamp>_<name>/migration.sql  from prisma/postgresql/schema.prisma (PostgreSQL),
// the PostgreSQL schema being derived from the SQLite one (scripts/pg-schema.mjs), then and now.
// Why not `migrate dev` or `migrate diff --from-migrations`: with the JS schema engine and the better-sqlite3 adapter,
// `migrate dev` fails and replaying migrations into the shadow database fails with SQLITE_ERROR (seen with Prisma
// 6.19.3). Diffing two datamodels needs no migration history: the base datamodel is prisma/schema.prisma as of the
// newest commit that touched prisma/migrations (prisma/postgresql/schema.prisma as of the newest that touched
// prisma/postgresql/migrations). The CLI still opens a database of the schema's kind: a scratch SQLite
// file, and a scratch database on the PostgreSQL server of TEST_DATABASE_URL or on a throw-away one
// (scripts/pg-server.mjs, which installs PostgreSQL when missing).
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { derivePgSchema, PG_SCHEMA, SQLITE_SCHEMA } from "./pg-schema.mjs";
import { startPostgres } from "./pg-server.mjs";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
/** The newest commit that touched `folder`, or "". */
const lastCommit = (folder) => execFileSync("git", ["log", "-1", "--format=%H", "--", folder], { encoding: "utf8" }).trim();
const base = lastCommit("prisma/migrations");
const pgBase = lastCommit("prisma/postgresql/migrations");
if (!base || !pgBase) {
  console.error("no committed migration to diff from");
  process.exit(1);
}

/** `prisma migrate diff` from datamodel `from` to `to` with DATABASE_URL=url; returns the SQL or exits on failure. */
function diff(from, to, url) {
  const args = ["prisma", "migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", to, "--script"];
  const res = spawnSync("npx", args, { encoding: "utf8", env: { ...process.env, DATABASE_URL: url } });
  if (res.status !== 0) {
    console.error(res.stderr);
    process.exit(res.status ?? 1);
  }
  return res.stdout ?? "";
}

/** Runs `fn(url)` with a scratch PostgreSQL database (dropped afterwards). */
async function withScratchPostgres(fn) {
  const server = process.env.TEST_DATABASE_URL ? null : await startPostgres();
  const serverUrl = process.env.TEST_DATABASE_URL ?? server.url;
  const scratch = `routeros_noc_new_migration_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${scratch}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${scratch}`;
    return fn(url.href);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
    server?.stop();
  }
}

const tmp = mkdtempSync(path.join(tmpdir(), "routeros-noc-migration-"));
let sqliteSql;
let pgSql;
try {
  const baseSqlite = execFileSync("git", ["show", `${base}:${SQLITE_SCHEMA}`], { encoding: "utf8" });
  const baseSqliteFile = path.join(tmp, "schema.prisma");
  const basePgFile = path.join(tmp, "postgresql.prisma");
  writeFileSync(baseSqliteFile, baseSqlite);
  writeFileSync(basePgFile, execFileSync("git", ["show", `${pgBase}:${PG_SCHEMA}`], { encoding: "utf8" }));
  writeFileSync(PG_SCHEMA, derivePgSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
  sqliteSql = diff(baseSqliteFile, SQLITE_SCHEMA, `file:${path.join(tmp, "scratch.db")}`);
  pgSql = await withScratchPostgres((url) => diff(basePgFile, PG_SCHEMA, url));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (!/\b(CREATE|ALTER|DROP|INSERT)\b/i.test(sqliteSql)) {
  console.log("no schema change since the last migration: nothing written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
for (const [dir, sql] of [
  [`prisma/migrations/${stamp}_${name}`, sqliteSql],
  [`prisma/postgresql/migrations/${stamp}_${name}`, pgSql],
]) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/migration.sql`, sql);
  console.log(`wrote ${dir}/migration.sql (${sql.split("\n").length} lines)`);
}
console.log("review both, then npm run db:migrate (and npm run db:check)");
if (/"AuditEvent"/.test(sqliteSql + pgSql)) {
  console.warn('warning: they touch "AuditEvent": if one re-creates the table, add the append-only triggers of its init migration again');
}
