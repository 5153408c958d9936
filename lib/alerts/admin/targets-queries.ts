import "server-only";
import type { Db } from "../../db-client";
import { clampPage } from "../../pagination";
import { storedSecretFingerprint } from "../notify/targets";

/**
 * Reads of the notification target pages (Db-parameterised; lib/alerts/admin-server.ts binds them to the session).
 * Never a secret: the HMAC secret only as its fingerprint, the SMTP password only as whether one is stored.
 */

/** One target in the list. */
export type TargetRow = {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  minSeverity: string;
  /** The webhook URL, or `<smtp host>:<port> → <recipients>`. */
  destination: string;
  slack: boolean;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  /** Messages waiting for their first or a further attempt. */
  queued: number;
};

/** Every target by name. */
export async function listTargets(db: Db): Promise<TargetRow[]> {
  const [targets, queued] = await Promise.all([
    db.notificationTarget.findMany({ orderBy: { name: "asc" } }),
    db.alertNotification.groupBy({ by: ["targetId"], where: { status: "pending" }, _count: { _all: true } }),
  ]);
  return targets.map((t) => ({
    id: t.id,
    name: t.name,
    kind: t.kind,
    enabled: t.enabled,
    minSeverity: t.minSeverity,
    destination: t.kind === "email" ? `${t.smtpHost ?? ""}:${t.smtpPort ?? 587} → ${t.mailTo ?? ""}` : (t.url ?? ""),
    slack: t.slack,
    lastSuccessAt: t.lastSuccessAt,
    lastErrorAt: t.lastErrorAt,
    lastError: t.lastError,
    queued: queued.find((q) => q.targetId === t.id)?._count._all ?? 0,
  }));
}

/** A target as its page shows and edits it (secrets replaced by a fingerprint / a flag). */
export type TargetDetail = {
  id: string;
  name: string;
  kind: "webhook" | "email";
  enabled: boolean;
  minSeverity: string;
  url: string;
  slack: boolean;
  /** `sha256:<16 hex>` of the HMAC secret, null without one, "(unreadable)" when it was sealed with another SECRET_KEY. */
  secretFingerprint: string | null;
  smtpHost: string;
  smtpPort: number;
  smtpStartTls: boolean;
  smtpUser: string;
  hasSmtpPassword: boolean;
  mailFrom: string;
  mailTo: string;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
};

/** One target, or null when it does not exist. @param secretKey SECRET_KEY override (tests) */
export async function getTargetDetail(db: Db, id: string, secretKey?: string): Promise<TargetDetail | null> {
  const t = await db.notificationTarget.findUnique({ where: { id } });
  if (!t) return null;
  let secretFingerprint: string | null;
  try {
    secretFingerprint = storedSecretFingerprint(t, secretKey);
  } catch {
    secretFingerprint = "(unreadable)";
  }
  return {
    id: t.id,
    name: t.name,
    kind: t.kind === "email" ? "email" : "webhook",
    enabled: t.enabled,
    minSeverity: t.minSeverity,
    url: t.url ?? "",
    slack: t.slack,
    secretFingerprint,
    smtpHost: t.smtpHost ?? "",
    smtpPort: t.smtpPort ?? 587,
    smtpStartTls: t.smtpStartTls,
    smtpUser: t.smtpUser ?? "",
    hasSmtpPassword: t.smtpPasswordSealed !== null,
    mailFrom: t.mailFrom ?? "",
    mailTo: t.mailTo ?? "",
    lastSuccessAt: t.lastSuccessAt,
    lastErrorAt: t.lastErrorAt,
    lastError: t.lastError,
  };
}

/** Rows per page of a target's notifications. */
export const NOTIFICATIONS_PAGE_SIZE = 25;

/** One queued or sent message of a target (AlertNotification). */
export type NotificationRow = {
  id: string;
  event: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** Alerts in the message (0 for a test). */
  alertCount: number;
};

/** A page of a target's messages, newest first. */
export async function listTargetNotifications(
  db: Db,
  targetId: string,
  requestedPage: number | undefined,
): Promise<{ rows: NotificationRow[]; page: number; pageCount: number; total: number; pageSize: number }> {
  const where = { targetId };
  const total = await db.alertNotification.count({ where });
  const { page, pageCount } = clampPage(requestedPage, total, NOTIFICATIONS_PAGE_SIZE);
  const rows = await db.alertNotification.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * NOTIFICATIONS_PAGE_SIZE,
    take: NOTIFICATIONS_PAGE_SIZE,
    select: { id: true, event: true, status: true, attempts: true, nextAttemptAt: true, lastError: true, createdAt: true, sentAt: true, alertIds: true },
  });
  return {
    rows: rows.map(({ alertIds, ...n }) => ({ ...n, alertCount: (JSON.parse(alertIds) as unknown[]).length })),
    page,
    pageCount,
    total,
    pageSize: NOTIFICATIONS_PAGE_SIZE,
  };
}

/** One message's state after a send attempt (the "Send test" result). */
export async function getNotification(
  db: Db,
  id: string,
): Promise<Pick<NotificationRow, "status" | "attempts" | "lastError" | "nextAttemptAt" | "sentAt"> | null> {
  return db.alertNotification.findUnique({ where: { id }, select: { status: true, attempts: true, lastError: true, nextAttemptAt: true, sentAt: true } });
}
