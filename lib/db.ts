import "server-only";
import { createDb, type Db } from "./db-client";

const globalForDb = globalThis as unknown as { routerosNocDb?: Db };

/**
 * The one Prisma client of the web server (a singleton across hot reloads). Server-only: nothing
 * outside lib/ imports Prisma. Scripts and the poller use `createDb()` from ./db-client.
 */
export const db: Db = globalForDb.routerosNocDb ?? createDb();
globalForDb.routerosNocDb = db;
