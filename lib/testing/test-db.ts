import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type Db } from "../db-client";
import type { DbProvider } from "../db-dialect";
import { checkNetworkEntry } from "../net/router-networks";

const SQLITE_MIGRATIONS_DIR = path.resolve(__dirname, "../../prisma/migrations");
const PG_MIGRATIONS_DIR = path.resolve(__dirname, "../../prisma/postgresql/migrations");

/**
 * The PostgreSQL server of a test run (`postgresql://postgres@127.0.0.1:<port>/postgres`, set by scripts/pg-server.mjs
 * for `npm run test:unit:pg`); unset, tests use SQLite files.
 */
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** The database this test run targets (TEST_DATABASE_URL set: PostgreSQL). */
export const TEST_PROVIDER: DbProvider = TEST_DATABASE_URL ? "postgresql" : "sqlite";

/** A throw-away database with every migration applied. */
export type TestDb = {
  db: Db;
  provider: DbProvider;
  /** DATABASE_URL of the database (`file:/tmp/.../test.db`, or `postgresql://postgres@127.0.0.1:<port>/<name>`). */
  url: string;
  /** Absolute path of the SQLite file (SQLite only; see sqliteFile). */
  file?: string;
  /** Disconnects the client and deletes the database (the SQLite file and its directory, or DROP DATABASE). */
  cleanup(): Promise<void>;
};

/** Options of {@link createTestDb}. */
export interface TestDbOptions {
  /**
   * RouterNetwork rows to insert (CIDRs, e.g. `["127.0.0.1/32"]` for tests whose devices point at the simulator on
   * loopback). None by default: the default router networks apply and loopback is refused, as in production.
   */
  routerNetworks?: string[];
}

/** The SQL of every migration in `dir`, in name order. @throws Error when one is empty (a failed `migrate diff` leaves one). */
async function migrationScripts(dir: string): Promise<{ name: string; sql: string }[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      if (sql.trim() === "") throw new Error(`migration ${name} is empty`);
      return { name, sql };
    }),
  );
}

/** Applies prisma/migrations to a new SQLite file in WAL mode; returns its directory and path. */
async function createSqliteFile(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "routeros-noc-test-"));
  const file = path.join(dir, "test.db");
  const sqlite = new Database(file);
  try {
    sqlite.pragma("journal_mode = WAL");
    for (const { sql } of await migrationScripts(SQLITE_MIGRATIONS_DIR)) sqlite.exec(sql);
  } finally {
    sqlite.close();
  }
  return { dir, file };
}

/** The URL of database `name` on the server of `serverUrl`. */
function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** Runs `fn` with a connection to the server's maintenance database, closed afterwards. */
async function withAdmin<T>(serverUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

let template: Promise<string> | undefined;

/**
 * The template database holding prisma/postgresql/migrations, named after a hash of them so that an edited migration
 * gets a new one. Made once per server: the first test process takes an advisory lock, creates and migrates it, and
 * marks it a template; the others wait on the lock and find it.
 */
function pgTemplate(serverUrl: string): Promise<string> {
  template ??= (async () => {
    const scripts = await migrationScripts(PG_MIGRATIONS_DIR);
    const hash = createHash("sha256");
    for (const { name, sql } of scripts) hash.update(name).update(sql);
    const name = `routeros_noc_template_${hash.digest("hex").slice(0, 12)}`;
    await withAdmin(serverUrl, async (admin) => {
      await admin.query("SELECT pg_advisory_lock(1)");
      try {
        const found = await admin.query("SELECT datistemplate FROM pg_database WHERE datname = $1", [name]);
        if (found.rows[0]?.datistemplate === true) return;
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.query(`CREATE DATABASE "${name}"`);
        const migrate = new pg.Client({ connectionString: databaseUrl(serverUrl, name) });
        await migrate.connect();
        try {
          for (const { sql } of scripts) await migrate.query(sql);
        } finally {
          await migrate.end();
        }
        await admin.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true`);
      } finally {
        await admin.query("SELECT pg_advisory_unlock(1)");
      }
    });
    return name;
  })();
  return template;
}

/**
 * Creates a throw-away database with every migration applied, inserts `opts.routerNetworks` and returns a Prisma
 * client over it.
 * - SQLite (default): a temporary file; `prisma/migrations/<name>/migration.sql` applied in name order with
 *   better-sqlite3 (the effect of `prisma migrate deploy`, without its bookkeeping table), in WAL mode.
 * - PostgreSQL (TEST_DATABASE_URL set): `CREATE DATABASE ... TEMPLATE` of a template holding
 *   prisma/postgresql/migrations (see pgTemplate); cleanup drops it.
 * @throws Error when a migration file is empty or fails to apply, or a router network is not a valid entry
 *   (lib/net/router-networks.ts checkNetworkEntry).
 */
export async function createTestDb(opts: TestDbOptions = {}): Promise<TestDb> {
  let testDb: Omit<TestDb, "db" | "cleanup"> & { remove(): Promise<void> };
  if (TEST_DATABASE_URL) {
    const serverUrl = TEST_DATABASE_URL;
    const templateName = await pgTemplate(serverUrl);
    const name = `routeros_noc_test_${randomBytes(6).toString("hex")}`;
    await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}" STRATEGY FILE_COPY`));
    testDb = {
      provider: "postgresql",
      url: databaseUrl(serverUrl, name),
      remove: () => withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    };
  } else {
    const { dir, file } = await createSqliteFile();
    testDb = { provider: "sqlite", url: `file:${file}`, file, remove: () => rm(dir, { recursive: true, force: true }) };
  }
  const { remove, ...shape } = testDb;
  const db = createDb(shape.url);
  for (const cidr of opts.routerNetworks ?? []) {
    const entry = checkNetworkEntry(cidr);
    if ("error" in entry) throw new Error(`router network ${cidr}: ${entry.error}`);
    await db.routerNetwork.create({ data: { cidr: entry.cidr, comment: "test: routers on this network" } });
  }
  return {
    ...shape,
    db,
    async cleanup() {
      await db.$disconnect();
      await remove();
    },
  };
}

/**
 * The SQLite file of a test database, for tests of SQLite-only behaviour (raw better-sqlite3 connections, WAL files,
 * backups), which skip themselves on PostgreSQL (`describe.skipIf(TEST_PROVIDER !== "sqlite")`).
 * @throws Error on PostgreSQL
 */
export function sqliteFile(t: TestDb): string {
  if (t.file === undefined) throw new Error("this test needs a SQLite test database (it runs with TEST_DATABASE_URL unset)");
  return t.file;
}
