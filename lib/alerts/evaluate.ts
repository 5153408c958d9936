import "server-only";
import { randomUUID } from "node:crypto";
import { appendAuditEventsInTx, type AuditInput } from "../audit/log";
import { chunks } from "../chunks";
import type { Db } from "../db-client";
import { writeTransaction, type Tx } from "../db-transaction";
import type { Prisma } from "../generated/prisma/client";
import { log } from "../log";
import { indexSnapshot, observe, ruleTiming, toEvaluatedRule, type EvaluatedRule, type Observation } from "./conditions";
import { enqueueNotificationsInTx, type NotifyItem } from "./notify/queue";
import type { AlertState, RuleType } from "./rule-types";
import { readFleetSnapshot } from "./snapshot";

/**
 * The rules engine: reads the stored fleet (lib/alerts/snapshot.ts), lets every enabled rule judge its objects
 * (lib/alerts/conditions.ts) and moves each alert (one per rule and object) through pending → firing → resolved:
 * - no alert, condition seen: pending (badPolls 1), or firing at once when one poll is enough and no time is required;
 * - pending: one count per new poll (the observation's `pollAt` after the alert's `lastPollAt`); firing once `polls`
 *   polls in a row showed it and `minutes` passed since first seen; resolved (silently) when a poll shows it cleared;
 * - firing: resolved after `clearPolls` polls in a row showed it cleared; a poll in the hysteresis band or without
 *   news (device down for an interface rule) changes nothing;
 * - an active alert whose object is gone (interface removed, session ended, device disabled or out of scope) or whose
 *   rule is disabled is resolved.
 * Every state change is an audit event (`alert.pending`, `alert.fire`, `alert.resolve`, actor the system) written with
 * it (batched: lib/audit/log.ts appendAuditEventsInTx), and fire / resolve / repeat notifications are queued in the same transaction (lib/alerts/notify/queue.ts).
 * Several workers may evaluate at once: each write re-checks under the write lock that the alert is still in the state
 * this pass read (an open finds no active row; an update matches state and counts), and skips the change otherwise.
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
};

type ActiveAlert = {
  id: string;
  ruleId: string;
  objectKey: string;
  state: string;
  badPolls: number;
  goodPolls: number;
  lastPollAt: Date | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  acknowledgedAt: Date | null;
  silencedUntil: Date | null;
  lastNotifiedAt: Date | null;
  siteId: string | null;
};

type Transition = "pending" | "fire" | "resolve";

/** One alert write: a new (or re-opened) alert, or an update of an active one, with its transition if any. */
type Change =
  | { kind: "open"; rule: EvaluatedRule; obs: Observation; state: Exclude<AlertState, "resolved"> }
  | { kind: "update"; rule: RuleRef; alert: ActiveAlert; data: AlertUpdate; transition?: Transition; notify?: NotifyItem["event"] };

type RuleRef = { id: string; name: string; severity: string };
type AlertUpdate = {
  state?: AlertState;
  badPolls?: number;
  goodPolls?: number;
  lastPollAt?: Date;
  lastSeenAt?: Date;
  firedAt?: Date;
  resolvedAt?: Date;
  values?: string;
  siteId?: string;
  lastNotifiedAt?: Date;
};

/** A firing alert's lastSeenAt is moved forward at most this often while its condition holds (saves a write per pass). */
const LAST_SEEN_PRECISION_MS = 60_000;

const keyOf = (ruleId: string, objectKey: string) => `${ruleId}\u0000${objectKey}`;
const silenced = (a: { silencedUntil: Date | null }, now: Date) => a.silencedUntil !== null && a.silencedUntil > now;

