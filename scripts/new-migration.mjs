// npm run db:new-migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
// turns the schema of the last committed migration into the current prisma/schema.prisma.
// Why not `migrate dev` or `migrate diff --from-migrations`: with the JS schema engine and the better-sqlite3
// adapter, `migrate dev` fails and replaying migrations into the shadow database fails with SQLITE_ERROR
// (seen with Prisma 6.19.3). Diffing two datamodels needs no database: the base datamodel is
// prisma/schema.prisma as of the newest commit that touched prisma/migrations.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const base = execFileSync("git", ["log", "-1", "--format=%H", "--", "prisma/migrations"], { encoding: "utf8" }).trim();
if (!base) {
  console.error("no committed migration to diff from");
  process.exit(1);
}
const tmp = mkdtempSync(path.join(tmpdir(), "routeros-noc-migration-"));
const baseSchema = path.join(tmp, "schema.prisma");
writeFileSync(baseSchema, execFileSync("git", ["show", `${base}:prisma/schema.prisma`], { encoding: "utf8" }));
// The CLI opens the adapter's database even for a datamodel-to-datamodel diff: give it a scratch file, so a
// fresh clone without data/ works and the app's database is never touched.
const env = { ...process.env, DATABASE_URL: `file:${path.join(tmp, "scratch.db")}` };
const res = spawnSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-schema-datamodel", baseSchema, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", env },
);
rmSync(tmp, { recursive: true, force: true });
const sql = res.stdout ?? "";
if (res.status !== 0) {
  console.error(res.stderr);
  process.exit(res.status ?? 1);
}
if (!/\b(CREATE|ALTER|DROP|INSERT)\b/i.test(sql)) {
  console.log("no schema change since the last migration: nothing written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = `prisma/migrations/${stamp}_${name}`;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/migration.sql`, sql);
console.log(`wrote ${dir}/migration.sql (${sql.split("\n").length} lines) from the schema at ${base.slice(0, 8)}: review it, then npm run db:migrate`);
if (/"AuditEvent"/.test(sql)) {
  console.warn('warning: it touches "AuditEvent": if it re-creates the table, add the append-only triggers of the init migration again');
}
