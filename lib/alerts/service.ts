import "server-only";
import { z } from "zod";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import type { Db } from "../db-client";
import { writeTransaction, type Tx } from "../db-transaction";
import { ExpectedError } from "../errors";
import { macAddress, normaliseMac } from "../validation/routeros";
import { BUILT_IN_RULES, parseThresholds, RULE_SCOPES, SEVERITIES, THRESHOLD_SCHEMAS, type RuleType, isRuleType } from "./rule-types";

/**
 * State changes of the alerts area that people make (the worker, scripts and tests call these; the data layers
 * lib/alerts/server.ts and lib/alerts/admin-server.ts bind them to the session): seeding the built-in rules, creating,
 * editing and deleting a rule, acknowledging and silencing an alert, and the MAC allow-list. Each runs in one write transaction with its audit event.
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

/** True when `name` is the name of a built-in rule (lib/alerts/rule-types.ts BUILT_IN_RULES): those cannot be deleted. */
export function isBuiltInRuleName(name: string): boolean {
  return BUILT_IN_RULES.some((r) => r.name === name);
}

/**
 * Validates thresholds with the schema of their rule type (defaults filled in) and returns them as stored (JSON).
 * @throws AlertInputError naming the type, with one field error per threshold (`thresholds.<key>`, e.g. `thresholds.polls`)
 */
function thresholdsJson(type: RuleType, thresholds: unknown): string {
  const schema: z.ZodType = THRESHOLD_SCHEMAS[type];
  const parsed = schema.safeParse(thresholds);
  if (parsed.success) return JSON.stringify(parsed.data);
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] === undefined ? "thresholds" : `thresholds.${String(issue.path[0])}`;
    fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
  }
  throw new AlertInputError(`Thresholds of rule type ${type}: ${z.prettifyError(parsed.error)}`, fieldErrors);
}

/**
 * Checks a rule's scope: `fleet` has no value; `site` and `device` name an existing Site / Device by id; `tag` is a
 * device tag (not required to be in use yet).
 * @returns the scopeValue to store (null for fleet)
 * @throws AlertInputError (field `scopeValue`) when the value is missing or names nothing
 */
