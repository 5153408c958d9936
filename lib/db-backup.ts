import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, linkSync, renameSync, rmSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { verifyAuditChain } from "./audit/log";
import { createDb } from "./db-client";
import { providerOfUrl } from "./db-dialect";

/**
 * Online backup and restore of the app's SQLite database (`npm run db:backup` / `npm run db:restore`,
 * docs/operations.md).
 *
 * Backup uses SQLite's online backup API (better-sqlite3 `db.backup()`) from a read-only connection, in one
 * step: the copy is one read transaction, so in WAL mode it is a consistent snapshot taken while the web server
 * and the worker keep writing (they are never blocked), and it includes the commits still in the -wal file that
 * a file copy would miss. Both commands copy to a temporary file beside the destination, verify it
 * (`PRAGMA integrity_check`, the audit hash chain), and only then move it into place with a rename. A backup
 * file is a single file in rollback-journal mode (no -wal or -shm beside it); a restore puts the copy back in
 * WAL mode.
 *
 * "In use" detection: every connection of the app (Prisma over better-sqlite3, WAL mode) holds a SHARED lock
 * on the database file from its first query until it disconnects, even when idle. Replacing a file therefore
 * first needs an exclusive lock, taken with a short busy timeout: `PRAGMA locking_mode = EXCLUSIVE` +
 * `BEGIN EXCLUSIVE` to refuse early without changing anything, then, just before the rename,
 * `PRAGMA journal_mode = DELETE` (SQLite switches out of WAL only when no other connection is open; this also
 * folds and removes the old -wal and -shm files so they cannot be applied to the restored file) and
 * `BEGIN EXCLUSIVE`, held across the rename. A process that has not opened the database yet is not seen (it
 * will open the restored file); one that opens it during the rename itself would keep the old file: stop the
 * web server and the worker before a restore. Idle connections hold locks only in WAL mode (the app's); a file
 * in rollback-journal mode, like a backup file, is seen as in use only during a transaction.
 */

/** Why a backup or restore refused to run or to keep its result. */
export type DatabaseCopyRefusal = "missing" | "same-file" | "exists" | "in-use" | "integrity" | "audit-chain" | "postgresql";

/** A refusal: nothing was replaced (the temporary copy, if any, is deleted). */
export class DatabaseCopyError extends Error {
  constructor(
    readonly reason: DatabaseCopyRefusal,
    message: string,
  ) {
    super(message);
    this.name = "DatabaseCopyError";
  }
}

/** The audit chain of a copied database (from verifyAuditChain). */
export interface CopiedAuditChain {
  ok: boolean;
  /** Events verified (all of them when ok). */
  events: number;
  /** Highest AuditEvent id in the copy, null when empty. */
  lastId: number | null;
  lastHash: string;
  firstBrokenId: number | null;
  reason: string | null;
}

/** What `backupDatabase` / `restoreDatabase` did, printed as JSON by the scripts. Paths absolute. */
export interface DatabaseCopyReport {
  command: "backup" | "restore";
  from: string;
  to: string;
  /** True when an existing file at `to` was replaced (--force). */
  replaced: boolean;
  /** Pages copied by the backup API, and their size in bytes. */
  pages: number;
  pageSize: number;
  /** Size of the resulting file, bytes. */
  bytes: number;
  /** Milliseconds spent copying (the backup API) and verifying the copy. */
  copyMs: number;
  verifyMs: number;
  integrity: "ok";
  /** Rows per table in the copy. */
  tables: Record<string, number>;
  audit: CopiedAuditChain;
}

/** Options of both commands. */
export interface DatabaseCopyOptions {
  /** Replace an existing destination (refused otherwise). */
  force?: boolean;
  /** How long to wait for a lock before answering "in use", ms (default 500). */
  busyTimeoutMs?: number;
}

