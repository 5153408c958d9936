import "server-only";
import type { Db } from "./db-client";
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
const TAKE_WRITE_LOCK = `UPDATE "User" SET "id" = "id" WHERE 0`;

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

/** Options of {@link writeTransaction}. */
export interface WriteTransactionOptions {
  /** Attempts in all when the database stays busy (default 5). */
  attempts?: number;
  /** Prisma's interactive transaction timeout in ms (default 15 000: includes waiting for the write lock). */
  timeoutMs?: number;
}

/**
 * Runs `fn` in one SQLite write transaction that holds the write lock from its first statement (see
 * TAKE_WRITE_LOCK), so whatever it reads stays true until it commits: read-then-write logic (the audit
 * chain's tail, conditional state changes) cannot race another process. When the database stays busy
 * beyond SQLite's busy timeout the whole transaction is retried (backoff 50 ms × attempt, jittered);
 * `fn` must therefore be safe to run again (it only talks to `tx`).
 * @returns fn's result once committed
 * @throws fn's error (the transaction is rolled back), or the busy error after `attempts` tries
 */
export async function writeTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, opts: WriteTransactionOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(TAKE_WRITE_LOCK);
          return fn(tx);
        },
        { maxWait: opts.timeoutMs ?? 15_000, timeout: opts.timeoutMs ?? 15_000 },
      );
    } catch (err) {
      if (attempt >= attempts || !isSqliteBusy(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt * (0.5 + Math.random())));
    }
  }
}
