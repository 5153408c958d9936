import Database from "better-sqlite3";
import pg from "pg";
import type { TestDb } from "./test-db";

/**
 * SQL on a test database through a connection of its own (not the app's Prisma client), for tests that play an
 * attacker or a failing database: better-sqlite3 on the SQLite file, node-postgres on the PostgreSQL database.
 */

/** Runs `fn` with a function that executes one statement (`?` placeholders, bound to `params`) and returns its rows. */
export async function withRawConnection<T>(
  t: TestDb,
  fn: (exec: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>,
): Promise<T> {
  if (t.provider === "sqlite") {
    const raw = new Database(t.file ?? "", { timeout: 5_000 });
    try {
      return await fn(async (sql, params = []) => {
        const statement = raw.prepare(sql);
        if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
        statement.run(...params);
        return [];
      });
    } finally {
      raw.close();
    }
  }
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    return await fn(async (sql, params = []) => {
      let n = 0;
      return (
        await client.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as Record<string, unknown>[];
    });
  } finally {
    await client.end();
  }
}

/** A row-level trigger that refuses writes: see {@link refuseRows}. */
export interface RefusalTrigger {
  /** Trigger name (also the PostgreSQL function's). */
  name: string;
  table: string;
  /** `INSERT`, or `UPDATE` of `column`. */
  event: "INSERT" | "UPDATE";
  /** The write is refused when the new row's `column` equals `value`. */
  column: string;
  value: string;
  /** The error message raised (SQLite RAISE(ABORT); PostgreSQL RAISE EXCEPTION, SQLSTATE P0001). */
  message: string;
}

/**
 * Installs a trigger (through a raw connection) that refuses the writes `trigger` describes; returns the function
 * that removes it again.
 */
export async function refuseRows(t: TestDb, trigger: RefusalTrigger): Promise<() => Promise<void>> {
  const { name, table, event, column, value, message } = trigger;
  const on = event === "UPDATE" ? `UPDATE OF "${column}"` : "INSERT";
  const sql =
    t.provider === "sqlite"
      ? [`CREATE TRIGGER "${name}" BEFORE ${on} ON "${table}" WHEN NEW."${column}" = '${value}' BEGIN SELECT RAISE(ABORT, '${message}'); END`]
      : [
          `CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."${column}"::text = '${value}' THEN RAISE EXCEPTION '${message}'; END IF; RETURN NEW; END $$`,
          `CREATE TRIGGER "${name}" BEFORE ${on} ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${name}"()`,
        ];
  const drop = t.provider === "sqlite" ? [`DROP TRIGGER "${name}"`] : [`DROP TRIGGER "${name}" ON "${table}"`, `DROP FUNCTION "${name}"()`];
  await withRawConnection(t, async (exec) => {
    for (const statement of sql) await exec(statement);
  });
  return () =>
    withRawConnection(t, async (exec) => {
      for (const statement of drop) await exec(statement);
    });
}

/** The driver error code of a write refused by such a trigger, as Prisma reports it (`meta.driverAdapterError.cause.originalCode`). */
export function refusalCode(t: TestDb): string {
  return t.provider === "sqlite" ? "SQLITE_CONSTRAINT_TRIGGER" : "P0001";
}

/** The append-only triggers of "AuditEvent" (prisma/migrations and prisma/postgresql/migrations). */
export const AUDIT_TRIGGERS = {
  sqlite: ["AuditEvent_no_delete", "AuditEvent_no_replace", "AuditEvent_no_update"],
  postgresql: ["AuditEvent_no_delete", "AuditEvent_no_replace", "AuditEvent_no_truncate", "AuditEvent_no_update"],
} as const;

/**
 * Runs `edit` with the append-only triggers of "AuditEvent" out of the way, as someone with write access to the
 * database would (SQLite: drop them and recreate them exactly as they were; PostgreSQL: `DISABLE TRIGGER USER`, then
 * `ENABLE`), after checking that they are all there.
 */
export async function withoutAuditTriggers(t: TestDb, edit: (exec: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<unknown>): Promise<void> {
  await withRawConnection(t, async (exec) => {
    if (t.provider === "sqlite") {
      const triggers = (await exec(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditEvent' ORDER BY name`)) as {
        name: string;
        sql: string;
      }[];
      if (triggers.map((tr) => tr.name).join() !== AUDIT_TRIGGERS.sqlite.join())
        throw new Error(`unexpected triggers: ${triggers.map((tr) => tr.name).join()}`);
      for (const tr of triggers) await exec(`DROP TRIGGER "${tr.name}"`);
      await edit(exec);
      for (const tr of triggers) await exec(tr.sql);
      return;
    }
    const triggers = await exec(`SELECT tgname AS "name" FROM pg_trigger WHERE tgrelid = '"AuditEvent"'::regclass AND NOT tgisinternal ORDER BY tgname`);
    if (triggers.map((tr) => tr.name).join() !== AUDIT_TRIGGERS.postgresql.join())
      throw new Error(`unexpected triggers: ${triggers.map((tr) => tr.name).join()}`);
    await exec(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
    await edit(exec);
    await exec(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
  });
}

/**
 * Every value stored in the PostgreSQL test database, as text: each row of each table of the public schema
 * (`row::text`), one per line. The PostgreSQL counterpart of reading the SQLite file's bytes, for tests that check what
 * is at rest (the server's files and WAL are not the test's to read).
 * @throws Error on SQLite
 */
export async function pgStoredText(t: TestDb): Promise<string> {
  if (t.provider !== "postgresql") throw new Error("pgStoredText reads a PostgreSQL test database");
  return withRawConnection(t, async (exec) => {
    const tables = (await exec(`SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)) as {
      name: string;
    }[];
    const lines: string[] = [];
    for (const { name } of tables) {
      for (const row of (await exec(`SELECT x::text AS "row" FROM "${name}" x`)) as { row: string }[]) lines.push(row.row);
    }
    return lines.join("\n");
  });
}
