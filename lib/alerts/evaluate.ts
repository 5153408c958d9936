import "server-only";
import { chunks } from "../chunks";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { log } from "../log";
import { indexSnapshot, observe, toEvaluatedRule, type EvaluatedRule } from "./conditions";
import { enqueueNotificationsInTx, type NotifyItem } from "./notify/queue";
import type { RuleType } from "./rule-types";
import { readFleetSnapshot } from "./snapshot";
import { applyBatch, decide, LAST_SEEN_PRECISION_MS, type ActiveAlert, type Change, type Transition } from "./transitions";

/**
 * The rules engine: reads the stored fleet (lib/alerts/snapshot.ts), lets every enabled rule judge its objects
 * (lib/alerts/conditions.ts) and moves each alert (one per rule and object) through pending → firing → resolved
 * (lib/alerts/transitions.ts):
 * - no alert, condition seen: pending (badPolls 1), or firing at once when one poll is enough and no time is required;
 * - pending: one count per new poll (the observation's `pollAt` after the alert's `lastPollAt`); firing once `polls`
 *   polls in a row showed it and `minutes` passed since first seen; resolved (silently) when a poll shows it cleared;
 * - firing: resolved after `clearPolls` polls in a row showed it cleared; a poll in the hysteresis band or without
 *   news (device down for an interface rule) changes nothing;
 * - an active alert whose object is gone (interface removed, session ended, device disabled or out of scope) or whose
 *   rule is disabled is resolved.
 * Every state change is an audit event (`alert.pending`, `alert.fire`, `alert.resolve`, actor the system) written with
 * it (batched: lib/audit/log.ts appendAuditEventsInTx), and fire / resolve / repeat notifications are queued in the
 * same transaction (lib/alerts/notify/queue.ts). Several workers may evaluate at once: each write re-checks under the
 * write lock that the alert is still in the state this pass read (an open finds no active row; an update matches state
 * and counts), and skips the change otherwise.
 *
 * Incremental passes ({@link createAlertEvaluator}, what the worker runs). A verdict is a function of stored rows only
 * (never of the clock), and an alert moves only on a new observation of its object, so a device whose row did not
 * change since it was last evaluated cannot move any alert: Device.updatedAt is the change stamp (the poller sets it
 * with lastPollAt on every poll, and an edit of the device, its site, tags or `enabled` sets it too). A pass reads and
 * judges only the devices whose updatedAt differs from the one it last evaluated (plus those with an outside change of
 * their configuration or an alert about one: lib/alerts/snapshot.ts), and the time-based work (repeats of firing
 * alerts, silences that ended) is one query over the alerts. A pending alert waiting for `minutes` moves only on a new
 * poll, so it needs nothing more. A pass is full (every device) when it is the evaluator's first, when a rule or the MAC
 * allow-list changed since the last pass, and every `fullPassMs` as a safety net (a poll committed more than
 * `lagMarginMs` after the updatedAt it wrote, pollers whose clocks are out of step).
 */

/** Options of {@link evaluateAlerts}. */
export type EvaluateOptions = {
  /** Evaluation time (UTC); default now. */
  now?: Date;
  /** How long a new notification waits for more alerts of its group, ms (default 0: one message per pass and group). */
  groupWaitMs?: number;
  /** A firing alert nobody acknowledged is announced again this often, ms (default 4 h; 0 = never). */
  repeatMs?: number;
  /** Alert changes written per transaction (default 200). */
  chunkSize?: number;
};

/** What one pass did: counts of observations and transitions, and where the time went (ms). */
export type EvaluationSummary = {
  rules: number;
  devices: number;
  observations: number;
  pending: number;
  fired: number;
  resolved: number;
  repeats: number;
  notifications: number;
  readMs: number;
  evaluateMs: number;
  writeMs: number;
  /** Whether every device was evaluated (false: only the devices changed since the evaluator's last pass). */
  full: boolean;
};

/** Options of {@link createAlertEvaluator} (ms). */
export type EvaluatorOptions = {
  /** A full pass at least this often (default 10 min). */
  fullPassMs?: number;
  /** Devices updated up to this long before the last pass started are looked at again (default 2 min: a poll's commit lag). */
  lagMarginMs?: number;
};

/** An engine that remembers what it evaluated (in memory), so that its passes read only what changed since. */
export type AlertEvaluator = {
  /** One pass, full or incremental, with the options and result of {@link evaluateAlerts}. One call at a time. */
  evaluate(opts?: EvaluateOptions): Promise<EvaluationSummary>;
};

/** What an incremental evaluator keeps between passes. */
type Memory = {
  /** Device.updatedAt (ms) of each device as last evaluated. */
  stamps: Map<string, number>;
  /** This process's clock (ms) when the last pass started. */
  startedAt: number;
  /** This process's clock (ms) when the last full pass started. */
  fullAt: number;
  /** Fingerprint of the rules and of the MAC allow-list as last evaluated. */
  inputs: string;
};

