import "server-only";
import { z } from "zod";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { ExpectedError } from "../errors";
import { macAddress, normaliseMac } from "../validation/routeros";
import { BUILT_IN_RULES, parseThresholds, RULE_SCOPES, SEVERITIES, type RuleType, isRuleType } from "./rule-types";

/**
 * State changes of the alerts area that people make (the worker, scripts and tests call these; the data layer binds
 * them to the session): seeding the built-in rules, editing a rule, acknowledging and silencing an alert, and the MAC
 * allow-list. Each runs in one write transaction with its audit event.
 */

/** A refusal meant for the user (unknown alert, resolved alert, bad thresholds). */
export class AlertInputError extends ExpectedError {
  override name = "AlertInputError";
}

/**
 * Creates the built-in rules (lib/alerts/rule-types.ts BUILT_IN_RULES) that no rule of the same name exists for;
 * edited rules are left as they are. One `alert.rule.create` audit event per rule created (actor: the system).
 * @returns the number of rules created
 */
export async function ensureBuiltInRules(db: Db): Promise<number> {
  return writeTransaction(db, async (tx) => {
    const existing = new Set((await tx.alertRule.findMany({ select: { name: true } })).map((r) => r.name));
    let created = 0;
    for (const rule of BUILT_IN_RULES) {
      if (existing.has(rule.name)) continue;
      const thresholds = JSON.stringify(parseThresholds(rule.type, JSON.stringify(rule.thresholds)));
      const row = await tx.alertRule.create({ data: { name: rule.name, type: rule.type, thresholds, severity: rule.severity, scope: "fleet" } });
      await appendAuditEventInTx(tx, null, { action: "alert.rule.create", entityType: "alertRule", entityId: row.id, after: { ...rule, thresholds } });
      created++;
    }
    return created;
  });
}

/** An edit of a rule by an admin: every field optional (absent = unchanged). */
export const ruleUpdateSchema = z.strictObject({
  thresholds: z.record(z.string(), z.unknown()).optional(),
  scope: z.enum(RULE_SCOPES).optional(),
  scopeValue: z.string().min(1).max(200).nullable().optional(),
  severity: z.enum(SEVERITIES).optional(),
  enabled: z.boolean().optional(),
});
export type RuleUpdate = z.infer<typeof ruleUpdateSchema>;

/**
 * Edits a rule (thresholds validated by its type's schema; a scope other than `fleet` needs a scopeValue). Audit
 * event `alert.rule.update` with before/after.
 * @throws AlertInputError on an unknown rule, thresholds that do not fit its type, or a scope without its value
 */
export async function updateAlertRule(db: Db, actor: AuditActor | null, ruleId: string, input: RuleUpdate): Promise<void> {
  const update = ruleUpdateSchema.parse(input);
  await writeTransaction(db, async (tx) => {
    const rule = await tx.alertRule.findUnique({ where: { id: ruleId } });
    if (!rule || !isRuleType(rule.type)) throw new AlertInputError("No such alert rule");
    let thresholds = rule.thresholds;
    if (update.thresholds !== undefined) {
      try {
        thresholds = JSON.stringify(parseThresholds(rule.type as RuleType, JSON.stringify(update.thresholds)));
      } catch (err) {
        throw new AlertInputError(err instanceof Error ? err.message : String(err), { thresholds: ["invalid"] });
      }
    }
    const scope = update.scope ?? rule.scope;
    const scopeValue = scope === "fleet" ? null : (update.scopeValue ?? rule.scopeValue);
    if (scope !== "fleet" && !scopeValue) throw new AlertInputError(`A ${scope} scope needs its ${scope}`, { scopeValue: ["required"] });
    const after = { thresholds, scope, scopeValue, severity: update.severity ?? rule.severity, enabled: update.enabled ?? rule.enabled };
    await tx.alertRule.update({ where: { id: ruleId }, data: after });
    const before = { thresholds: rule.thresholds, scope: rule.scope, scopeValue: rule.scopeValue, severity: rule.severity, enabled: rule.enabled };
    await appendAuditEventInTx(tx, actor, { action: "alert.rule.update", entityType: "alertRule", entityId: ruleId, before, after });
  });
}