/** Pages per backup step: everything at once, so the copy is one read transaction and never restarts. */
const ALL_PAGES = 0x7fffffff;
/** Busy timeout of the source connection: waits out a writer's lock like the app does (lib/db-client.ts). */
const SOURCE_BUSY_MS = 5_000;
const DEFAULT_LOCK_BUSY_MS = 500;

/**
 * The file of a SQLite `file:` URL (DATABASE_URL), resolved against the working directory like
 * lib/db-client.ts does: `file:./data/app.db` → `<cwd>/data/app.db`.
 * @throws DatabaseCopyError "postgresql" for a PostgreSQL URL: these commands copy SQLite files; PostgreSQL's own
 *   tools back it up (pg_dump, pg_restore; docs/operations.md)
 */
export function databaseFileFromUrl(url: string): string {
  if (providerOfUrl(url) === "postgresql") {
    throw new DatabaseCopyError(
      "postgresql",
      "DATABASE_URL is a PostgreSQL database: back it up with pg_dump and restore it with pg_restore (docs/operations.md)",
    );
  }
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/**
 * Copies the live database `source` to `destination` with SQLite's online backup API while the app keeps
 * writing, then verifies the copy (integrity_check must say ok; the audit chain is reported, not required:
 * a backup keeps whatever the live log holds).
 * @throws DatabaseCopyError "missing" (no source), "same-file", "exists" (destination exists, no force),
 *   "in-use" (force, but something holds the destination), "integrity"
 */
export async function backupDatabase(source: string, destination: string, opts: DatabaseCopyOptions = {}): Promise<DatabaseCopyReport> {
  return copyVerified("backup", source, destination, opts, false);
}

/**
 * Restores the backup file `backup` as the database `target` (typically the file of DATABASE_URL), after
 * checking that no process holds `target` and that the copy passes integrity_check and the audit chain
 * verifies. The backup file itself is only read.
 * @throws DatabaseCopyError "missing" (no backup file), "same-file", "exists" (target exists, no force),
 *   "in-use" (the web server or the worker holds the target), "integrity", "audit-chain"
 */
export async function restoreDatabase(backup: string, target: string, opts: DatabaseCopyOptions = {}): Promise<DatabaseCopyReport> {
  return copyVerified("restore", backup, target, opts, true);
}

async function copyVerified(
  command: DatabaseCopyReport["command"],
  fromPath: string,
  toPath: string,
  opts: DatabaseCopyOptions,
  requireAuditChain: boolean,
): Promise<DatabaseCopyReport> {
  const from = path.resolve(fromPath);
  const to = path.resolve(toPath);
  const busyMs = opts.busyTimeoutMs ?? DEFAULT_LOCK_BUSY_MS;
  if (!existsSync(from)) throw new DatabaseCopyError("missing", `${from} does not exist`);
  const replaced = existsSync(to);
  if (replaced && statSync(to).ino === statSync(from).ino && statSync(to).dev === statSync(from).dev)
    throw new DatabaseCopyError("same-file", `${from} and ${to} are the same file`);
  if (replaced && !opts.force) throw new DatabaseCopyError("exists", `${to} exists: pass --force to replace it`);
  if (replaced) assertNotInUse(to, busyMs);

  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.partial-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    const copyStarted = performance.now();
    const src = new Database(from, { readonly: true, fileMustExist: true, timeout: SOURCE_BUSY_MS });
    let pages: number;
    let pageSize: number;
    try {
      pageSize = Number(src.pragma("page_size", { simple: true }));
      pages = (await src.backup(tmp, { progress: () => ALL_PAGES })).totalPages;
    } finally {
      src.close();
    }
    const copyMs = Math.round(performance.now() - copyStarted);

    const verifyStarted = performance.now();
    const { tables } = inspectCopy(tmp, command === "backup" ? "delete" : "wal");
    const audit = await auditChainOf(tmp);
    const verifyMs = Math.round(performance.now() - verifyStarted);
    if (requireAuditChain && !audit.ok) {
      throw new DatabaseCopyError("audit-chain", `the audit chain of ${from} is broken at event ${audit.firstBrokenId}: ${audit.reason}`);
    }
    for (const side of ["-wal", "-shm", "-journal"]) {
      if (existsSync(tmp + side)) throw new Error(`${tmp}${side} was left open: refusing to move a database with a side file`);
    }
    if (replaced) replaceLocked(tmp, to, busyMs);
    else moveNoClobber(tmp, to);
    return { command, from, to, replaced, pages, pageSize, bytes: statSync(to).size, copyMs, verifyMs, integrity: "ok", tables, audit };
  } finally {
    for (const file of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(file, { force: true });
  }
}

/**
 * Sets a copy's journal mode (a backup file is one self-contained file in rollback-journal mode, so it can be
 * moved or copied alone; a restored database is in WAL mode like the app's), then runs integrity_check and
 * counts the rows per table. @throws DatabaseCopyError "integrity"
 */
function inspectCopy(file: string, journalMode: "delete" | "wal"): { tables: Record<string, number> } {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma(`journal_mode = ${journalMode}`);
    const problems = db.pragma("integrity_check") as { integrity_check: string }[];
    if (problems.length !== 1 || problems[0]?.integrity_check !== "ok") {
      throw new DatabaseCopyError("integrity", `integrity_check failed: ${problems.map((p) => p.integrity_check).join("; ")}`);
    }
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    const tables: Record<string, number> = {};
    for (const name of names)
      tables[name] = Number(
        db
          .prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`)
          .pluck()
          .get(),
      );
    return { tables };
  } finally {
    db.close();
  }
}

/** The audit chain of a copy, walked with the app's own verifyAuditChain. */
async function auditChainOf(file: string): Promise<CopiedAuditChain> {
  const db = createDb(`file:${file}`);
  try {
    const report = await verifyAuditChain(db);
    const last = await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    return {
      ok: report.ok,
      events: report.count,
      lastId: last?.id ?? null,
      lastHash: report.lastHash,
      firstBrokenId: report.firstBrokenId,
      reason: report.reason,
    };
  } finally {
    await db.$disconnect();
  }
}

/** True for SQLite's "database is locked" / "database is busy". */
function isBusy(err: unknown): boolean {
  const code = typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : "";
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

function inUse(file: string): DatabaseCopyError {
  return new DatabaseCopyError("in-use", `${file} is in use (the web server, the worker or another tool holds it): stop them first`);
}

/** Refuses, without changing the file, when another connection holds `file`. @throws DatabaseCopyError "in-use" */
function assertNotInUse(file: string, busyMs: number): void {
  const db = new Database(file, { fileMustExist: true, timeout: busyMs });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("ROLLBACK");
  } catch (err) {
    if (isBusy(err)) throw inUse(file);
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Renames `tmp` over `target` while holding `target` exclusively (see the module comment): out of WAL mode first,
 * so no -wal or -shm of the old file is left for the new one. @throws DatabaseCopyError "in-use"
 */
function replaceLocked(tmp: string, target: string, busyMs: number): void {
  const db = new Database(target, { fileMustExist: true, timeout: busyMs });
  try {
    if (db.pragma("journal_mode = DELETE", { simple: true }) !== "delete") throw inUse(target);
    db.exec("BEGIN EXCLUSIVE");
    renameSync(tmp, target);
    db.exec("ROLLBACK");
  } catch (err) {
    if (isBusy(err)) throw inUse(target);
    throw err;
  } finally {
    db.close();
  }
}

/** Moves `tmp` to `target`, failing rather than replacing a file that appeared meanwhile. @throws DatabaseCopyError "exists" */
function moveNoClobber(tmp: string, target: string): void {
  try {
    linkSync(tmp, target);
  } catch (err) {
    if (typeof err === "object" && err !== null && "code" in err && err.code === "EEXIST")
      throw new DatabaseCopyError("exists", `${target} exists: pass --force to replace it`);
    throw err;
  }
  unlinkSync(tmp);
}