/** The change (if any) one observation makes to its alert. */
function decide(rule: EvaluatedRule, obs: Observation, alert: ActiveAlert | undefined, now: Date): Change | undefined {
  const timing = ruleTiming(rule);
  if (!alert) {
    if (obs.verdict !== "bad") return undefined;
    return { kind: "open", rule, obs, state: timing.polls <= 1 && timing.forMs === 0 ? "firing" : "pending" };
  }
  const newPoll = obs.pollAt !== null && (alert.lastPollAt === null || obs.pollAt > alert.lastPollAt);
  if (!newPoll || obs.verdict === "hold") return undefined;
  const lastPollAt = obs.pollAt ?? undefined;
  const values = JSON.stringify(obs.values);
  if (alert.state === "pending") {
    if (obs.verdict === "good") return { kind: "update", rule, alert, data: { state: "resolved", resolvedAt: now, lastPollAt, values }, transition: "resolve" };
    const badPolls = alert.badPolls + 1;
    const fire = badPolls >= timing.polls && now.getTime() - alert.firstSeenAt.getTime() >= timing.forMs;
    const data: AlertUpdate = { badPolls, lastPollAt, lastSeenAt: now, values, siteId: obs.siteId };
    if (!fire) return { kind: "update", rule, alert, data };
    return { kind: "update", rule, alert, data: { ...data, state: "firing", firedAt: now }, transition: "fire", notify: "fire" };
  }
  if (obs.verdict === "bad") {
    return alert.goodPolls === 0 ? undefined : { kind: "update", rule, alert, data: { goodPolls: 0, lastPollAt, lastSeenAt: now, values } };
  }
  const goodPolls = alert.goodPolls + 1;
  if (goodPolls < timing.clearPolls) return { kind: "update", rule, alert, data: { goodPolls, lastPollAt } };
  return { kind: "update", rule, alert, data: { state: "resolved", resolvedAt: now, goodPolls, lastPollAt, values }, transition: "resolve", notify: "resolve" };
}

/**
 * Writes a batch of changes in the caller's transaction: new alerts in one multi-row INSERT (ids made here), re-opened
 * and updated ones one UPDATE each, every transition's audit event in one INSERT (lib/audit/log.ts appendAuditEventsInTx).
 * @returns the notifications the batch's alerts get
 */
async function applyBatch(tx: Tx, batch: readonly Change[], now: Date): Promise<NotifyItem[]> {
  const items: NotifyItem[] = [];
  const audits: AuditInput[] = [];
  const opens = batch.filter((c): c is Extract<Change, { kind: "open" }> => c.kind === "open");
  const existing =
    opens.length === 0
      ? []
      : await tx.alert.findMany({
          where: { ruleId: { in: [...new Set(opens.map((c) => c.rule.id))] }, objectKey: { in: [...new Set(opens.map((c) => c.obs.objectKey))] } },
          select: { id: true, ruleId: true, objectKey: true, state: true, silencedUntil: true },
        });
  const existingByKey = new Map(existing.map((e) => [keyOf(e.ruleId, e.objectKey), e]));
  const created: Prisma.AlertCreateManyInput[] = [];
  for (const { rule, obs, state } of opens) {
    const firing = state === "firing";
    const row = existingByKey.get(keyOf(rule.id, obs.objectKey));
    if (row && row.state !== "resolved") continue;
    const notify = firing && !(row && silenced(row, now));
    const fields = {
      deviceId: obs.deviceId,
      siteId: obs.siteId,
      subject: obs.subject,
      state,
      badPolls: 1,
      goodPolls: 0,
      lastPollAt: obs.pollAt,
      firstSeenAt: now,
      lastSeenAt: now,
      firedAt: firing ? now : null,
      resolvedAt: null,
      values: JSON.stringify(obs.values),
      acknowledgedById: null,
      acknowledgedAt: null,
      ackNote: null,
      lastNotifiedAt: notify ? now : null,
    };
    const id = row?.id ?? randomUUID();
    if (row) await tx.alert.update({ where: { id }, data: fields });
    else created.push({ id, ruleId: rule.id, objectKey: obs.objectKey, ...fields });
    audits.push({
      action: firing ? "alert.fire" : "alert.pending",
      entityType: "alert",
      entityId: id,
      after: { rule: rule.name, objectKey: obs.objectKey, state, values: obs.values },
    });
    if (notify) items.push({ event: "fire", alertId: id, ruleId: rule.id, siteId: obs.siteId, severity: rule.severity });
  }
  if (created.length > 0) await tx.alert.createMany({ data: created });
  for (const change of batch) {
    if (change.kind !== "update") continue;
    const { rule, alert, transition } = change;
    const data = { ...change.data };
    if (change.notify === "fire" && !silenced(alert, now)) data.lastNotifiedAt = now;
    const notifyItem: NotifyItem | undefined =
      change.notify !== undefined && (change.notify === "resolve" ? alert.lastNotifiedAt !== null : data.lastNotifiedAt !== undefined)
        ? { event: change.notify, alertId: alert.id, ruleId: rule.id, siteId: data.siteId ?? alert.siteId, severity: rule.severity }
        : undefined;
    const { count } = await tx.alert.updateMany({ where: { id: alert.id, state: alert.state, badPolls: alert.badPolls, goodPolls: alert.goodPolls }, data });
    if (count === 0) continue;
    if (notifyItem) items.push(notifyItem);
    if (transition === undefined) continue;
    audits.push({
      action: `alert.${transition}`,
      entityType: "alert",
      entityId: alert.id,
      before: { state: alert.state },
      after: {
        rule: rule.name,
        objectKey: alert.objectKey,
        state: data.state ?? alert.state,
        values: data.values === undefined ? undefined : JSON.parse(data.values),
      },
    });
  }
  await appendAuditEventsInTx(tx, null, audits);
  return items;
}

