import "server-only";
import { createDb, enableWal } from "../db-client";
import { getEnv, requireEnv } from "../env";
import { log } from "../log";
import { startPoller } from "./poller";

/**
 * `npm run poller`: polls every enabled Device until SIGINT/SIGTERM. Configuration comes from the
 * environment (DATABASE_URL, SECRET_KEY, POLL_INTERVAL_SEC, POLL_CONCURRENCY, ROUTEROS_*_TIMEOUT_MS,
 * RAW_RETENTION_HOURS, ROLLUP_5M_RETENTION_DAYS, ROLLUP_1H_RETENTION_DAYS); the demo starts it with `node --env-file`.
 */
async function main(): Promise<void> {
  const env = getEnv();
  requireEnv("SECRET_KEY");
  const db = createDb();
  await enableWal(db);
  const poller = startPoller({ db });
  log.info({ owner: poller.owner, concurrency: env.POLL_CONCURRENCY, intervalSec: env.POLL_INTERVAL_SEC }, "poller: started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "poller: stopping");
    await poller.stop();
    await db.$disconnect();
    log.info("poller: stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  log.fatal({ err }, "poller: failed to start");
  process.exit(1);
});
