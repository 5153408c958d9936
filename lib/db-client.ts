import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { serializedAdapter } from "./db-adapter";
import { getEnv } from "./env";

export type Db = PrismaClient;

/**
 * Creates a Prisma client over the SQLite file in DATABASE_URL (`file:./data/app.db`), relative to
 * the working directory. better-sqlite3 waits up to 5 s on a locked database (busy timeout); the
 * database is put in WAL mode so the web server and the poller can read while the other writes. The
 * one connection is used by one statement or one transaction at a time (lib/db-adapter.ts).
 * @param url optional override of DATABASE_URL (tests use a temporary file)
 */
export function createDb(url: string = getEnv().DATABASE_URL): Db {
  const adapter = serializedAdapter(new PrismaBetterSQLite3({ url, timeout: 5_000 }));
  return new PrismaClient({ adapter });
}

/** Puts the SQLite file in WAL mode (persistent per file); call once at process start. */
export async function enableWal(db: Db): Promise<void> {
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
}
