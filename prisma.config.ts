import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// The schema's datasource reads DATABASE_URL; without it `prisma generate` falls back to downloading a native engine
// (unreachable here). Default it to the same file as lib/env.ts.
const url = (process.env.DATABASE_URL ??= "file:./data/app.db");

/** True for a PostgreSQL URL (`postgresql://` or `postgres://`); anything else is a SQLite `file:` URL. */
const postgres = /^postgres(ql)?:\/\//i.test(url);

/** PostgreSQL type oids of the catalogs' `"char"` (one-byte code) and `name` (identifier), and of `text`. */
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

type Queryable = { query: (...args: never[]) => Promise<unknown> };

/** Makes `target.query` report `"char"` and `name` columns as `text` (see MigrationPool); returns target. */
function nameColumnsAsText<T extends Queryable>(target: T): T {
  const query = target.query.bind(target) as (...args: unknown[]) => Promise<unknown>;
  target.query = (async (...args: unknown[]) => {
    const result = await query(...args);
    for (const r of Array.isArray(result) ? result : [result]) {
      for (const field of (r as { fields?: { dataTypeID: number }[] } | undefined)?.fields ?? [])
        if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  }) as T["query"];
  return target;
}

/**
 * The connection pool of the migration adapter. With @prisma/adapter-pg 6.19 the schema engine reads the catalogs, whose
 * identifiers are of type `name` and codes of type `"char"`, which the adapter refuses ("Column type 'name' could not be
 * deserialized"); their values arrive as plain strings, so this pool reports those columns as `text`. It lets the CLI
 * exit as soon as it is done (allowExitOnIdle) instead of keeping idle connections for 10 s. Only the CLI uses it (lib/db-client.ts does not).
 */
class MigrationPool extends pg.Pool {
  constructor(connectionString: string) {
    super({ connectionString, allowExitOnIdle: true });
    nameColumnsAsText(this as unknown as Queryable);
    this.on("connect", (client) => void nameColumnsAsText(client as unknown as Queryable));
  }
}

/**
 * The PostgreSQL adapter of the CLI: over a MigrationPool, and sending each migration script to the server whole. The
 * adapter's own executeScript splits the script at every `;`, which breaks the PL/pgSQL function bodies of
 * prisma/postgresql/migrations; PostgreSQL runs a multi-statement script itself (as one implicit transaction).
 */
function migrationAdapter(connectionString: string): PrismaPg {
  const factory = new PrismaPg(new MigrationPool(connectionString));
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => void (await adapter.underlyingDriver().query(script));
    return adapter;
  };
  return factory;
}

/**
 * Prisma CLI configuration: JS schema engine over a driver adapter (Prisma 6.19; see docs/operations.md). DATABASE_URL's
 * scheme picks the database: `file:` (default file:./data/app.db) migrates the SQLite file with prisma/schema.prisma
 * and prisma/migrations; `postgresql://` or `postgres://` migrates that PostgreSQL database with the derived
 * prisma/postgresql/schema.prisma and prisma/postgresql/migrations (docs/architecture.md, "Two databases").
 */
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? path.join("prisma", "postgresql", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: { path: postgres ? path.join("prisma", "postgresql", "migrations") : path.join("prisma", "migrations") },
  async adapter() {
    return postgres ? migrationAdapter(url) : new PrismaBetterSQLite3({ url });
  },
});