async function checkedScopeValue(tx: Tx, scope: (typeof RULE_SCOPES)[number], scopeValue: string | null | undefined): Promise<string | null> {
  if (scope === "fleet") return null;
  if (!scopeValue) throw new AlertInputError(`A ${scope} scope needs its ${scope}`, { scopeValue: ["required"] });
  if (scope === "site" && !(await tx.site.findUnique({ where: { id: scopeValue }, select: { id: true } })))
    throw new AlertInputError("No such site", { scopeValue: ["no such site"] });
  if (scope === "device" && !(await tx.device.findUnique({ where: { id: scopeValue }, select: { id: true } })))
    throw new AlertInputError("No such device", { scopeValue: ["no such device"] });
  return scopeValue;
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
 * Edits a rule (thresholds validated by its type's schema; a scope other than `fleet` needs a scopeValue naming an
 * existing site or device, or a tag). Audit event `alert.rule.update` with before/after. A refusal changes nothing.
 * @throws AlertInputError on an unknown rule (or one of a type this version does not know), thresholds that do not
 *   fit its type (field errors `thresholds.<key>`), or a scope without its value
 */
export async function updateAlertRule(db: Db, actor: AuditActor | null, ruleId: string, input: RuleUpdate): Promise<void> {
  const update = ruleUpdateSchema.parse(input);
  await writeTransaction(db, async (tx) => {
    const rule = await tx.alertRule.findUnique({ where: { id: ruleId } });
    if (!rule || !isRuleType(rule.type)) throw new AlertInputError("No such alert rule");
    const thresholds = update.thresholds === undefined ? rule.thresholds : thresholdsJson(rule.type, update.thresholds);
    const scope = update.scope ?? (rule.scope as (typeof RULE_SCOPES)[number]);
    const scopeChanged = update.scope !== undefined || update.scopeValue !== undefined;
    const scopeValue = scopeChanged ? await checkedScopeValue(tx, scope, update.scopeValue ?? rule.scopeValue) : rule.scopeValue;
    const after = { thresholds, scope, scopeValue, severity: update.severity ?? rule.severity, enabled: update.enabled ?? rule.enabled };
    await tx.alertRule.update({ where: { id: ruleId }, data: after });
    const before = { thresholds: rule.thresholds, scope: rule.scope, scopeValue: rule.scopeValue, severity: rule.severity, enabled: rule.enabled };
    await appendAuditEventInTx(tx, actor, { action: "alert.rule.update", entityType: "alertRule", entityId: ruleId, before, after });
  });
}

/** An extra rule an admin creates from a rule type (e.g. a stricter MACsec rule for one site). */
export const ruleCreateSchema = z.strictObject({
  name: z.string().trim().min(1, "Give the rule a name").max(100),
  type: z.string().min(1).max(64),
  thresholds: z.record(z.string(), z.unknown()).default({}),
  scope: z.enum(RULE_SCOPES).default("fleet"),
  scopeValue: z.string().min(1).max(200).nullable().optional(),
  severity: z.enum(SEVERITIES).default("warning"),
  enabled: z.boolean().default(true),
});
export type RuleCreate = z.input<typeof ruleCreateSchema>;

/**
 * Creates a rule of a known type (thresholds validated by the type's schema, defaults filled in). The worker evaluates
 * it on its next pass like the built-in rules. Audit event `alert.rule.create`.
 * @returns the rule's id
 * @throws AlertInputError on an unknown type (field `type`), a name in use or reserved by a built-in rule (field
 *   `name`), bad thresholds (`thresholds.<key>`) or scope (`scopeValue`)
 */
export async function createAlertRule(db: Db, actor: AuditActor | null, input: RuleCreate): Promise<string> {
  const rule = ruleCreateSchema.parse(input);
  const type = rule.type;
  if (!isRuleType(type)) throw new AlertInputError(`Unknown rule type ${type}`, { type: ["unknown rule type"] });
  return writeTransaction(db, async (tx) => {
    if (isBuiltInRuleName(rule.name) || (await tx.alertRule.findUnique({ where: { name: rule.name }, select: { id: true } })))
      throw new AlertInputError("A rule with this name exists", { name: ["taken"] });
    const data = {
      name: rule.name,
      type,
      thresholds: thresholdsJson(type, rule.thresholds),
      scope: rule.scope,
      scopeValue: await checkedScopeValue(tx, rule.scope, rule.scopeValue),
      severity: rule.severity,
      enabled: rule.enabled,
    };
    const row = await tx.alertRule.create({ data });
    await appendAuditEventInTx(tx, actor, { action: "alert.rule.create", entityType: "alertRule", entityId: row.id, after: data });
    return row.id;
  });
}

/**
 * Deletes a rule that is not built in, with its alerts (queued messages of those alerts are then sent without them).
 * Audit event `alert.rule.delete` with the rule as it was.
 * @throws AlertInputError when it does not exist or is a built-in rule (disable those instead)
 */
export async function deleteAlertRule(db: Db, actor: AuditActor | null, ruleId: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const rule = await tx.alertRule.findUnique({ where: { id: ruleId } });
    if (!rule) throw new AlertInputError("No such alert rule");
    if (isBuiltInRuleName(rule.name)) throw new AlertInputError("A built-in rule cannot be deleted: disable it instead");
    await tx.alertRule.delete({ where: { id: ruleId } });
    await appendAuditEventInTx(tx, actor, { action: "alert.rule.delete", entityType: "alertRule", entityId: ruleId, before: rule });
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
 * Adds a MAC to the allow-list of a site or a device (MAC stored upper-case with colons, lib/validation/routeros.ts
 * macAddress). Audit `alert.allowlist.add`. A refusal writes nothing.
 * @returns the entry's id
 * @throws ZodError on a malformed MAC or without exactly one of site and device; AlertInputError when the site or
 *   device does not exist (field `siteId` / `deviceId`) or the MAC is already on that list (field `macAddress`)
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
    if (data.siteId && !(await tx.site.findUnique({ where: { id: data.siteId }, select: { id: true } })))
      throw new AlertInputError("No such site", { siteId: ["no such site"] });
    if (data.deviceId && !(await tx.device.findUnique({ where: { id: data.deviceId }, select: { id: true } })))
      throw new AlertInputError("No such device", { deviceId: ["no such device"] });
    if (await tx.macAllowListEntry.findFirst({ where: { macAddress: data.macAddress, siteId: data.siteId, deviceId: data.deviceId }, select: { id: true } }))
      throw new AlertInputError(`${data.macAddress} is already on this allow-list`, { macAddress: ["already on this allow-list"] });
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
