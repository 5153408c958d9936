import "server-only";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import pLimit from "p-limit";

/**
 * Serialises every use of one SQLite connection. Prisma's better-sqlite3 adapter holds a single
 * connection per client and only makes transactions wait for each other: a query issued (from another
 * request or poll) while an interactive transaction is open runs on the same connection, inside that
 * transaction, and is rolled back with it. This wrapper lets a transaction hold the connection from
 * BEGIN to COMMIT/ROLLBACK and makes every other statement wait its turn, as a connection requires.
 */

/** A lock of one holder at a time; `acquire` resolves with the function that releases it. */
function mutex(): { acquire(): Promise<() => void>; run<T>(fn: () => Promise<T>): Promise<T> } {
  const limit = pLimit(1);
  return {
    acquire: () => new Promise((granted) => void limit(() => new Promise<void>((release) => granted(release)))),
    run: (fn) => limit(fn),
  };
}

class SerializedTransaction implements Transaction {
  private released = false;

  constructor(
    private readonly inner: Transaction,
    private readonly release: () => void,
  ) {}

  get provider() {
    return this.inner.provider;
  }

  get adapterName() {
    return this.inner.adapterName;
  }

  get options() {
    return this.inner.options;
  }

  queryRaw(query: SqlQuery) {
    return this.inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery) {
    return this.inner.executeRaw(query);
  }

  commit(): Promise<void> {
    return this.finish(() => this.inner.commit());
  }

  rollback(): Promise<void> {
    return this.finish(() => this.inner.rollback());
  }

  private async finish(end: () => Promise<void>): Promise<void> {
    try {
      await end();
    } finally {
      if (!this.released) {
        this.released = true;
        this.release();
      }
    }
  }
}

class SerializedAdapter implements SqlDriverAdapter {
  private readonly lock = mutex();

  constructor(private readonly inner: SqlDriverAdapter) {}

  get provider() {
    return this.inner.provider;
  }

  get adapterName() {
    return this.inner.adapterName;
  }

  queryRaw(query: SqlQuery) {
    return this.lock.run(() => this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery) {
    return this.lock.run(() => this.inner.executeRaw(query));
  }

  executeScript(script: string) {
    return this.lock.run(() => this.inner.executeScript(script));
  }

  async startTransaction(...args: Parameters<SqlDriverAdapter["startTransaction"]>): Promise<Transaction> {
    const release = await this.lock.acquire();
    try {
      return new SerializedTransaction(await this.inner.startTransaction(...args), release);
    } catch (err) {
      release();
      throw err;
    }
  }

  dispose() {
    return this.inner.dispose();
  }
}

/**
 * Wraps a SQLite driver adapter factory so that each connection it opens is used by one statement or
 * one transaction at a time (see above). Prisma's other behaviour is unchanged.
 */
export function serializedAdapter(inner: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => new SerializedAdapter(await inner.connect()),
  };
}
