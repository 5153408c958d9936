import "server-only";
import type { Tx } from "../../db-transaction";
import { severityRank } from "../rule-types";

/** Why a message is sent: alerts started firing, stopped, or still fire unacknowledged (repeat interval); or an admin's test. */
export type NotifyEvent = "fire" | "resolve" | "repeat" | "test";

/** One alert to announce. */
export type NotifyItem = { event: NotifyEvent; alertId: string; ruleId: string; siteId: string | null; severity: string };

/** The grouping key of a message: one message per event, rule and site (a site going dark is one message). */
export function groupKeyOf(item: Pick<NotifyItem, "event" | "ruleId" | "siteId">): string {
  return `${item.event}|${item.ruleId}|${item.siteId ?? ""}`;
}

/**
 * Queues AlertNotification rows for `items` inside the caller's write transaction: per enabled target whose
 * `minSeverity` the alert's severity reaches, one row per group key, first attempt `groupWaitMs` after `now`. Alerts
 * of a group whose row is still waiting for its first attempt (nextAttemptAt not before `now`: queued in this pass or within its group wait) join that row instead.
 * @returns the number of rows created
 */
export async function enqueueNotificationsInTx(tx: Tx, items: readonly NotifyItem[], now: Date, groupWaitMs: number): Promise<number> {
  if (items.length === 0) return 0;
  const targets = await tx.notificationTarget.findMany({ where: { enabled: true }, select: { id: true, minSeverity: true } });
  const groups = new Map<string, { targetId: string; event: NotifyEvent; groupKey: string; alertIds: Set<string> }>();
  for (const target of targets) {
    for (const item of items) {
      if (severityRank(item.severity) < severityRank(target.minSeverity)) continue;
      const groupKey = groupKeyOf(item);
      const key = `${target.id}\u0000${groupKey}`;
      const group = groups.get(key) ?? { targetId: target.id, event: item.event, groupKey, alertIds: new Set<string>() };
      group.alertIds.add(item.alertId);
      groups.set(key, group);
    }
  }
  let created = 0;
  for (const g of groups.values()) {
    const waiting = await tx.alertNotification.findFirst({
      where: { targetId: g.targetId, groupKey: g.groupKey, status: "pending", attempts: 0, nextAttemptAt: { gte: now } },
      select: { id: true, alertIds: true },
    });
    if (waiting) {
      const ids = new Set<string>([...(JSON.parse(waiting.alertIds) as string[]), ...g.alertIds]);
      await tx.alertNotification.update({ where: { id: waiting.id }, data: { alertIds: JSON.stringify([...ids]) } });
      continue;
    }
    await tx.alertNotification.create({
      data: {
        targetId: g.targetId,
        event: g.event,
        groupKey: g.groupKey,
        alertIds: JSON.stringify([...g.alertIds]),
        nextAttemptAt: new Date(now.getTime() + groupWaitMs),
      },
    });
    created++;
  }
  return created;
}
