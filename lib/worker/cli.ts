import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { startBackupScheduler } from "../backups/schedule";
import { startAlertRunner } from "../alerts/runner";
import { startChangeRunner } from "../changes/runner";
import { createDb, enableWal } from "../db-client";
import { getEnv, requireEnv } from "../env";
import { log } from "../log";
import { createPollHealth, startWorkerSnapshots } from "../metrics-export/worker-health";
import { startPoller } from "../polling/poller";

/**
 * `npm run worker`: the background process. Runs the poller (every enabled Device, as `npm run
 * poller`), the change runner (applies approved, due change requests; reconciles requests a dead
 * worker left APPLYING), the scheduled configuration backups and the alert loop (lib/alerts/runner.ts: rules
 * evaluated after poll cycles, notifications sent) until SIGINT/SIGTERM. Its poll metrics (durations, lateness, failures)
 * are written every 15 s for `GET /metrics` (lib/metrics-export/worker-health.ts). Configuration from the environment:
 * DATABASE_URL, SECRET_KEY, POLL_*, ROUTEROS_*_TIMEOUT_MS, CHANGE_RUNNER_INTERVAL_MS (ms, default 2000),
 * CONFIG_BACKUP_TICK_MS (the scheduled configuration backups' timer, ms, default 60000), ALERT_*.
 */
async function main(): Promise<void> {
  const env = getEnv();
  requireEnv("SECRET_KEY");
  const db = createDb();
  await enableWal(db);
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const alerts = startAlertRunner({ db });
  const health = createPollHealth();
  const snapshots = startWorkerSnapshots({ db, runId: owner, registry: health.registry });
  const poller = startPoller({
    db,
    owner,
    onCycleDone: (result) => {
      health.observe(result);
      alerts.cycleDone();
    },
  });
  const runner = startChangeRunner({ db, owner, intervalMs: env.CHANGE_RUNNER_INTERVAL_MS });
  const backups = startBackupScheduler({ db, intervalMs: env.CONFIG_BACKUP_TICK_MS });
  log.info({ owner, concurrency: env.POLL_CONCURRENCY, intervalSec: env.POLL_INTERVAL_SEC, changeRunnerMs: env.CHANGE_RUNNER_INTERVAL_MS }, "worker: started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker: stopping");
    await Promise.all([poller.stop(), runner.stop(), backups.stop()]);
    await Promise.all([alerts.stop(), snapshots.stop()]);
    await db.$disconnect();
    log.info("worker: stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  log.fatal({ err }, "worker: failed to start");
  process.exit(1);
});
