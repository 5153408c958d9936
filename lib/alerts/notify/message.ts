import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../../db-client";
import { buildTestMessage } from "../admin/test-message";
import type { NotifyEvent } from "./queue";

/**
 * The content of one notification (docs/monitoring.md "Payloads"): the JSON body webhooks receive, the Slack text
 * and the e-mail subject and text, built from the alerts' current rows when the message is sent.
 */

/** One alert in a message. Times ISO 8601 UTC; `values` as the rule compared them (units in lib/alerts/rule-types.ts). */
export type MessageAlert = {
  id: string;
  state: string;
  device: { id: string; name: string } | null;
  /** Interface name or MAC address; "" for the device itself. */
  subject: string;
  values: Record<string, unknown>;
  firstSeenAt: string;
  firedAt: string | null;
  resolvedAt: string | null;
  acknowledged: boolean;
  link: string;
};

/** The webhook JSON body (version 1). */
export type AlertMessage = {
  version: 1;
  event: NotifyEvent;
  rule: { id: string; name: string; type: string; severity: string };
  site: { id: string; name: string } | null;
  count: number;
  alerts: MessageAlert[];
  /** One line: `[FIRING] <rule> at <site>: <n> (<devices>)`. */
  summary: string;
  link: string;
  sentAt: string;
};

const EVENT_WORD: Record<NotifyEvent, string> = { fire: "FIRING", resolve: "RESOLVED", repeat: "STILL FIRING", test: "TEST" };

/**
 * Builds the message of a queued notification from its alerts (those deleted since are left out).
 * @param baseUrl the app's public URL (NEXTAUTH_URL), for the links
 * @returns null when none of its alerts exists any more
 */
export async function buildMessage(db: Db, n: { event: string; alertIds: string }, baseUrl: string, now: Date): Promise<AlertMessage | null> {
  if (n.event === "test") return buildTestMessage(baseUrl, now);
  const ids = JSON.parse(n.alertIds) as string[];
  const rows = await db.alert.findMany({
    where: { id: { in: ids } },
    include: {
      rule: { select: { id: true, name: true, type: true, severity: true } },
      device: { select: { id: true, name: true, site: { select: { id: true, name: true } } } },
    },
    orderBy: { objectKey: "asc" },
  });
  const first = rows[0];
  if (!first) return null;
  const base = baseUrl.replace(/\/+$/, "");
  const event = n.event as NotifyEvent;
  const alerts: MessageAlert[] = rows.map((a) => ({
    id: a.id,
    state: a.state,
    device: a.device ? { id: a.device.id, name: a.device.name } : null,
    subject: a.subject,
    values: JSON.parse(a.values) as Record<string, unknown>,
    firstSeenAt: a.firstSeenAt.toISOString(),
    firedAt: a.firedAt?.toISOString() ?? null,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    acknowledged: a.acknowledgedAt !== null,
    link: `${base}/alerts?alert=${encodeURIComponent(a.id)}`,
  }));
  const site = first.device?.site ?? null;
  const names = alerts.map((a) => [a.device?.name, a.subject].filter((x) => x).join(" "));
  const shown = names.slice(0, 20).join(", ") + (names.length > 20 ? `, … ${names.length - 20} more` : "");
  const summary = `[${EVENT_WORD[event]}] ${first.rule.name}${site ? ` at ${site.name}` : ""}: ${alerts.length} (${shown})`;
  return {
    version: 1,
    event,
    rule: first.rule,
    site,
    count: alerts.length,
    alerts,
    summary,
    link: `${base}/alerts?rule=${encodeURIComponent(first.rule.id)}`,
    sentAt: now.toISOString(),
  };
}

/** Slack incoming-webhook body: `text` (mrkdwn) with one line per alert. */
export function slackBody(m: AlertMessage): { text: string } {
  const lines = m.alerts.map((a) => `• <${a.link}|${[a.device?.name, a.subject].filter((x) => x).join(" ")}> ${JSON.stringify(a.values)}`);
  return { text: [`*${m.summary}*`, ...lines].join("\n") };
}

/** E-mail subject and plain-text body. */
export function emailContent(m: AlertMessage): { subject: string; text: string } {
  const lines = m.alerts.map((a) => `- ${[a.device?.name, a.subject].filter((x) => x).join(" ")}: ${a.state} ${JSON.stringify(a.values)}\n  ${a.link}`);
  return { subject: m.summary.length > 180 ? `${m.summary.slice(0, 177)}...` : m.summary, text: [m.summary, "", ...lines, "", m.link].join("\n") };
}

/** Header carrying the Unix time (seconds) the signature covers. */
export const TIMESTAMP_HEADER = "x-noc-timestamp";
/** Header carrying `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export const SIGNATURE_HEADER = "x-noc-signature";

/** The signature header value for a body sent at `timestampSec` (Unix seconds). */
export function signBody(secret: string, timestampSec: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestampSec}.${body}`).digest("hex")}`;
}

/**
 * Checks a received webhook (what a receiver does, docs/monitoring.md "Verifying"): the signature matches the
 * timestamp and the raw body, and the timestamp is within `toleranceSec` of `nowSec` (replay window).
 */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string, nowSec: number, toleranceSec = 300): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSec - ts) > toleranceSec) return false;
  const expected = Buffer.from(signBody(secret, ts, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
