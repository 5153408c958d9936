import "server-only";
import { randomUUID } from "node:crypto";
import { appendAuditEventsInTx, type AuditInput } from "../audit/log";
import type { Tx } from "../db-transaction";
import type { Prisma } from "../generated/prisma/client";
import { ruleTiming, type EvaluatedRule, type Observation } from "./conditions";
import type { NotifyItem } from "./notify/queue";
import type { AlertState } from "./rule-types";

/**
 * The alert state machine of lib/alerts/evaluate.ts: what one observation does to its alert ({@link decide}) and the
 * writes of a batch of such changes ({@link applyBatch}), re-checked under the write lock for concurrent workers.
 */

/** An active (pending or firing) alert as the engine reads it. */
export type ActiveAlert = {
  id: string;
  ruleId: string;
  objectKey: string;
  subject: string;
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

export type Transition = "pending" | "fire" | "resolve";

/** One alert write: a new (or re-opened) alert, or an update of an active one, with its transition if any. */
export type Change =
  | { kind: "open"; rule: EvaluatedRule; obs: Observation; state: Exclude<AlertState, "resolved"> }
  | { kind: "update"; rule: RuleRef; alert: ActiveAlert; data: AlertUpdate; transition?: Transition; notify?: NotifyItem["event"] };

export type RuleRef = { id: string; name: string; severity: string };
type AlertUpdate = {
  state?: AlertState;
  badPolls?: number;
  goodPolls?: number;
  lastPollAt?: Date;
  lastSeenAt?: Date;
  firedAt?: Date;
  resolvedAt?: Date;
  values?: string;
  subject?: string;
  siteId?: string;
  lastNotifiedAt?: Date;
};

/** A firing alert's lastSeenAt is moved forward at most this often while its condition holds (saves a write per pass). */
export const LAST_SEEN_PRECISION_MS = 60_000;

/** The map key of a rule's alert on an object. */
const keyOf = (ruleId: string, objectKey: string) => `${ruleId}\u0000${objectKey}`;
/** Whether an alert is silenced at `now`. */
export const silenced = (a: { silencedUntil: Date | null }, now: Date) => a.silencedUntil !== null && a.silencedUntil > now;

/**
 * The change (if any) one observation makes to its alert. A firing alert whose object's subject changed while still
 * bad (a newer outside change of the configuration) gets its subject and values rewritten.
 */
export function decide(rule: EvaluatedRule, obs: Observation, alert: ActiveAlert | undefined, now: Date): Change | undefined {
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
    const data: AlertUpdate = { badPolls, lastPollAt, lastSeenAt: now, values, subject: obs.subject, siteId: obs.siteId };
    if (!fire) return { kind: "update", rule, alert, data };
    return { kind: "update", rule, alert, data: { ...data, state: "firing", firedAt: now }, transition: "fire", notify: "fire" };
  }
  if (obs.verdict === "bad") {
    if (alert.goodPolls === 0 && alert.subject === obs.subject) return undefined;
    return { kind: "update", rule, alert, data: { goodPolls: 0, lastPollAt, lastSeenAt: now, values, subject: obs.subject } };
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
export async function applyBatch(tx: Tx, batch: readonly Change[], now: Date): Promise<NotifyItem[]> {
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
