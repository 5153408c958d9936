import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, type Db } from "../db-client";
import { checkNetworkEntry } from "../net/router-networks";

const MIGRATIONS_DIR = path.resolve(__dirname, "../../prisma/migrations");

/** A throw-away SQLite database with every migration applied. */
export type TestDb = {
  db: Db;
  /** Prisma URL of the file (`file:/tmp/.../test.db`). */
  url: string;
  /** Absolute path of the SQLite file. */
  file: string;
  /** Disconnects the client and deletes the file and its directory. */
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

/**
 * Creates a temporary SQLite file, applies `prisma/migrations/<name>/migration.sql` in name order
 * with better-sqlite3 (the effect of `prisma migrate deploy`, without its bookkeeping table), puts
 * it in WAL mode, inserts `opts.routerNetworks` and returns a Prisma client over it.
 * @throws Error when a migration file is empty (a failed `migrate diff` leaves one) or fails to apply, or a
 *   router network is not a valid entry (lib/net/router-networks.ts checkNetworkEntry).
 */
export async function createTestDb(opts: TestDbOptions = {}): Promise<TestDb> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "routeros-noc-test-"));
  const file = path.join(dir, "test.db");
  const entries = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const sqlite = new Database(file);
  try {
    sqlite.pragma("journal_mode = WAL");
    for (const name of entries) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      if (sql.trim() === "") throw new Error(`migration ${name} is empty`);
      sqlite.exec(sql);
    }
  } finally {
    sqlite.close();
  }
  const url = `file:${file}`;
  const db = createDb(url);
  for (const cidr of opts.routerNetworks ?? []) {
    const entry = checkNetworkEntry(cidr);
    if ("error" in entry) throw new Error(`router network ${cidr}: ${entry.error}`);
    await db.routerNetwork.create({ data: { cidr: entry.cidr, comment: "test: routers on this network" } });
  }
  return {
    db,
    url,
    file,
    async cleanup() {
      await db.$disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
