// npm run db:check: fails when the migrations and the schema of either database describe different databases (a schema
// edit without its migration, or a hand-edited migration the schema does not follow), or when
// prisma/postgresql/schema.prisma is not what scripts/pg-schema.mjs derives from prisma/schema.prisma.
// Why not `migrate diff --from-migrations`: with the JS schema engine and the better-sqlite3 adapter (Prisma 6.19.3)
// the shadow database refuses scripts of more than one statement (P3006 on the first migration), and
// --shadow-database-url / --from-url are refused with an adapter in prisma.config.ts. So: apply the migrations to a
// scratch database (`migrate deploy`), introspect it (`db pull`), and diff that datamodel against the schema
// (`migrate diff --exit-code`: 0 same, 2 different). Triggers (the audit log's append-only guards) are not part of
// a Prisma datamodel and are not compared (lib/audit/log.test.ts checks them on both databases).
// PostgreSQL: a scratch database on the server of TEST_DATABASE_URL (scripts/pg-server.mjs sets it), else on a
// throw-away server (scripts/pg-server.mjs) when PostgreSQL is installed or `--require-postgresql` is given (installs
// it, as npm test does); otherwise that half is skipped and the output says so.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { PG_SCHEMA, pgSchemaUpToDate, SQLITE_SCHEMA } from "./pg-schema.mjs";
import { findPostgresBin, startPostgres } from "./pg-server.mjs";

/** Runs the Prisma CLI with DATABASE_URL=url (prisma.config.ts picks schema, migrations and adapter from it). */
function prisma(args, url) {
  const res = spawnSync("npx", ["prisma", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: url } });
  return { status: res.status ?? 1, output: `${res.stdout ?? ""}${res.stderr ?? ""}` };
}

/**
 * Applies the migrations to the empty database at `url`, introspects it and diffs it against `schema`.
 * @param scratchUrl a database the diff may open (the CLI opens one even for a datamodel-to-datamodel diff)
 * @returns an error ({ message, output }) or null
 */
function check(tmp, { schema, migrations, url, scratchUrl }) {
  const pulled = path.join(tmp, `${path.basename(path.dirname(path.resolve(schema)))}-migrated.prisma`);
  const deploy = prisma(["migrate", "deploy"], url);
  if (deploy.status !== 0) return { message: `${migrations} do not apply to an empty database`, output: deploy.output };
  // db pull rewrites the models of the file it is given: start from a copy so the generator and datasource stay.
  copyFileSync(schema, pulled);
  const pull = prisma(["db", "pull", "--schema", pulled, "--force"], url);
  if (pull.status !== 0) return { message: "could not introspect the migrated database", output: pull.output };
  const diff = prisma(["migrate", "diff", "--from-schema-datamodel", pulled, "--to-schema-datamodel", schema, "--exit-code"], scratchUrl);
  if (diff.status === 2) {
    const message = `${schema} and ${migrations} disagree; what the migrations lack (write it: npm run db:new-migration -- <name>):`;
    return { message, output: diff.output };
  }
  if (diff.status !== 0) return { message: "prisma migrate diff failed", output: diff.output };
  return null;
}

/** Checks the PostgreSQL migrations in a scratch database on the server at `serverUrl` (dropped afterwards). */
async function checkPostgres(tmp, serverUrl) {
  const name = `routeros_noc_db_check_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    try {
      return check(tmp, { schema: PG_SCHEMA, migrations: "prisma/postgresql/migrations", url: url.href, scratchUrl: url.href });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/** Runs every check; returns the errors found (empty when all agree). */
async function main(tmp) {
  const errors = [];
  const sqliteError = check(tmp, {
    schema: SQLITE_SCHEMA,
    migrations: "prisma/migrations",
    url: `file:${path.join(tmp, "migrated.db")}`,
    scratchUrl: `file:${path.join(tmp, "scratch.db")}`,
  });
  if (sqliteError) errors.push(sqliteError);
  else console.log(`db:check: ${SQLITE_SCHEMA} matches prisma/migrations (SQLite)`);

  if (!pgSchemaUpToDate())
    errors.push({ message: `${PG_SCHEMA} is out of date with ${SQLITE_SCHEMA}`, output: "run npm run db:generate (or npm run db:pg-schema)" });
  else console.log(`db:check: ${PG_SCHEMA} is derived from ${SQLITE_SCHEMA}`);

  const given = process.env.TEST_DATABASE_URL;
  if (!given && !findPostgresBin() && !process.argv.includes("--require-postgresql")) {
    console.log("db:check: SKIPPED the PostgreSQL migrations check: no TEST_DATABASE_URL and PostgreSQL is not installed (--require-postgresql installs it)");
    return errors;
  }
  const server = given ? null : await startPostgres();
  try {
    const pgError = await checkPostgres(tmp, given ?? server.url);
    if (pgError) errors.push(pgError);
    else console.log(`db:check: ${PG_SCHEMA} matches prisma/postgresql/migrations (PostgreSQL)`);
  } finally {
    server?.stop();
  }
  return errors;
}

const tmp = mkdtempSync(path.join(tmpdir(), "routeros-noc-db-check-"));
try {
  const errors = await main(tmp);
  for (const error of errors) console.error(`\u2716 db:check: ${error.message}\n${error.output}`);
  if (errors.length > 0) process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
