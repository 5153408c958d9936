import "server-only";
import { auditActor, requirePermission } from "../auth/session";
import { db } from "../db";
import { getEnv } from "../env";
import { listAllowList, allowListFilterSchema, type AllowListFilter, type AllowListRow } from "./admin/allow-list-queries";
import { deviceIdByName, listAdminRules, scopeChoices, type AdminRuleRow } from "./admin/rules-queries";
import {
  allowListAddSchema,
  byIdSchema,
  ruleEditSchema,
  ruleNewSchema,
  targetEnabledSchema,
  targetFormSchema,
  type AllowListAddInput,
  type RuleEditInput,
  type RuleNewInput,
  type TargetFormInput,
} from "./admin/schemas";
import {
  getNotification,
  getTargetDetail,
  listTargetNotifications,
  listTargets as readTargets,
  type TargetDetail,
  type TargetRow,
} from "./admin/targets-queries";
import { mergeThresholds, thresholdFields } from "./admin/threshold-fields";
import { deliverDueNotifications } from "./notify/dispatch";
import * as targets from "./notify/targets";
import * as service from "./service";
import { AlertInputError } from "./service";

/**
 * The data layer of the alert admin pages (CODE_STYLE.md "Data layer"): /alerts/rules, /alerts/allow-list and
 * /alerts/targets and their server actions. Server-only, on the app's database (lib/db). Every function checks its
 * permission first (requirePermission: the signed-in user from the session): `alerts.read` to see rules and the
 * allow-list, `alerts.manage` (admins) for every change and for the notification targets (their URLs and SMTP logins
 * are for admins). Writes go through lib/alerts/service.ts and lib/alerts/notify/targets.ts as that user (audited).
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/permissions.ts)
 */

/** Every rule with thresholds as fields (units), scope in words and open alert counts. Permission: alerts.read. */
export async function listRules(): Promise<AdminRuleRow[]> {
  await requirePermission("alerts.read");
  return listAdminRules(db);
}

/** One rule for its edit form, or null. Permission: alerts.manage. */
export async function getRule(id: string): Promise<AdminRuleRow | null> {
  await requirePermission("alerts.manage");
  return (await listAdminRules(db, [id])).at(0) ?? null;
}

/** Sites, tags, device names and rule types for the rule and allow-list forms. Permission: alerts.manage. */
export async function getScopeChoices(): Promise<Awaited<ReturnType<typeof scopeChoices>>> {
  await requirePermission("alerts.manage");
  return scopeChoices(db);
}

/** The stored scope value of a form's scope fields (a device name resolved to its id). @throws AlertInputError (field deviceName) */
async function scopeValueOf(input: { scope: string; siteId: string; deviceName: string; tag: string }): Promise<string | null> {
  if (input.scope === "site") return input.siteId || null;
  if (input.scope === "tag") return input.tag || null;
  if (input.scope !== "device") return null;
  if (!input.deviceName) return null;
  const id = await deviceIdByName(db, input.deviceName);
  if (!id) throw new AlertInputError(`No device is named ${input.deviceName}`, { deviceName: ["no device with this name"] });
  return id;
}

/**
 * Creates a rule of a type (audited `alert.rule.create`). Permission: alerts.manage.
 * @returns the new rule's id
 * @throws AlertInputError (unknown type, name taken, thresholds out of range, scope without its value)
 */
export async function createRule(input: RuleNewInput): Promise<string> {
  const user = await requirePermission("alerts.manage");
  const r = ruleNewSchema.parse(input);
  const thresholds = mergeThresholds(thresholdFields(r.type, {}), {}, r.thresholds);
  const scopeValue = await scopeValueOf(r);
  return service.createAlertRule(db, await auditActor(user), {
    name: r.name,
    type: r.type,
    thresholds,
    scope: r.scope,
    scopeValue,
    severity: r.severity,
    enabled: r.enabled,
  });
}

