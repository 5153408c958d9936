import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "./generated/prisma-pg/client";
import { serializedAdapter } from "./db-adapter";
import { dbProvider, providerOfUrl } from "./db-dialect";
import { getEnv } from "./env";

/**
 * The Prisma client of lib/, whichever the database. Typed as the SQLite client: the PostgreSQL client is generated from
 * the same models (prisma/postgresql/schema.prisma is derived from prisma/schema.prisma), so its model methods take the
 * same arguments and return the same shapes (DateTime as Date, BigInt as bigint, Boolean as boolean, enums as their
 * string values; lib/db-client.test.ts checks the round trip). What only PostgreSQL accepts (`mode: "insensitive"`)
 * goes through lib/db-dialect.ts.
 */
export type Db = PrismaClient;

/**
 * Creates a Prisma client for DATABASE_URL.
 * - `file:./data/app.db` (SQLite, relative to the working directory): better-sqlite3 waits up to 5 s on a locked
 *   database (busy timeout); the one connection is used by one statement or one transaction at a time
 *   (lib/db-adapter.ts). Call {@link enableWal} once at process start.
 * - `postgresql://user:password@host:5432/db` (or `postgres://`): @prisma/adapter-pg over a pool of node-postgres
 *   connections (node-postgres default: at most 10).
 * @param url optional override of DATABASE_URL (tests use a temporary database)
 */
export function createDb(url: string = getEnv().DATABASE_URL): Db {
  if (providerOfUrl(url) === "postgresql") {
    // Sound: the same models and query API (see Db).
    return new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  const adapter = serializedAdapter(new PrismaBetterSQLite3({ url, timeout: 5_000 }));
  return new PrismaClient({ adapter });
}

/** Puts a SQLite file in WAL mode (persistent per file); call once at process start. Nothing to do on PostgreSQL. */
export async function enableWal(db: Db): Promise<void> {
  if (dbProvider(db) !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
}
