import "server-only";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import { seal, unseal } from "../crypto/seal";
import type { Db } from "../db-client";
import { writeTransaction, type Tx } from "../db-transaction";
import { routerClientFor } from "../devices/router-client";
import type { ConfigBackupTrigger } from "../generated/prisma/client";
import { compressText, decompressText, lineChanges, normaliseExport, sha256Hex, unifiedDiff } from "./content";
import { BackupNotFoundError } from "./errors";
import { readRouterExport, type RouterExport } from "./export-reader";
import { effectivePlan } from "./plan";

/**
 * Taking and keeping configuration backups (docs/backups.md): one export per call, stored only when its
 * normalised text changed, gzip-compressed, sealed when it holds secrets, pruned by the retention policy, with
 * an audit event; a version that changed without a change request since the previous one was last read
 * (`confirmedAt`, else `takenAt`) is flagged as changed outside the product.
 */

export type { ConfigBackupTrigger };

/** Options of {@link takeBackup}. */
export interface TakeBackupOptions {
  trigger: ConfigBackupTrigger;
  /** The change request a `before_change` / `after_change` backup belongs to. */
  changeRequestId?: string | null;
  /** Who asked (null: the worker). */
  actor?: AuditActor | null;
  /** SECRET_KEY override (base64): tests. */
  secretKey?: string;
  /** Bytes per `/file/read` (default 32 768). */
  chunkSize?: number;
  /** Per-request RouterOS limit in ms (default ROUTEROS_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Ends the router requests when it aborts (the change hook's time limit): the backup fails with the signal's reason. */
  signal?: AbortSignal;
  /** Clock (tests). */
  now?: () => Date;
}

/** What one backup did. */
export interface TakeBackupResult {
  /** False: the configuration is the same as the latest stored version (`backupId` is that version). */
  stored: boolean;
  backupId: string;
  sha256: string;
  sizeBytes: number;
  linesAdded: number;
  linesRemoved: number;
  outsideChange: boolean;
  /** How the export was read back, and in how many `/file/read` requests. */
  method: RouterExport["method"];
  chunks: number;
  /** Export + read + remove on the router, ms. */
  routerMs: number;
}

/** Longest unified diff copied into an `config_backup.outside_change` audit event (characters). */
const AUDIT_DIFF_MAX = 8_000;

/** The aad binding a sealed backup to its device and content hash. */
export function backupAad(deviceId: string, sha256: string): string {
  return `config-backup:${deviceId}:${sha256}`;
}

/** The stored `content` of a text: gzip, or (with secrets) the sealed base64 gzip as UTF-8 bytes. */
export function encodeContent(text: string, sealed: boolean, aad: string, secretKey?: string): Uint8Array<ArrayBuffer> {
  const gz = compressText(text);
  const bytes = sealed ? Buffer.from(seal(gz.toString("base64"), aad, secretKey), "utf8") : gz;
  return new Uint8Array(bytes);
}

/** The text of a stored version. @throws Error when it cannot be opened (wrong SECRET_KEY, tampered) */
export function decodeContent(row: { deviceId: string; sha256: string; content: Uint8Array; sealed: boolean }, secretKey?: string): string {
  if (!row.sealed) return decompressText(row.content);
  const opened = unseal(Buffer.from(row.content).toString("utf8"), backupAad(row.deviceId, row.sha256), secretKey);
  return decompressText(Buffer.from(opened, "base64"));
}

/** Whether a change request touched the device (a target started or finished) after `since`. */
async function changeRequestSince(tx: Tx, deviceId: string, since: Date): Promise<boolean> {
  const n = await tx.changeTarget.count({ where: { deviceId, OR: [{ startedAt: { gt: since } }, { finishedAt: { gt: since } }] } });
  return n > 0;
}

/** Deletes versions beyond the newest `keepVersions` or older than `keepDays`; the newest always stays. @returns how many */
async function prune(tx: Tx, deviceId: string, keep: { keepVersions: number; keepDays: number }, now: Date): Promise<number> {
  const rows = await tx.configBackup.findMany({ where: { deviceId }, orderBy: { takenAt: "desc" }, select: { id: true, takenAt: true } });
  const oldest = now.getTime() - keep.keepDays * 86_400_000;
  const doomed = rows.filter((r, i) => i > 0 && (i >= keep.keepVersions || r.takenAt.getTime() < oldest)).map((r) => r.id);
  if (doomed.length === 0) return 0;
  return (await tx.configBackup.deleteMany({ where: { id: { in: doomed } } })).count;
}

/**
 * Takes one backup of a device: exports its configuration over REST (`show-sensitive` only when an admin opted the
 * device in), normalises it (header out), and stores a new version when its SHA-256 differs from the latest
 * stored one; then applies the retention policy, all in one write transaction with the audit event
 * (`config_backup.stored`; `config_backup.unchanged` for asked-for backups that found nothing new, none for
 * unchanged scheduled ones; `config_backup.outside_change` with the diff when it changed outside a change request).
 * A failure is recorded on the device's backup state (`lastError`, and `config_backup.failed` unless scheduled)
 * and rethrown. The change runner calls it with `before_change` / `after_change` and the request's id.
 * @throws BackupNotFoundError for an unknown device; RouterOsError subclasses and ExportUnreadableError from the router
 */
