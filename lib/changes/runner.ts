import "server-only";
import pLimit from "p-limit";
import type { Db } from "../db-client";
import { log } from "../log";
import { applyChange, ChangeStateError, expireMissedWindows, reconcileInterrupted } from "./workflow";

/** Options of {@link startChangeRunner}. */
export interface ChangeRunnerOptions {
  db: Db;
  /** This worker's run id (fresh per process start: an older run's claims are treated as dead once they lapse). */
  owner: string;
  /** Tick period in ms (CHANGE_RUNNER_INTERVAL_MS; e2e uses 500). */
  intervalMs: number;
  /** Requests applied at once (default 4); one request per router at a time (device locks). */
  concurrency?: number;
  /** Per-request RouterOS limit in ms (default ROUTEROS_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** The router's own request cut in ms (default 60 000, RouterOS's): how long an unanswered write is watched for. */
  routerCutMs?: number;
}

/** A running change runner. */
export interface ChangeRunner {
  /** Stops ticking and waits for the applications in flight (they finish; nothing is abandoned mid-write). */
  stop(): Promise<void>;
}

/**
 * Starts the change runner (the worker's half that applies approved changes): reconciles requests
 * left APPLYING by a dead worker at start, then every `intervalMs`: fails SCHEDULED requests whose
 * window ended (expireMissedWindows), reconciles lapsed claims, and applies due SCHEDULED requests
 * (applyChange; at most `concurrency` at once, skipping requests that share a router with one in
 * flight here; other workers are kept out by the atomic claim and DeviceChangeLock rows). A request
 * cancelled before its claim is never applied: both the tick's query and the claim take only
 * SCHEDULED requests, so a CANCELLED one is not picked up even once its window opens. Claims are
 * renewed by applyChange while it works. Errors are logged, never thrown.
 */
export function startChangeRunner(opts: ChangeRunnerOptions): ChangeRunner {
  const { db, owner } = opts;
  const limit = pLimit(opts.concurrency ?? 4);
  const inFlight = new Map<string, { devices: string[]; done: Promise<void> }>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();

  function start(id: string, devices: string[]): void {
    const done = limit(async () => {
      if (stopping) return;
      try {
        const status = await applyChange(db, id, { owner, requestTimeoutMs: opts.requestTimeoutMs, routerCutMs: opts.routerCutMs });
        log.info({ changeId: id, status }, "change runner: applied");
      } catch (err) {
        if (err instanceof ChangeStateError) log.debug({ changeId: id, reason: err.message }, "change runner: skipped");
        else log.error({ err, changeId: id }, "change runner: apply failed unexpectedly; left for reconciliation");
      }
    }).finally(() => inFlight.delete(id));
    inFlight.set(id, { devices, done });
  }

  async function tick(): Promise<void> {
    const now = new Date();
    await expireMissedWindows(db, now);
    await reconcileInterrupted(db, { owner, now, requestTimeoutMs: opts.requestTimeoutMs });
    const due = await db.changeRequest.findMany({
      where: { status: "SCHEDULED", windowStart: { lte: now } },
      orderBy: { windowStart: "asc" },
      take: 50,
      select: { id: true, targets: { select: { deviceId: true } } },
    });
    const busy = new Set([...inFlight.values()].flatMap((f) => f.devices));
    for (const row of due) {
      if (stopping || inFlight.has(row.id)) continue;
      const devices = row.targets.flatMap((t) => (t.deviceId ? [t.deviceId] : []));
      if (devices.some((d) => busy.has(d))) continue;
      devices.forEach((d) => busy.add(d));
      start(row.id, devices);
    }
  }

  function schedule(): void {
    if (stopping) return;
    timer = setTimeout(() => {
      ticking = tick()
        .catch((err: unknown) => log.error({ err }, "change runner: tick failed"))
        .finally(schedule);
    }, opts.intervalMs);
  }

  ticking = reconcileInterrupted(db, { owner, requestTimeoutMs: opts.requestTimeoutMs })
    .then((n) => {
      if (n > 0) log.warn({ reconciled: n }, "change runner: reconciled requests left APPLYING");
    })
    .catch((err: unknown) => log.error({ err }, "change runner: reconcile at start failed"))
    .finally(schedule);

  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await ticking;
      clearTimeout(timer);
      await Promise.all([...inFlight.values()].map((f) => f.done));
    },
  };
}
