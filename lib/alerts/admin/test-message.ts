import "server-only";
import type { AlertMessage } from "../notify/message";

/**
 * The body of a "Send test" message (AlertNotification event `test`, lib/alerts/notify/targets.ts
 * queueTestNotification): the webhook JSON of docs/monitoring.md with no alerts, rule type `test`, so a receiver can
 * check the signature and its parsing without an alert firing.
 * @param baseUrl the app's public URL (NEXTAUTH_URL)
 * @param now the send time (UTC)
 */
export function buildTestMessage(baseUrl: string, now: Date): AlertMessage {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    version: 1,
    event: "test",
    rule: { id: "", name: "Test message", type: "test", severity: "info" },
    site: null,
    count: 0,
    alerts: [],
    summary: "[TEST] Test message from routeros-noc: this notification target works",
    link: `${base}/alerts/targets`,
    sentAt: now.toISOString(),
  };
}
