// npm run db:new-migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the committed migrations and prisma/schema.prisma (TOOLING.md: `migrate dev` does not
// work with the JS engine). Refuses to leave an empty file behind.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const res = spawnSync("npx", ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], { encoding: "utf8" });
const sql = res.stdout ?? "";
if (res.status !== 0 || !/\b(CREATE|ALTER|DROP|INSERT)\b/i.test(sql)) {
  console.error(res.stderr || "no schema change found: nothing written");
  process.exit(res.status || 1);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = `prisma/migrations/${stamp}_${name}`;
mkdirSync(dir, { recursive: true });
try {
  writeFileSync(`${dir}/migration.sql`, sql);
} catch (err) {
  rmSync(dir, { recursive: true, force: true });
  throw err;
}
console.log(`wrote ${dir}/migration.sql (${sql.split("\n").length} lines): review it, then npm run db:migrate`);
