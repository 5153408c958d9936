import { parseArgs } from "node:util";
import { backupDatabase, databaseFileFromUrl, DatabaseCopyError, restoreDatabase } from "../lib/db-backup";
import { getEnv } from "../lib/env";

const USAGE = `usage:
  npm run db:backup  -- <backup-file> [--db <database-file>] [--force]
  npm run db:restore -- <backup-file> [--db <database-file>] [--force]
<database-file> defaults to the file of DATABASE_URL; --force replaces an existing destination.`;

/**
 * `npm run db:backup` (`tsx --conditions=react-server scripts/db-backup.ts backup ...`) and `npm run db:restore` (`... restore ...`):
 * the online backup and the checked restore of lib/db-backup.ts (docs/operations.md). Prints one JSON line,
 * the DatabaseCopyReport (paths, pages, bytes, copyMs, verifyMs, integrity, rows per table, audit chain), on
 * stdout. Exit 0 when done; 1 and `{"ok":false,"reason","message"}` when refused (destination exists without
 * --force, database in use, copy fails integrity_check, for restore the audit chain is broken, or DATABASE_URL is
 * PostgreSQL: pg_dump and pg_restore do that); 2 on
 * wrong usage or an unexpected error.
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { db: { type: "string" }, force: { type: "boolean", default: false } },
  });
  const [command, file, ...rest] = positionals;
  if ((command !== "backup" && command !== "restore") || !file || rest.length > 0) {
    console.error(USAGE);
    process.exit(2);
  }
  const opts = { force: values.force };
  try {
    const database = values.db ?? databaseFileFromUrl(getEnv().DATABASE_URL);
    const report = command === "backup" ? await backupDatabase(database, file, opts) : await restoreDatabase(file, database, opts);
    console.log(JSON.stringify({ ok: true, ...report }));
    if (!report.audit.ok)
      console.error(`warning: the audit chain is broken at event ${report.audit.firstBrokenId} (${report.audit.reason}); npm run audit:verify`);
  } catch (err) {
    if (!(err instanceof DatabaseCopyError)) throw err;
    console.log(JSON.stringify({ ok: false, reason: err.reason, message: err.message }));
    console.error(`${command} refused: ${err.message}`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
