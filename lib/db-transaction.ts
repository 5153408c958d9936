import "server-only";
import type { Db } from "./db-client";
import { dbProvider } from "./db-dialect";
import type { Prisma } from "./generated/prisma/client";

/** The client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;

/**
 * A statement that writes nothing but takes SQLite's write lock. Prisma's SQLite driver adapter opens
 * interactive transactions with a plain (deferred) `BEGIN`, and a deferred transaction that reads before
 * it writes cannot wait out a concurrent writer in WAL mode: its first write fails at once with
 * `SQLITE_BUSY_SNAPSHOT`. Running this first gives the transaction `BEGIN IMMEDIATE` semantics: it
 * holds the write lock from its first statement, waiting (busy timeout, 5 s) for another writer to
 * finish instead of failing. `User` is just a table that always exists; no row matches.
 */
const TAKE_SQLITE_WRITE_LOCK = `UPDATE "User" SET "id" = "id" WHERE 0`;

/**
 * PostgreSQL's counterpart: a transaction-scoped advisory lock, one key for the whole database (the number spells
 * "rnocwrit" in ASCII), held until COMMIT or ROLLBACK. Every writeTransaction of every process and machine takes it
 * first, so they run one at a time as on SQLite. Under READ COMMITTED (PostgreSQL's default) each later statement reads
 * what the previous holders committed, so the audit chain's tail read after it is the tail.
 */
export const PG_WRITE_LOCK_KEY = "8245650440758389108";
const TAKE_PG_WRITE_LOCK = `SELECT pg_advisory_xact_lock(${PG_WRITE_LOCK_KEY})`;

/** SQLite result codes (and their Prisma mapping) meaning "another connection holds the lock". */
const BUSY_CODES = new Set(["SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY", "SQLITE_LOCKED"]);

/**
 * True for a lock conflict with another connection: SQLite's `SQLITE_BUSY*` codes or "database is
 * locked", whether raw (better-sqlite3) or wrapped by Prisma (`meta.driverAdapterError.cause`: the
 * adapter maps SQLITE_BUSY to kind `SocketTimeout` and passes the other codes through). Walks `cause`.
 */
export function isSqliteBusy(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const e = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
    };
    const adapter = e.meta?.driverAdapterError?.cause;
    if (typeof e.code === "string" && BUSY_CODES.has(e.code)) return true;
    if (typeof adapter?.originalCode === "string" && BUSY_CODES.has(adapter.originalCode)) return true;
    if (adapter?.kind === "SocketTimeout") return true;
    if (typeof e.message === "string" && /database is locked|SQLITE_BUSY/.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}

/** PostgreSQL SQLSTATEs after which the whole transaction may be run again: serialization failure, deadlock. */
const PG_RETRY_CODES = new Set(["40001", "40P01"]);

/**
 * True for a PostgreSQL serialization failure or deadlock, raw (node-postgres `code`) or wrapped by Prisma (P2034, or
 * `meta.driverAdapterError.cause.originalCode`). Walks `cause`.
 */
export function isPgRetryable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const e = current as { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
    if (e.code === "P2034" || (typeof e.code === "string" && PG_RETRY_CODES.has(e.code))) return true;
    const original = e.meta?.driverAdapterError?.cause?.originalCode;
    if (typeof original === "string" && PG_RETRY_CODES.has(original)) return true;
    current = e.cause;
  }
  return false;
}

/** Options of {@link writeTransaction}. */
export interface WriteTransactionOptions {
  /** Attempts in all when the database stays busy (default 5). */
  attempts?: number;
  /** Prisma's interactive transaction timeout in ms (default 15 000: includes waiting for the write lock). */
  timeoutMs?: number;
}

/**
 * Runs `fn` in one write transaction that holds the database's write lock from its first statement (SQLite:
 * TAKE_SQLITE_WRITE_LOCK; PostgreSQL: TAKE_PG_WRITE_LOCK, taken by every writeTransaction), so whatever it reads stays
 * true until it commits: read-then-write logic (the audit chain's tail, conditional state changes) cannot race another
 * process or instance. When SQLite stays busy beyond its busy timeout, or PostgreSQL reports a serialization failure or
 * deadlock, the whole transaction is retried (backoff 50 ms × attempt, jittered); `fn` must therefore be safe to run
 * again (it only talks to `tx`).
 * @returns fn's result once committed
 * @throws fn's error (the transaction is rolled back), or the busy/conflict error after `attempts` tries
 */
export async function writeTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, opts: WriteTransactionOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const postgres = dbProvider(db) === "postgresql";
  const retryable = postgres ? isPgRetryable : isSqliteBusy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(postgres ? TAKE_PG_WRITE_LOCK : TAKE_SQLITE_WRITE_LOCK);
          return fn(tx);
        },
        { maxWait: opts.timeoutMs ?? 15_000, timeout: opts.timeoutMs ?? 15_000 },
      );
    } catch (err) {
      if (attempt >= attempts || !retryable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt * (0.5 + Math.random())));
    }
  }
}
