import "server-only";
import type { Db } from "../db-client";
import { log } from "../log";
import { effectivePlan, isDue } from "./plan";
import { takeBackup, type TakeBackupOptions } from "./store";

/**
 * The scheduled backups (docs/backups.md): one timer in the worker; at each tick the due enabled devices
 * (lib/backups/plan.ts) are backed up, a few at a time, oldest attempt first, at most `perTick` of them.
 */

/** Enabled devices whose scheduled backup is due at `now`, least recently attempted first, at most `limit`. */
export async function findDueDevices(db: Db, now: Date, limit: number): Promise<string[]> {
  const devices = await db.device.findMany({
    where: { enabled: true },
    select: {
      id: true,
      configBackupPlan: {
        select: { enabled: true, timeOfDayMin: true, intervalHours: true, keepVersions: true, keepDays: true, lastAttemptAt: true, lastSuccessAt: true },
      },
      site: { select: { configBackupPlan: { select: { enabled: true, timeOfDayMin: true, intervalHours: true, keepVersions: true, keepDays: true } } } },
    },
  });
  return devices
    .filter((d) => isDue(effectivePlan(d.configBackupPlan, d.site.configBackupPlan), d.configBackupPlan, now))
    .sort((a, b) => (a.configBackupPlan?.lastAttemptAt?.getTime() ?? 0) - (b.configBackupPlan?.lastAttemptAt?.getTime() ?? 0))
    .slice(0, limit)
    .map((d) => d.id);
}

/** Options of {@link runDueBackups}: devices per tick, backups at once, and what {@link takeBackup} takes. */
export interface RunDueOptions extends Omit<TakeBackupOptions, "trigger" | "changeRequestId" | "actor"> {
  perTick?: number;
  concurrency?: number;
}

/**
 * Backs up every due device (trigger `scheduled`), `concurrency` at a time (default 2). A router that fails is
 * recorded by takeBackup (`lastError`) and logged; the others go on.
 * @returns how many were stored as new versions, found unchanged, and failed
 */
export async function runDueBackups(db: Db, opts: RunDueOptions = {}): Promise<{ stored: number; unchanged: number; failed: number }> {
  const { perTick = 20, concurrency = 2, ...takeOpts } = opts;
  const queue = await findDueDevices(db, (opts.now ?? (() => new Date()))(), perTick);
  const counts = { stored: 0, unchanged: 0, failed: 0 };
  const lane = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        const r = await takeBackup(db, id, { ...takeOpts, trigger: "scheduled" });
        counts[r.stored ? "stored" : "unchanged"]++;
      } catch (err) {
        counts.failed++;
        log.warn({ err, deviceId: id }, "backups: scheduled backup failed");
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return counts;
}

/**
 * Starts the worker's backup timer: a tick every `intervalMs` (ticks never overlap). `stop()` waits for the tick in
 * progress.
 */
export function startBackupScheduler(opts: { db: Db; intervalMs: number } & RunDueOptions): { stop(): Promise<void> } {
  const { db, intervalMs, ...runOpts } = opts;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    current = runDueBackups(db, runOpts)
      .then((counts) => {
        if (counts.stored + counts.failed > 0) log.info(counts, "backups: scheduled tick");
      })
      .catch((err: unknown) => log.error({ err }, "backups: scheduler tick failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
