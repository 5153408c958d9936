import "server-only";
import nodemailer from "nodemailer";
import { unseal } from "../../crypto/seal";
import type { Db } from "../../db-client";
import { writeTransaction } from "../../db-transaction";
import type { NotificationTarget } from "../../generated/prisma/client";
import { buildMessage, emailContent, signBody, SIGNATURE_HEADER, slackBody, TIMESTAMP_HEADER, type AlertMessage } from "./message";
import { targetSecretAad } from "./targets";

/**
 * Sends the queued notifications that are due (AlertNotification, lib/alerts/notify/queue.ts): a webhook POST signed
 * with HMAC-SHA256, or an e-mail over SMTP (nodemailer). A failure is retried with exponential backoff (base × 2^(n−1),
 * capped) up to `maxAttempts`, then the message is `failed`; the target keeps its last error and last success.
 */

/** Options of {@link deliverDueNotifications}. */
export type DeliverOptions = {
  now?: Date;
  /** The app's public URL for links (NEXTAUTH_URL). */
  baseUrl: string;
  /** SECRET_KEY override (base64) to open target secrets. */
  secretKey?: string;
  /** Attempts in all before a message is `failed` (default 8). */
  maxAttempts?: number;
  /** First retry delay, ms (default 5000); doubled per attempt. */
  baseBackoffMs?: number;
  /** Longest retry delay, ms (default 10 min). */
  maxBackoffMs?: number;
  /** Per-send limit, ms (default 10000). */
  timeoutMs?: number;
  /** Messages taken per call, oldest due first (default 50). */
  limit?: number;
  /** Only these AlertNotification ids (an admin's "Send test"); default all that are due. */
  ids?: string[];
};

/** How long a message being sent stays claimed by the worker sending it, beyond the send timeout (ms). */
const CLAIM_MS = 60_000;

/** What one call did. */
export type DeliverSummary = { sent: number; retrying: number; failed: number };

/** Retry delay after attempt `attempts` (1 = the first failed): base × 2^(attempts−1), at most max. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** POSTs the message to a webhook target; the signature covers `<timestamp>.<body>`. @throws Error on a non-2xx answer or a network error */
async function sendWebhook(target: NotificationTarget, m: AlertMessage, now: Date, timeoutMs: number, secretKey?: string): Promise<void> {
  if (!target.url) throw new Error("webhook target has no URL");
  const body = JSON.stringify(target.slack ? slackBody(m) : m);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "routeros-noc-alerts/1" };
  if (target.secretSealed) {
    const ts = Math.floor(now.getTime() / 1000);
    headers[TIMESTAMP_HEADER] = String(ts);
    headers[SIGNATURE_HEADER] = signBody(unseal(target.secretSealed, targetSecretAad(target.id, "secret"), secretKey), ts, body);
  }
  const res = await fetch(target.url, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText} ${(await res.text()).slice(0, 200)}`.trim());
}

/** Sends the message by SMTP. @throws nodemailer's error (connection, STARTTLS, authentication, refused recipient) */
async function sendEmail(target: NotificationTarget, m: AlertMessage, timeoutMs: number, secretKey?: string): Promise<void> {
  if (!target.smtpHost || !target.mailFrom || !target.mailTo) throw new Error("e-mail target lacks host, from or to");
  const port = target.smtpPort ?? 587;
  const pass = target.smtpPasswordSealed ? unseal(target.smtpPasswordSealed, targetSecretAad(target.id, "smtp-password"), secretKey) : undefined;
  const transport = nodemailer.createTransport({
    host: target.smtpHost,
    port,
    secure: port === 465,
    requireTLS: target.smtpStartTls && port !== 465,
    ignoreTLS: !target.smtpStartTls && port !== 465,
    auth: target.smtpUser ? { user: target.smtpUser, pass } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const { subject, text } = emailContent(m);
    await transport.sendMail({ from: target.mailFrom, to: target.mailTo, subject, text });
  } finally {
    transport.close();
  }
}

/**
 * Sends every due pending notification once (oldest first, at most `limit`), then records the outcome: `sent`, or
 * the error with the next attempt time (or `failed` after maxAttempts) on the message and on its target.
 * @returns counts of sent, rescheduled and given-up messages
 * @throws the database error of a read or a write
 */
export async function deliverDueNotifications(db: Db, opts: DeliverOptions): Promise<DeliverSummary> {
  const now = opts.now ?? new Date();
  const maxAttempts = opts.maxAttempts ?? 8;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const due = await db.alertNotification.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, ...(opts.ids ? { id: { in: opts.ids } } : {}) },
    include: { target: true },
    orderBy: { nextAttemptAt: "asc" },
    take: opts.limit ?? 50,
  });
  const summary: DeliverSummary = { sent: 0, retrying: 0, failed: 0 };
  for (const n of due) {
    // Claimed first (another worker may have read the same row): the next attempt moves CLAIM_MS ahead, so a worker
    // that dies while sending leaves the message due again, not lost.
    const claimed = await writeTransaction(db, (tx) =>
      tx.alertNotification.updateMany({
        where: { id: n.id, status: "pending", attempts: n.attempts, nextAttemptAt: n.nextAttemptAt },
        data: { nextAttemptAt: new Date(Date.now() + CLAIM_MS + timeoutMs) },
      }),
    );
    if (claimed.count === 0) continue;
    let error: string | null = null;
    try {
      const message = await buildMessage(db, n, opts.baseUrl, now);
      if (message && n.target.enabled) {
        if (n.target.kind === "email") await sendEmail(n.target, message, timeoutMs, opts.secretKey);
        else await sendWebhook(n.target, message, now, timeoutMs, opts.secretKey);
      }
    } catch (err) {
      error = (err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ""}` : String(err)).slice(0, 500);
    }
    const attempts = n.attempts + 1;
    const done = new Date();
    await writeTransaction(db, async (tx) => {
      if (error === null) {
        await tx.alertNotification.update({ where: { id: n.id }, data: { status: "sent", attempts, sentAt: done, lastError: null } });
        await tx.notificationTarget.update({ where: { id: n.targetId }, data: { lastSuccessAt: done } });
        return;
      }
      const giveUp = attempts >= maxAttempts;
      const nextAttemptAt = new Date(done.getTime() + backoffMs(attempts, opts.baseBackoffMs ?? 5_000, opts.maxBackoffMs ?? 600_000));
      await tx.alertNotification.update({ where: { id: n.id }, data: { status: giveUp ? "failed" : "pending", attempts, lastError: error, nextAttemptAt } });
      await tx.notificationTarget.update({ where: { id: n.targetId }, data: { lastError: error, lastErrorAt: done } });
    });
    if (error === null) summary.sent++;
    else if (attempts >= maxAttempts) summary.failed++;
    else summary.retrying++;
  }
  return summary;
}
