import "server-only";
import { appendAuditEvent } from "../audit/log";
import type { Db } from "../db-client";
import { log } from "../log";
import { BackupTimeLimitError } from "./errors";
import { takeBackup } from "./store";

/**
 * The change runner's backups (docs/backups.md, "Around change requests"): one `before_change` backup of every
 * router of a request just before its first write, one `after_change` backup of every router it wrote to once it
 * ended, both linked to the request. They never fail the change: a backup that fails or runs past its time limit is
 * recorded (`config_backup.failed` on the device, a `change.backup` event in the request's history, a log line) and
 * the change goes on.
 */

/** How long the backups of one side of a request may take in all, ms: the routers stay locked meanwhile. */
export const CHANGE_BACKUP_LIMIT_MS = 20_000;

/** Routers backed up at once. */
const CONCURRENCY = 4;

/** One router of the request (its target's device; null when the device was deleted). */
export interface ChangeBackupTarget {
  deviceId: string | null;
  deviceName: string;
}

/** Options of {@link backUpAroundChange}. */
export interface ChangeBackupOptions {
  /** Time limit of the whole batch, ms (default {@link CHANGE_BACKUP_LIMIT_MS}). */
  limitMs?: number;
  /** Per-request RouterOS limit, ms (the application's; default ROUTEROS_TIMEOUT_MS). */
  timeoutMs?: number;
  /** SECRET_KEY override (base64): tests. */
  secretKey?: string;
}

/** What the backup of one router did: `stored` a new version, found it `unchanged` (`backupId` is the newest), or `failed`. */
export interface ChangeBackupOutcome {
  deviceId: string;
  deviceName: string;
  trigger: "before_change" | "after_change";
  status: "stored" | "unchanged" | "failed";
  backupId: string | null;
  error: string | null;
  /** Time the backup took, ms. */
  ms: number;
}

async function backUpOne(
  db: Db,
  changeRequestId: string,
  trigger: ChangeBackupOutcome["trigger"],
  target: { deviceId: string; deviceName: string },
  signal: AbortSignal,
  opts: ChangeBackupOptions,
): Promise<ChangeBackupOutcome> {
  const started = Date.now();
  const base = { ...target, trigger };
  try {
    signal.throwIfAborted();
    const r = await takeBackup(db, target.deviceId, { trigger, changeRequestId, signal, timeoutMs: opts.timeoutMs, secretKey: opts.secretKey });
    return { ...base, status: r.stored ? "stored" : "unchanged", backupId: r.backupId, error: null, ms: Date.now() - started };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    log.warn({ err, changeId: changeRequestId, deviceId: target.deviceId, trigger }, "backups: backup around a change failed; the change goes on");
    return { ...base, status: "failed", backupId: null, error, ms: Date.now() - started };
  }
}

/**
 * Backs up the routers of change request `changeRequestId` (`before_change` or `after_change`, linked to it), each
 * device once, {@link CONCURRENCY} at a time, all within `limitMs` (past it the requests in flight are cut and the
 * routers not yet started fail with BackupTimeLimitError's message). Each outcome is appended to the request's
 * history as `change.backup` (deviceId, deviceName, phase = trigger, status, backupId, error).
 * Never throws: a failure is an outcome (and a log line).
 * @returns one outcome per distinct device, in the targets' order (deleted devices are left out)
 */
export async function backUpAroundChange(
  db: Db,
  changeRequestId: string,
  trigger: ChangeBackupOutcome["trigger"],
  targets: ChangeBackupTarget[],
  opts: ChangeBackupOptions = {},
): Promise<ChangeBackupOutcome[]> {
  const devices = new Map<string, string>();
  for (const t of targets) if (t.deviceId && !devices.has(t.deviceId)) devices.set(t.deviceId, t.deviceName);
  const queue = [...devices].map(([deviceId, deviceName]) => ({ deviceId, deviceName }));
  const limitMs = opts.limitMs ?? CHANGE_BACKUP_LIMIT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new BackupTimeLimitError(`no backup within ${limitMs / 1000} s: cut to keep the change going`)), limitMs);
  const outcomes = new Map<string, ChangeBackupOutcome>();
  const lane = async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      outcomes.set(t.deviceId, await backUpOne(db, changeRequestId, trigger, t, controller.signal, opts));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, devices.size) }, lane));
  } finally {
    clearTimeout(timer);
  }
  const ordered = [...devices.keys()].flatMap((id) => outcomes.get(id) ?? []);
  for (const o of ordered) {
    await appendAuditEvent(db, null, {
      action: "change.backup",
      entityType: "change",
      entityId: changeRequestId,
      after: { deviceId: o.deviceId, deviceName: o.deviceName, phase: o.trigger, status: o.status, backupId: o.backupId, error: o.error },
    }).catch((err: unknown) => log.error({ err, changeId: changeRequestId }, "backups: change backup not audited"));
  }
  return ordered;
}
