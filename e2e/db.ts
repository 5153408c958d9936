import Database from "better-sqlite3";
import path from "node:path";

/**
 * Read-only access to the e2e run's SQLite file (scripts/e2e.mjs creates it at .tmp/e2e/app.db), for
 * checks the UI does not show yet (e.g. audit events). Never writes.
 */
export function readE2eDb<T>(query: (db: Database.Database) => T): T {
  const db = new Database(path.join(__dirname, "..", ".tmp", "e2e", "app.db"), { readonly: true, fileMustExist: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}