/**
 * Runs every enabled rule once over what the poller stored and writes the resulting alert changes, audit events and
 * queued notifications. Cheap when nothing changes: one read per table the rules need, no write.
 * @returns counts and timings of the pass
 * @throws the database error of a read or a write transaction (changes of earlier transactions stay)
 */
export async function evaluateAlerts(db: Db, opts: EvaluateOptions = {}): Promise<EvaluationSummary> {
  const now = opts.now ?? new Date();
  const groupWaitMs = opts.groupWaitMs ?? 0;
  const repeatMs = opts.repeatMs ?? 4 * 3_600_000;
  const started = performance.now();
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
  const snapshot = await readFleetSnapshot(
    db,
    types,
    rules.some((r) => r.scope === "tag"),
  );
  const activeRows: ActiveAlert[] = await db.alert.findMany({
    where: { state: { in: ["pending", "firing"] } },
    select: {
      id: true,
      ruleId: true,
      objectKey: true,
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
    },
  });
  const readDone = performance.now();

  const active = new Map(activeRows.map((a) => [keyOf(a.ruleId, a.objectKey), a]));
  const seen = new Set<string>();
  const changes: Change[] = [];
  const touched: string[] = [];
  let observations = 0;
  const index = indexSnapshot(snapshot);
  for (const rule of rules) {
    for (const obs of observe(rule, snapshot, index)) {
      observations++;
      const key = keyOf(rule.id, obs.objectKey);
      seen.add(key);
      const alert = active.get(key);
      const change = decide(rule, obs, alert, now);
      if (change) changes.push(change);
      else if (alert?.state === "firing" && obs.verdict === "bad" && now.getTime() - alert.lastSeenAt.getTime() >= LAST_SEEN_PRECISION_MS)
        touched.push(alert.id);
    }
  }
  const ruleById = new Map(ruleRows.map((r) => [r.id, r]));
  for (const [key, alert] of active) {
    if (seen.has(key)) continue;
    const rule = ruleById.get(alert.ruleId);
    if (!rule) continue;
    const notify = alert.state === "firing" ? ("resolve" as const) : undefined;
    changes.push({ kind: "update", rule, alert, data: { state: "resolved", resolvedAt: now }, transition: "resolve", notify });
  }
  const changing = new Set(changes.flatMap((c) => (c.kind === "update" ? [c.alert.id] : [])));
  const repeats =
    repeatMs > 0
      ? activeRows.filter(
          (a) =>
            a.state === "firing" &&
            !changing.has(a.id) &&
            a.acknowledgedAt === null &&
            !silenced(a, now) &&
            (a.lastNotifiedAt === null || now.getTime() - a.lastNotifiedAt.getTime() >= repeatMs),
        )
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
  return {
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
  };
}
