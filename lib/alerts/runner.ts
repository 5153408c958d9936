import "server-only";
import type { Db } from "../db-client";
import { getEnv } from "../env";
import { log } from "../log";
import { createAlertEvaluator, type EvaluationSummary } from "./evaluate";
import { deliverDueNotifications, type DeliverSummary } from "./notify/dispatch";
import { ensureBuiltInRules } from "./service";

/** Options of {@link startAlertRunner}; defaults from the environment (ALERT_*, NEXTAUTH_URL). */
export type AlertRunnerOptions = {
  db: Db;
  intervalMs?: number;
  groupWaitMs?: number;
  repeatMs?: number;
  baseUrl?: string;
  secretKey?: string;
};

/** A running alert loop. */
export type AlertRunner = {
  /** Tells the loop a poll cycle finished (the poller's onCycleDone): the next tick evaluates. */
  cycleDone(): void;
  /** Evaluates and delivers now (also what each tick does). */
  runOnce(): Promise<{ evaluation: EvaluationSummary | null; delivery: DeliverSummary }>;
  /** Stops the timer and waits for a pass in flight. */
  stop(): Promise<void>;
};

/** Without a finished poll cycle, the rules are still evaluated this often (repeats, objects gone, time-based rules). */
const IDLE_EVALUATE_MS = 60_000;

/**
 * Starts the worker's alert loop: seeds the built-in rules, then every `intervalMs` evaluates the rules when a poll
 * cycle finished since the last pass (or a minute passed) and sends the due notifications. The evaluation is
 * incremental (lib/alerts/evaluate.ts createAlertEvaluator: the devices changed since the last pass). One pass at a
 * time; a failed pass is logged and the next tick tries again.
 */
export function startAlertRunner(opts: AlertRunnerOptions): AlertRunner {
  const env = getEnv();
  const intervalMs = opts.intervalMs ?? env.ALERT_EVALUATE_INTERVAL_MS;
  const groupWaitMs = opts.groupWaitMs ?? env.ALERT_GROUP_WAIT_SEC * 1000;
  const repeatMs = opts.repeatMs ?? env.ALERT_REPEAT_MINUTES * 60_000;
  const baseUrl = opts.baseUrl ?? env.NEXTAUTH_URL ?? "http://localhost:3000";
  const evaluator = createAlertEvaluator(opts.db);
  let dirty = true;
  let lastEvaluatedAt = 0;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const seeded = ensureBuiltInRules(opts.db).then(
    (created) => {
      if (created > 0) log.info({ created }, "alerts: built-in rules created");
    },
    (err: unknown) => log.error({ err }, "alerts: seeding the built-in rules failed"),
  );

  const pass = async () => {
    await seeded;
    let evaluation: EvaluationSummary | null = null;
    if (dirty || Date.now() - lastEvaluatedAt >= IDLE_EVALUATE_MS) {
      dirty = false;
      lastEvaluatedAt = Date.now();
      evaluation = await evaluator.evaluate({ groupWaitMs, repeatMs });
      if (evaluation.pending + evaluation.fired + evaluation.resolved > 0) log.info({ ...evaluation }, "alerts: evaluated");
    }
    const delivery = await deliverDueNotifications(opts.db, { baseUrl, secretKey: opts.secretKey });
    if (delivery.retrying + delivery.failed > 0) log.warn({ ...delivery }, "alerts: notifications failed");
    return { evaluation, delivery };
  };
  const runOnce = () => {
    const next = running.then(pass, pass);
    running = next.catch(() => undefined);
    return next;
  };
  let busy = false;
  const timer = setInterval(() => {
    if (stopped || busy) return;
    busy = true;
    runOnce()
      .catch((err: unknown) => log.error({ err }, "alerts: pass failed"))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();

  return {
    cycleDone: () => {
      dirty = true;
    },
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
