import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { appendAuditEventInTx, type AuditActor } from "../../audit/log";
import { seal, unseal } from "../../crypto/seal";
import type { Db } from "../../db-client";
import { writeTransaction } from "../../db-transaction";
import { SEVERITIES } from "../rule-types";
import { AlertInputError } from "../service";

/**
 * Notification targets (admins): a webhook (URL, HMAC secret, Slack-compatible body) or SMTP e-mail (host, port,
 * STARTTLS, user, password, from, to). The HMAC secret and the SMTP password are sealed (lib/crypto/seal.ts) bound to
 * the target's id; a blank secret on update keeps the stored one. Audit payloads never carry a secret, sealed or not:
 * only whether one is set.
 */

/** The associated data a target's secret is sealed with (`secret` or `smtp-password`). */
export function targetSecretAad(targetId: string, which: "secret" | "smtp-password"): string {
  return `notification-target:${targetId}:${which}`;
}

const common = { name: z.string().trim().min(1).max(100), enabled: z.boolean().default(true), minSeverity: z.enum(SEVERITIES).default("info") };

/** A webhook target: URL (http or https), HMAC secret (blank = keep), Slack-compatible body. */
export const webhookTargetSchema = z.strictObject({
  kind: z.literal("webhook"),
  ...common,
  url: z.url({ protocol: /^https?$/, error: "an http:// or https:// URL" }).max(2000),
  secret: z.string().max(200).default(""),
  /** Drops the stored secret (messages are then sent unsigned); a `secret` given at the same time is refused. */
  removeSecret: z.boolean().default(false),
  slack: z.boolean().default(false),
});

/** An e-mail target: SMTP server (465 = TLS from the start; STARTTLS required when set), login, from and recipients. */
export const emailTargetSchema = z.strictObject({
  kind: z.literal("email"),
  ...common,
  smtpHost: z.string().trim().min(1).max(253),
  smtpPort: z.number().int().min(1).max(65535).default(587),
  smtpStartTls: z.boolean().default(true),
  smtpUser: z.string().max(200).default(""),
  smtpPassword: z.string().max(200).default(""),
  mailFrom: z.email(),
  mailTo: z
    .string()
    .max(2000)
    .refine((v) => v.split(",").every((a) => z.email().safeParse(a.trim()).success), "comma-separated e-mail addresses")
    .transform((v) =>
      v
        .split(",")
        .map((a) => a.trim())
        .join(", "),
    ),
});

/** A target as an admin enters it. Secrets: blank on update = keep. */
export const targetInputSchema = z.discriminatedUnion("kind", [webhookTargetSchema, emailTargetSchema]);
export type TargetInput = z.input<typeof targetInputSchema>;

function columns(id: string, t: z.output<typeof targetInputSchema>, secretKey?: string) {
  const base = { name: t.name, kind: t.kind, enabled: t.enabled, minSeverity: t.minSeverity };
  if (t.kind === "webhook") {
    if (t.removeSecret && t.secret !== "") throw new AlertInputError("Either remove the secret or give a new one", { secret: ["remove or replace, not both"] });
    const secretSealed = t.removeSecret ? null : t.secret === "" ? undefined : seal(t.secret, targetSecretAad(id, "secret"), secretKey);
    return { ...base, url: t.url, slack: t.slack, ...(secretSealed !== undefined ? { secretSealed } : {}) };
  }
  const smtpPasswordSealed = t.smtpPassword === "" ? undefined : seal(t.smtpPassword, targetSecretAad(id, "smtp-password"), secretKey);
  return {
    ...base,
    smtpHost: t.smtpHost,
    smtpPort: t.smtpPort,
    smtpStartTls: t.smtpStartTls,
    smtpUser: t.smtpUser === "" ? null : t.smtpUser,
    mailFrom: t.mailFrom,
    mailTo: t.mailTo,
    ...(smtpPasswordSealed ? { smtpPasswordSealed } : {}),
  };
}

/**
 * A target's columns as the audit log shows them: sealed secrets replaced by whether one is stored (`signed`: an HMAC
 * secret; `smtpCredentialStored`: an SMTP password), under names lib/audit/canonical.ts does not redact.
 */
function auditView(row: Record<string, unknown>): Record<string, unknown> {
  const { secretSealed, smtpPasswordSealed, ...rest } = row;
  return {
    ...rest,
    ...(secretSealed !== undefined ? { signed: Boolean(secretSealed) } : {}),
    ...(smtpPasswordSealed !== undefined ? { smtpCredentialStored: Boolean(smtpPasswordSealed) } : {}),
  };
}

/** A new random webhook secret: 32 bytes from the CSPRNG, base64url (43 characters). */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What the pages show of a webhook secret once it was stored: `sha256:` and the first 16 hex digits of SHA-256 over
 * the secret (UTF-8). A receiver can compute the same to check which secret it holds; the secret cannot be read back.
 */
export function secretFingerprint(secret: string): string {
  return `sha256:${createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 16)}`;
}

/**
 * The fingerprint of a target's stored HMAC secret (unsealed here, on the server; never returned).
 * @returns null when the target has no secret
 * @throws Error when the sealed value does not open (another SECRET_KEY)
 */