const ACTIVE_SELECT = {
  id: true,
  ruleId: true,
  objectKey: true,
  subject: true,
  state: true,
  badPolls: true,
  goodPolls: true,
  lastPollAt: true,
  firstSeenAt: true,
  lastSeenAt: true,
  acknowledgedAt: true,
  silencedUntil: true,
  lastNotifiedAt: true,
  siteId: true,
} as const;

/** Fingerprint of what re-judges every device when it changes: the rules (ids, edits, enabled) and the allow-list. */
async function inputsOf(db: Db, rules: readonly { id: string; updatedAt: Date; enabled: boolean }[], types: ReadonlySet<RuleType>): Promise<string> {
  const parts = rules.map((r) => `${r.id}:${r.updatedAt.getTime()}:${r.enabled ? 1 : 0}`);
  if (types.has("mac-session-unknown")) {
    const allow = await db.macAllowListEntry.aggregate({ _count: { _all: true }, _max: { createdAt: true } });
    parts.push(`allow:${allow._count._all}:${allow._max.createdAt?.getTime() ?? 0}`);
  }
  return parts.join("|");
}

/**
 * Runs every enabled rule once over what the poller stored, for every device, and writes the resulting alert changes,
 * audit events and queued notifications. Remembers nothing (tests, scripts); the worker runs
 * {@link createAlertEvaluator}, whose later passes read only what changed.
 * @returns counts and timings of the pass
 * @throws the database error of a read or a write transaction (changes of earlier transactions stay)
 */
export async function evaluateAlerts(db: Db, opts: EvaluateOptions = {}): Promise<EvaluationSummary> {
  return (await runPass(db, opts, undefined, { fullPassMs: 0, lagMarginMs: 0 })).summary;
}

/**
 * An evaluator whose first pass is full and whose later passes judge only the devices changed since (module comment):
 * the worker's alert loop (lib/alerts/runner.ts). A pass that throws leaves its memory as it was (the next one reads
 * the same devices again).
 */
export function createAlertEvaluator(db: Db, options: EvaluatorOptions = {}): AlertEvaluator {
  const cfg = { fullPassMs: options.fullPassMs ?? 10 * 60_000, lagMarginMs: options.lagMarginMs ?? 2 * 60_000 };
  let memory: Memory | undefined;
  return {
    evaluate: async (opts = {}) => {
      const pass = await runPass(db, opts, memory, cfg);
      memory = pass.memory;
      return pass.summary;
    },
  };
}

/** The active alerts of `deviceIds` (all when undefined; IN lists of 500 ids, or every active alert filtered above 2,000). */
async function readActive(db: Db, deviceIds: readonly string[] | undefined): Promise<ActiveAlert[]> {
  const where = { state: { in: ["pending", "firing"] } };
  if (deviceIds === undefined) return db.alert.findMany({ where, select: ACTIVE_SELECT });
  if (deviceIds.length > 2000) {
    const wanted = new Set(deviceIds);
    return (await db.alert.findMany({ where, select: { ...ACTIVE_SELECT, deviceId: true } })).filter((a) => a.deviceId !== null && wanted.has(a.deviceId));
  }
  const out: ActiveAlert[] = [];
  for (const part of chunks(deviceIds, 500)) out.push(...(await db.alert.findMany({ where: { ...where, deviceId: { in: part } }, select: ACTIVE_SELECT })));
  return out;
}