/**
 * Edits a rule's thresholds, scope, severity and enabled flag (audited `alert.rule.update`; a refusal changes
 * nothing). Thresholds the form does not edit are kept. Permission: alerts.manage.
 * @throws AlertInputError (unknown rule, thresholds out of range: field errors `thresholds.<key>`, scope)
 */
export async function updateRule(input: RuleEditInput): Promise<void> {
  const user = await requirePermission("alerts.manage");
  const r = ruleEditSchema.parse(input);
  const rule = await db.alertRule.findUnique({ where: { id: r.id }, select: { type: true, thresholds: true } });
  if (!rule) throw new AlertInputError("No such alert rule");
  const stored = JSON.parse(rule.thresholds) as Record<string, unknown>;
  const thresholds = mergeThresholds(thresholdFields(rule.type, stored), stored, r.thresholds);
  const scopeValue = await scopeValueOf(r);
  await service.updateAlertRule(db, await auditActor(user), r.id, { thresholds, scope: r.scope, scopeValue, severity: r.severity, enabled: r.enabled });
}

/** Deletes a rule that is not built in (audited `alert.rule.delete`). Permission: alerts.manage. @throws AlertInputError */
export async function deleteRule(input: { id: string }): Promise<void> {
  const user = await requirePermission("alerts.manage");
  await service.deleteAlertRule(db, await auditActor(user), byIdSchema.parse(input).id);
}

/** One page of the MAC allow-list with the open unknown-MAC alerts each entry covers. Permission: alerts.read. */
export async function listAllowListEntries(filter: AllowListFilter): Promise<Awaited<ReturnType<typeof listAllowList>>> {
  await requirePermission("alerts.read");
  return listAllowList(db, allowListFilterSchema.parse(filter));
}

/**
 * Adds a MAC to a site's or a device's allow-list (normalised upper-case with colons; audited `alert.allowlist.add`).
 * Permission: alerts.manage.
 * @throws AlertInputError (no such site or device, already listed); ZodError on a malformed MAC
 */
export async function addAllowListMac(input: AllowListAddInput): Promise<string> {
  const user = await requirePermission("alerts.manage");
  const e = allowListAddSchema.parse(input);
  if (e.scope === "site" && !e.siteId) throw new AlertInputError("Choose a site", { siteId: ["required"] });
  if (e.scope === "device" && !e.deviceName) throw new AlertInputError("Name a device", { deviceName: ["required"] });
  const deviceId = e.scope === "device" ? await scopeValueOf({ scope: "device", siteId: "", deviceName: e.deviceName, tag: "" }) : null;
  return service.addAllowListEntry(db, await auditActor(user), {
    macAddress: e.macAddress,
    comment: e.comment,
    ...(deviceId ? { deviceId } : { siteId: e.siteId }),
  });
}

/** Removes an allow-list entry (audited `alert.allowlist.remove`). Permission: alerts.manage. @throws AlertInputError */
export async function removeAllowListMac(input: { id: string }): Promise<void> {
  const user = await requirePermission("alerts.manage");
  await service.removeAllowListEntry(db, await auditActor(user), byIdSchema.parse(input).id);
}

/** Every notification target (no secret). Permission: alerts.manage. */
export async function listTargets(): Promise<TargetRow[]> {
  await requirePermission("alerts.manage");
  return readTargets(db);
}

/** One target for its page (the HMAC secret as a fingerprint only, the SMTP password as a flag), or null. Permission: alerts.manage. */
export async function getTarget(id: string): Promise<TargetDetail | null> {
  await requirePermission("alerts.manage");
  return getTargetDetail(db, id);
}

/** A page of a target's messages, newest first. Permission: alerts.manage. */
export async function listTargetMessages(id: string, page: number | undefined): Promise<Awaited<ReturnType<typeof listTargetNotifications>>> {
  await requirePermission("alerts.manage");
  return listTargetNotifications(db, id, page);
}