export function storedSecretFingerprint(target: { id: string; secretSealed: string | null }, secretKey?: string): string | null {
  return target.secretSealed ? secretFingerprint(unseal(target.secretSealed, targetSecretAad(target.id, "secret"), secretKey)) : null;
}

/**
 * Creates a target. Audit `alert.target.create` (secrets redacted).
 * @returns its id
 * @throws AlertInputError when the name is taken; ZodError on invalid input
 */
export async function createNotificationTarget(db: Db, actor: AuditActor | null, input: TargetInput, secretKey?: string): Promise<string> {
  const t = targetInputSchema.parse(input);
  const id = randomUUID();
  return writeTransaction(db, async (tx) => {
    if (await tx.notificationTarget.findUnique({ where: { name: t.name }, select: { id: true } }))
      throw new AlertInputError("A target with this name exists", { name: ["taken"] });
    const data = columns(id, t, secretKey);
    await tx.notificationTarget.create({ data: { id, ...data } });
    await appendAuditEventInTx(tx, actor, { action: "alert.target.create", entityType: "notificationTarget", entityId: id, after: auditView(data) });
    return id;
  });
}

/**
 * Replaces a target's settings (a blank secret or SMTP password keeps the stored one; `removeSecret` drops the HMAC
 * secret). The kind may change (a webhook becoming an e-mail target keeps no URL use). Audit `alert.target.update`.
 * A refusal changes nothing.
 * @throws AlertInputError when it does not exist, the new name is taken, or a secret is both removed and given;
 *   ZodError on invalid input
 */
export async function updateNotificationTarget(db: Db, actor: AuditActor | null, id: string, input: TargetInput, secretKey?: string): Promise<void> {
  const t = targetInputSchema.parse(input);
  await writeTransaction(db, async (tx) => {
    const before = await tx.notificationTarget.findUnique({ where: { id } });
    if (!before) throw new AlertInputError("No such notification target");
    const clash = await tx.notificationTarget.findUnique({ where: { name: t.name }, select: { id: true } });
    if (clash && clash.id !== id) throw new AlertInputError("A target with this name exists", { name: ["taken"] });
    const data = columns(id, t, secretKey);
    await tx.notificationTarget.update({ where: { id }, data });
    await appendAuditEventInTx(tx, actor, {
      action: "alert.target.update",
      entityType: "notificationTarget",
      entityId: id,
      before: auditView(before),
      after: auditView(data),
    });
  });
}

/**
 * Deletes a target and its queued messages. Audit `alert.target.delete`.
 * @throws AlertInputError when it does not exist
 */
export async function deleteNotificationTarget(db: Db, actor: AuditActor | null, id: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const before = await tx.notificationTarget.findUnique({ where: { id } });
    if (!before) throw new AlertInputError("No such notification target");
    await tx.notificationTarget.delete({ where: { id } });
    await appendAuditEventInTx(tx, actor, { action: "alert.target.delete", entityType: "notificationTarget", entityId: id, before: auditView(before) });
  });
}

/**
 * Enables or disables a target (a disabled target gets no new messages, and queued ones are dropped unsent). Audit
 * `alert.target.update` with the `enabled` flag before and after.
 * @throws AlertInputError when it does not exist
 */
export async function setNotificationTargetEnabled(db: Db, actor: AuditActor | null, id: string, enabled: boolean): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const before = await tx.notificationTarget.findUnique({ where: { id }, select: { enabled: true } });
    if (!before) throw new AlertInputError("No such notification target");
    await tx.notificationTarget.update({ where: { id }, data: { enabled } });
    await appendAuditEventInTx(tx, actor, { action: "alert.target.update", entityType: "notificationTarget", entityId: id, before, after: { enabled } });
  });
}

/** The group key of a target's test messages (AlertNotification.groupKey; event `test`, no alerts). */
export function testGroupKey(targetId: string): string {
  return `test|${targetId}`;
}

/**
 * Queues a test message to an enabled target (AlertNotification, event `test`, no alerts, due now): the worker's
 * dispatch (lib/alerts/notify/dispatch.ts) sends it like any message, signed, retried with backoff on failure. Audit
 * `alert.target.test`.
 * @returns the queued notification's id
 * @throws AlertInputError when the target does not exist or is disabled
 */
export async function queueTestNotification(db: Db, actor: AuditActor | null, targetId: string, now = new Date()): Promise<string> {
  return writeTransaction(db, async (tx) => {
    const target = await tx.notificationTarget.findUnique({ where: { id: targetId }, select: { enabled: true } });
    if (!target) throw new AlertInputError("No such notification target");
    if (!target.enabled) throw new AlertInputError("The target is disabled: enable it to send a test");
    const row = await tx.alertNotification.create({
      data: { targetId, event: "test", groupKey: testGroupKey(targetId), alertIds: "[]", nextAttemptAt: now },
      select: { id: true },
    });
    await appendAuditEventInTx(tx, actor, {
      action: "alert.target.test",
      entityType: "notificationTarget",
      entityId: targetId,
      after: { notificationId: row.id },
    });
    return row.id;
  });
}
