// npm run db:check: fails when prisma/migrations and prisma/schema.prisma describe different databases (a schema
// edit without its migration, or a hand-edited migration the schema does not follow).
// Why not `migrate diff --from-migrations`: with the JS schema engine and the better-sqlite3 adapter (Prisma 6.19.3)
// the shadow database refuses scripts of more than one statement (P3006 on the first migration), and
// --shadow-database-url / --from-url are refused with an adapter in prisma.config.ts. So: apply the migrations to a
// scratch file (`migrate deploy`), introspect it (`db pull`), and diff that datamodel against the schema
// (`migrate diff --exit-code`: 0 same, 2 different). Triggers (the audit log's append-only guards) are not part of
// a Prisma datamodel and are not compared.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const SCHEMA = "prisma/schema.prisma";

/** Runs the Prisma CLI against the SQLite file `db`; returns its exit status and output. */
function prisma(args, db) {
  const res = spawnSync("npx", ["prisma", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: `file:${db}` } });
  return { status: res.status ?? 1, output: `${res.stdout ?? ""}${res.stderr ?? ""}` };
}

/** Applies the migrations to a scratch file, introspects it and diffs it against the schema; returns an error or null. */
function check(tmp) {
  const migrated = path.join(tmp, "migrated.db");
  const pulled = path.join(tmp, "migrated.prisma");
  const deploy = prisma(["migrate", "deploy"], migrated);
  if (deploy.status !== 0) return { message: "prisma/migrations do not apply to an empty database", output: deploy.output };
  // db pull rewrites the models of the file it is given: start from a copy so the generator and datasource stay.
  copyFileSync(SCHEMA, pulled);
  const pull = prisma(["db", "pull", "--schema", pulled, "--force"], migrated);
  if (pull.status !== 0) return { message: "could not introspect the migrated database", output: pull.output };
  const diff = prisma(["migrate", "diff", "--from-schema-datamodel", pulled, "--to-schema-datamodel", SCHEMA, "--exit-code"], path.join(tmp, "scratch.db"));
  if (diff.status === 2) {
    const message = `${SCHEMA} and prisma/migrations disagree; what the migrations lack (write it: npm run db:new-migration -- <name>):`;
    return { message, output: diff.output };
  }
  if (diff.status !== 0) return { message: "prisma migrate diff failed", output: diff.output };
  return null;
}

const tmp = mkdtempSync(path.join(tmpdir(), "routeros-noc-db-check-"));
try {
  const error = check(tmp);
  if (error) {
    console.error(`\u2716 db:check: ${error.message}\n${error.output}`);
    process.exitCode = 1;
  } else {
    console.log(`db:check: ${SCHEMA} matches prisma/migrations`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