/**
 * Creates (no `id`) or updates a target (audited `alert.target.create` / `update`, without secrets). A generated HMAC
 * secret is returned here once and never again (the pages show its fingerprint). Permission: alerts.manage.
 * @returns the target's id and the generated secret (null unless `secretMode` was `generate`)
 * @throws AlertInputError (name taken, no such target); ZodError on invalid input
 */
export async function saveTarget(input: TargetFormInput): Promise<{ id: string; secret: string | null }> {
  const user = await requirePermission("alerts.manage");
  const t = targetFormSchema.parse(input);
  const actor = await auditActor(user);
  let generated: string | null = null;
  let target: targets.TargetInput;
  if (t.kind === "webhook") {
    const { id: _id, secretMode, ...rest } = t;
    generated = secretMode === "generate" ? targets.generateWebhookSecret() : null;
    target = { ...rest, secret: generated ?? (secretMode === "paste" ? t.secret : ""), removeSecret: secretMode === "none" && t.id !== undefined };
  } else {
    const { id: _id, ...rest } = t;
    target = rest;
  }
  if (t.id === undefined) return { id: await targets.createNotificationTarget(db, actor, target), secret: generated };
  await targets.updateNotificationTarget(db, actor, t.id, target);
  return { id: t.id, secret: generated };
}

/** Enables or disables a target (audited `alert.target.update`). Permission: alerts.manage. @throws AlertInputError */
export async function setTargetEnabled(input: { id: string; enabled: boolean }): Promise<void> {
  const user = await requirePermission("alerts.manage");
  const { id, enabled } = targetEnabledSchema.parse(input);
  await targets.setNotificationTargetEnabled(db, await auditActor(user), id, enabled);
}

/** Deletes a target and its messages (audited `alert.target.delete`). Permission: alerts.manage. @throws AlertInputError */
export async function deleteTarget(input: { id: string }): Promise<void> {
  const user = await requirePermission("alerts.manage");
  await targets.deleteNotificationTarget(db, await auditActor(user), byIdSchema.parse(input).id);
}

/** How long "Send test" waits for a worker that claimed its message first (ms; a webhook's send timeout is shorter). */
const TEST_WAIT_MS = 15_000;

/** What "Send test" reports: the message's state after one attempt (`sent`, or `pending` with the error and the retry time). */
export type TestResult = { notificationId: string; status: string; attempts: number; lastError: string | null; nextAttemptAt: Date | null };

/**
 * Queues a test message to a target (audited `alert.target.test`) and makes its first attempt now through the
 * worker's dispatch (lib/alerts/notify/dispatch.ts: signed webhook or SMTP); a failure is retried by the worker with
 * backoff like any message. Permission: alerts.manage.
 * @throws AlertInputError (no such target, target disabled)
 */
export async function sendTestMessage(input: { id: string }): Promise<TestResult> {
  const user = await requirePermission("alerts.manage");
  const { id } = byIdSchema.parse(input);
  const notificationId = await targets.queueTestNotification(db, await auditActor(user), id);
  await deliverDueNotifications(db, { baseUrl: getEnv().NEXTAUTH_URL ?? "http://localhost:3000", ids: [notificationId], limit: 1 });
  let n = await getNotification(db, notificationId);
  // A worker may have claimed the message between queueing and this attempt (it is then still pending with no
  // attempt made): wait for that worker's attempt, at most TEST_WAIT_MS, so the result says what happened.
  const until = Date.now() + TEST_WAIT_MS;
  while (n?.status === "pending" && n.attempts === 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    n = await getNotification(db, notificationId);
  }
  return {
    notificationId,
    status: n?.status ?? "deleted",
    attempts: n?.attempts ?? 0,
    lastError: n?.lastError ?? null,
    nextAttemptAt: n?.status === "pending" ? n.nextAttemptAt : null,
  };
}

export type { AdminRuleRow, AllowListFilter, AllowListRow, TargetDetail, TargetRow };