export async function takeBackup(db: Db, deviceId: string, opts: TakeBackupOptions): Promise<TakeBackupResult> {
  const now = opts.now ?? (() => new Date());
  const device = await db.device.findUnique({
    where: { id: deviceId },
    select: {
      id: true,
      apiUrl: true,
      username: true,
      passwordSealed: true,
      tlsFingerprint: true,
      caPem: true,
      configBackupPlan: true,
      site: { select: { configBackupPlan: true } },
    },
  });
  if (!device) throw new BackupNotFoundError("No such device.");
  const includeSecrets = device.configBackupPlan?.includeSecrets ?? false;
  const actor = opts.actor ?? null;
  const started = Date.now();
  let exported: RouterExport;
  try {
    const client = routerClientFor(db, device, { secretKey: opts.secretKey, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
    try {
      exported = await readRouterExport(opts.signal ? client.withSignal(opts.signal) : client, { showSensitive: includeSecrets, chunkSize: opts.chunkSize });
    } finally {
      await client.close();
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await writeTransaction(db, async (tx) => {
      const at = now();
      await tx.configBackupDevice.upsert({
        where: { deviceId },
        create: { deviceId, lastAttemptAt: at, lastError: message },
        update: { lastAttemptAt: at, lastError: message },
      });
      if (opts.trigger !== "scheduled") {
        await appendAuditEventInTx(tx, actor, {
          action: "config_backup.failed",
          entityType: "device",
          entityId: deviceId,
          after: { trigger: opts.trigger, error: message },
        });
      }
    });
    throw err;
  }
  const routerMs = Date.now() - started;
  const { text, routerVersion } = normaliseExport(exported.text);
  const sha256 = sha256Hex(text);
  const sizeBytes = Buffer.byteLength(text, "utf8");
  const plan = effectivePlan(device.configBackupPlan, device.site.configBackupPlan);

  return writeTransaction(db, async (tx) => {
    const takenAt = now();
    const state = { lastAttemptAt: takenAt, lastSuccessAt: takenAt, lastError: null };
    await tx.configBackupDevice.upsert({ where: { deviceId }, create: { deviceId, ...state }, update: state });
    const prev = await tx.configBackup.findFirst({ where: { deviceId }, orderBy: { takenAt: "desc" } });
    const base = { sha256, sizeBytes, method: exported.method, chunks: exported.chunks, routerMs };
    if (prev && prev.sha256 === sha256) {
      await tx.configBackup.update({ where: { id: prev.id }, data: { confirmedAt: takenAt } });
      if (opts.trigger !== "scheduled") {
        await appendAuditEventInTx(tx, actor, {
          action: "config_backup.unchanged",
          entityType: "device",
          entityId: deviceId,
          after: { trigger: opts.trigger, changeRequestId: opts.changeRequestId ?? null, sha256, backupId: prev.id },
        });
      }
      return { ...base, stored: false, backupId: prev.id, linesAdded: 0, linesRemoved: 0, outsideChange: false };
    }
    const prevText = prev ? decodeContent(prev, opts.secretKey) : "";
    const { added, removed } = lineChanges(prevText, text);
    const outsideChange = prev !== null && opts.trigger !== "after_change" && !(await changeRequestSince(tx, deviceId, prev.confirmedAt ?? prev.takenAt));
    const row = await tx.configBackup.create({
      data: {
        deviceId,
        takenAt,
        trigger: opts.trigger,
        changeRequestId: opts.changeRequestId ?? null,
        sha256,
        sizeBytes,
        linesAdded: added,
        linesRemoved: removed,
        content: encodeContent(text, includeSecrets, backupAad(deviceId, sha256), opts.secretKey),
        sealed: includeSecrets,
        routerVersion,
        outsideChange,
      },
      select: { id: true },
    });
    const pruned = await prune(tx, deviceId, plan, takenAt);
    await appendAuditEventInTx(tx, actor, {
      action: "config_backup.stored",
      entityType: "device",
      entityId: deviceId,
      after: {
        backupId: row.id,
        trigger: opts.trigger,
        changeRequestId: opts.changeRequestId ?? null,
        sha256,
        sizeBytes,
        linesAdded: added,
        linesRemoved: removed,
        pruned,
      },
    });
    if (outsideChange && prev) {
      const diff = includeSecrets || prev.sealed ? null : unifiedDiff("previous.rsc", prevText, "current.rsc", text).slice(0, AUDIT_DIFF_MAX);
      await appendAuditEventInTx(tx, actor, {
        action: "config_backup.outside_change",
        entityType: "device",
        entityId: deviceId,
        after: { backupId: row.id, previousBackupId: prev.id, linesAdded: added, linesRemoved: removed, diff },
      });
    }
    return { ...base, stored: true, backupId: row.id, linesAdded: added, linesRemoved: removed, outsideChange };
  });
}