/** One pass: full when there is no memory (or it is stale), else over the devices changed since it. */
async function runPass(
  db: Db,
  opts: EvaluateOptions,
  memory: Memory | undefined,
  cfg: Required<EvaluatorOptions>,
): Promise<{ summary: EvaluationSummary; memory: Memory }> {
  const now = opts.now ?? new Date();
  const groupWaitMs = opts.groupWaitMs ?? 0;
  const repeatMs = opts.repeatMs ?? 4 * 3_600_000;
  const started = performance.now();
  const wallStart = Date.now();
  const ruleRows = await db.alertRule.findMany({ orderBy: { name: "asc" } });
  const rules: EvaluatedRule[] = [];
  for (const row of ruleRows) {
    if (!row.enabled) continue;
    try {
      rules.push(toEvaluatedRule(row));
    } catch (err) {
      log.warn({ err, rule: row.name }, "alerts: rule skipped (thresholds do not match its type)");
    }
  }
  const types = new Set<RuleType>(rules.map((r) => r.type));
  const inputs = await inputsOf(db, ruleRows, types);
  const full = memory === undefined || memory.inputs !== inputs || wallStart - memory.fullAt >= cfg.fullPassMs;
  const changed = full
    ? undefined
    : (await db.device.findMany({ where: { updatedAt: { gte: new Date(memory.startedAt - cfg.lagMarginMs) } }, select: { id: true, updatedAt: true } })).filter(
        (d) => memory.stamps.get(d.id) !== d.updatedAt.getTime(),
      );
  const snapshot = await readFleetSnapshot(
    db,
    types,
    rules.some((r) => r.scope === "tag"),
    changed?.map((d) => d.id),
  );
  const domain = changed === undefined ? undefined : [...new Set([...changed.map((d) => d.id), ...snapshot.configBackups.keys()])];
  const activeRows = await readActive(db, domain);
  const readDone = performance.now();

  const activeByRule = new Map<string, Map<string, ActiveAlert>>();
  for (const a of activeRows) {
    const byObject = activeByRule.get(a.ruleId) ?? new Map<string, ActiveAlert>();
    byObject.set(a.objectKey, a);
    activeByRule.set(a.ruleId, byObject);
  }
  const seen = new Set<string>();
  const changes: Change[] = [];
  const touched: string[] = [];
  let observations = 0;
  const index = indexSnapshot(snapshot);
  for (const rule of rules) {
    const alerts = activeByRule.get(rule.id) ?? new Map<string, ActiveAlert>();
    const { kept, judged } = observe(rule, snapshot, index, (objectKey, verdict) => verdict === "bad" || alerts.has(objectKey));
    observations += judged;
    for (const obs of kept) {
      const alert = alerts.get(obs.objectKey);
      if (alert) seen.add(alert.id);
      const change = decide(rule, obs, alert, now);
      if (change) changes.push(change);
      else if (alert?.state === "firing" && obs.verdict === "bad" && now.getTime() - alert.lastSeenAt.getTime() >= LAST_SEEN_PRECISION_MS)
        touched.push(alert.id);
    }
  }
  const ruleById = new Map(ruleRows.map((r) => [r.id, r]));
  for (const alert of activeRows) {
    if (seen.has(alert.id)) continue;
    const rule = ruleById.get(alert.ruleId);
    if (!rule) continue;
    const notify = alert.state === "firing" ? ("resolve" as const) : undefined;
    changes.push({ kind: "update", rule, alert, data: { state: "resolved", resolvedAt: now }, transition: "resolve", notify });
  }
  const changing = new Set(changes.flatMap((c) => (c.kind === "update" ? [c.alert.id] : [])));
  // Firing, not acknowledged, not silenced at `now`, last announced at least repeatMs ago.
  const repeats =
    repeatMs > 0
      ? (
          await db.alert.findMany({
            where: {
              state: "firing",
              acknowledgedAt: null,
              OR: [{ silencedUntil: null }, { silencedUntil: { lte: now } }],
              AND: [{ OR: [{ lastNotifiedAt: null }, { lastNotifiedAt: { lte: new Date(now.getTime() - repeatMs) } }] }],
            },
            select: { id: true, ruleId: true, siteId: true },
          })
        ).filter((a) => !changing.has(a.id))
      : [];
  const evaluateDone = performance.now();

  let notifications = 0;
  for (const batch of chunks(changes, opts.chunkSize ?? 200)) {
    notifications += await writeTransaction(db, async (tx) => {
      const items = await applyBatch(tx, batch, now);
      return enqueueNotificationsInTx(tx, items, now, groupWaitMs);
    });
  }
  if (repeats.length > 0) {
    notifications += await writeTransaction(db, async (tx) => {
      // Re-checked under the write lock: another worker's pass may have announced them since this one read them.
      const due = new Set(
        (
          await tx.alert.findMany({
            where: {
              id: { in: repeats.map((a) => a.id) },
              state: "firing",
              OR: [{ lastNotifiedAt: null }, { lastNotifiedAt: { lte: new Date(now.getTime() - repeatMs) } }],
            },
            select: { id: true },
          })
        ).map((a) => a.id),
      );
      await tx.alert.updateMany({ where: { id: { in: [...due] } }, data: { lastNotifiedAt: now } });
      const items = repeats
        .filter((a) => due.has(a.id))
        .flatMap((a): NotifyItem[] => {
          const rule = ruleById.get(a.ruleId);
          return rule ? [{ event: "repeat", alertId: a.id, ruleId: a.ruleId, siteId: a.siteId, severity: rule.severity }] : [];
        });
      return enqueueNotificationsInTx(tx, items, now, groupWaitMs);
    });
  }
  if (touched.length > 0) {
    await writeTransaction(db, async (tx) => {
      for (const ids of chunks(touched, 500)) await tx.alert.updateMany({ where: { id: { in: ids } }, data: { lastSeenAt: now } });
    });
  }
  const count = (t: Transition) => changes.filter((c) => (c.kind === "open" ? (c.state === "firing" ? "fire" : "pending") : c.transition) === t).length;
  const summary: EvaluationSummary = {
    rules: rules.length,
    devices: snapshot.devices.length,
    observations,
    pending: count("pending"),
    fired: count("fire"),
    resolved: count("resolve"),
    repeats: repeats.length,
    notifications,
    readMs: readDone - started,
    evaluateMs: evaluateDone - readDone,
    writeMs: performance.now() - evaluateDone,
    full,
  };
  const stamps = memory === undefined || full ? new Map<string, number>() : memory.stamps;
  for (const d of changed ?? []) stamps.set(d.id, d.updatedAt.getTime());
  for (const d of snapshot.devices) stamps.set(d.id, d.updatedAt.getTime());
  return { summary, memory: { stamps, startedAt: wallStart, fullAt: full ? wallStart : (memory?.fullAt ?? wallStart), inputs } };
}
