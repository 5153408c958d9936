import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appendAuditEventInTx, type AuditActor } from "../../audit/log";
import { seal } from "../../crypto/seal";
import type { Db } from "../../db-client";
import { writeTransaction } from "../../db-transaction";
import { SEVERITIES } from "../rule-types";
import { AlertInputError } from "../service";

/**
 * Notification targets (admins): a webhook (URL, HMAC secret, Slack-compatible body) or SMTP e-mail (host, port,
 * STARTTLS, user, password, from, to). The HMAC secret and the SMTP password are sealed (lib/crypto/seal.ts) bound to
 * the target's id; a blank secret on update keeps the stored one.
 */

/** The associated data a target's secret is sealed with (`secret` or `smtp-password`). */
export function targetSecretAad(targetId: string, which: "secret" | "smtp-password"): string {
  return `notification-target:${targetId}:${which}`;
}

const common = { name: z.string().trim().min(1).max(100), enabled: z.boolean().default(true), minSeverity: z.enum(SEVERITIES).default("info") };

/** A target as an admin enters it. Secrets: blank on update = keep. */
export const targetInputSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("webhook"),
    ...common,
    url: z.url({ protocol: /^https?$/ }).max(2000),
    secret: z.string().max(200).default(""),
    slack: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal("email"),
    ...common,
    smtpHost: z.string().trim().min(1).max(253),
    smtpPort: z.number().int().min(1).max(65535).default(587),
    smtpStartTls: z.boolean().default(true),
    smtpUser: z.string().max(200).default(""),
    smtpPassword: z.string().max(200).default(""),
    mailFrom: z.email(),
    mailTo: z.string().refine((v) => v.split(",").every((a) => z.email().safeParse(a.trim()).success), "comma-separated e-mail addresses"),
  }),
]);
export type TargetInput = z.input<typeof targetInputSchema>;

function columns(id: string, t: z.output<typeof targetInputSchema>, secretKey?: string) {
  const base = { name: t.name, kind: t.kind, enabled: t.enabled, minSeverity: t.minSeverity };
  if (t.kind === "webhook") {
    const secretSealed = t.secret === "" ? undefined : seal(t.secret, targetSecretAad(id, "secret"), secretKey);
    return { ...base, url: t.url, slack: t.slack, ...(secretSealed ? { secretSealed } : {}) };
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
    await appendAuditEventInTx(tx, actor, { action: "alert.target.create", entityType: "notificationTarget", entityId: id, after: data });
    return id;
  });
}

/**
 * Replaces a target's settings (a blank secret keeps the stored one). Audit `alert.target.update`.
 * @throws AlertInputError when it does not exist or the new name is taken
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
    await appendAuditEventInTx(tx, actor, { action: "alert.target.update", entityType: "notificationTarget", entityId: id, before, after: data });
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
    await appendAuditEventInTx(tx, actor, { action: "alert.target.delete", entityType: "notificationTarget", entityId: id, before });
  });
}