/**
 * Acknowledges a firing or pending alert with a note: it stops repeat notifications (the resolve message is still
 * sent). Audit event `alert.acknowledge`.
 * @throws AlertInputError when the alert does not exist or is resolved
 */
export async function acknowledgeAlert(db: Db, actor: AuditActor & { id: string }, alertId: string, note: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: alertId }, select: { state: true } });
    if (!alert) throw new AlertInputError("No such alert");
    if (alert.state === "resolved") throw new AlertInputError("The alert is resolved");
    const now = new Date();
    await tx.alert.update({ where: { id: alertId }, data: { acknowledgedById: actor.id, acknowledgedAt: now, ackNote: note } });
    await appendAuditEventInTx(tx, actor, { action: "alert.acknowledge", entityType: "alert", entityId: alertId, after: { note, acknowledgedAt: now } });
  });
}

/**
 * Silences an alert for `minutes` minutes (0 ends a silence): no fire or repeat notification while silenced.
 * Audit event `alert.silence`.
 * @throws AlertInputError when the alert does not exist
 */
export async function silenceAlert(db: Db, actor: AuditActor | null, alertId: string, minutes: number): Promise<Date | null> {
  const until = minutes > 0 ? new Date(Date.now() + minutes * 60_000) : null;
  await writeTransaction(db, async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: alertId }, select: { silencedUntil: true } });
    if (!alert) throw new AlertInputError("No such alert");
    await tx.alert.update({ where: { id: alertId }, data: { silencedUntil: until } });
    await appendAuditEventInTx(tx, actor, { action: "alert.silence", entityType: "alert", entityId: alertId, before: alert, after: { silencedUntil: until } });
  });
  return until;
}

/** A MAC allowed on a site's routers or on one device (exactly one of the two). */
export const allowListEntrySchema = z
  .strictObject({ macAddress, siteId: z.string().min(1).optional(), deviceId: z.string().min(1).optional(), comment: z.string().max(200).default("") })
  .refine((e) => (e.siteId === undefined) !== (e.deviceId === undefined), { message: "Give a site or a device", path: ["siteId"] });

/**
 * Adds a MAC to the allow-list of a site or a device (MAC stored upper-case with colons). Audit `alert.allowlist.add`.
 * @returns the entry's id
 */
export async function addAllowListEntry(db: Db, actor: AuditActor | null, input: z.input<typeof allowListEntrySchema>): Promise<string> {
  const entry = allowListEntrySchema.parse(input);
  return writeTransaction(db, async (tx) => {
    const data = {
      macAddress: normaliseMac(entry.macAddress),
      siteId: entry.siteId ?? null,
      deviceId: entry.deviceId ?? null,
      comment: entry.comment,
      createdById: actor?.id ?? null,
    };
    const row = await tx.macAllowListEntry.create({ data });
    await appendAuditEventInTx(tx, actor, { action: "alert.allowlist.add", entityType: "macAllowListEntry", entityId: row.id, after: data });
    return row.id;
  });
}

/**
 * Removes an allow-list entry. Audit `alert.allowlist.remove`.
 * @throws AlertInputError when it does not exist
 */
export async function removeAllowListEntry(db: Db, actor: AuditActor | null, id: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const row = await tx.macAllowListEntry.findUnique({ where: { id } });
    if (!row) throw new AlertInputError("No such allow-list entry");
    await tx.macAllowListEntry.delete({ where: { id } });
    await appendAuditEventInTx(tx, actor, { action: "alert.allowlist.remove", entityType: "macAllowListEntry", entityId: id, before: row });
  });
}
