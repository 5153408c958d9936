import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateKey } from "../../crypto/seal";
import { at } from "../../testing/at";
import { createTestDb, type TestDb } from "../../testing/test-db";
import { evaluateAlerts } from "../evaluate";
import { ensureBuiltInRules } from "../service";
import { backoffMs, deliverDueNotifications } from "./dispatch";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type AlertMessage } from "./message";
import { createNotificationTarget, updateNotificationTarget } from "./targets";
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from "./test-receivers";

/**
 * Notifications end to end on a real database, a real webhook receiver (node:http) and a real SMTP server (smtp-server,
 * parsed with mailparser) in this process: signature, grouping (one message for a site going dark), Slack body,
 * e-mail with authentication, retries with backoff and the last error on the target, the resolve message.
 */

const secretKey = generateKey();
const HMAC_SECRET = "whsec-test-0123456789";
let t: TestDb;
let hook: WebhookReceiver;
let smtp: SmtpReceiver;
const T0 = Date.parse("2026-12-01T10:00:00Z");
const at0 = (sec: number) => new Date(T0 + sec * 1000);
let targets: { hook: string; slack: string; mail: string };

async function pollAll(sec: number, status: "up" | "down"): Promise<void> {
  await t.db.device.updateMany({ data: { status, lastPollAt: at0(sec), ...(status === "up" ? { lastOkAt: at0(sec) } : {}) } });
}

const deliver = (sec: number) => deliverDueNotifications(t.db, { now: at0(sec), baseUrl: "https://noc.example.test/", secretKey, timeoutMs: 5_000 });

beforeAll(async () => {
  [t, hook, smtp] = await Promise.all([createTestDb(), startWebhookReceiver(), startSmtpReceiver()]);
  await t.db.site.createMany({ data: [{ id: "paris", name: "Paris" }] });
  for (const id of ["r1", "r2"]) {
    await t.db.device.create({
      data: { id, name: `edge-${id}`, siteId: "paris", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x", status: "up" },
    });
  }
  await ensureBuiltInRules(t.db);
  targets = {
    hook: await createNotificationTarget(t.db, null, { kind: "webhook", name: "noc-hook", url: `${hook.url}/alerts`, secret: HMAC_SECRET }, secretKey),
    slack: await createNotificationTarget(
      t.db,
      null,
      { kind: "webhook", name: "slack", url: `${hook.url}/slack`, slack: true, minSeverity: "critical" },
      secretKey,
    ),
    mail: await createNotificationTarget(
      t.db,
      null,
      {
        kind: "email",
        name: "noc-mail",
        smtpHost: smtp.host,
        smtpPort: smtp.port,
        smtpStartTls: false,
        smtpUser: smtp.user,
        smtpPassword: smtp.password,
        mailFrom: "noc@example.test",
        mailTo: "oncall@example.test",
      },
      secretKey,
    ),
  };
});

afterAll(async () => {
  await Promise.all([t?.cleanup(), hook?.close(), smtp?.close()]);
});

beforeEach(async () => {
  await t.db.alertNotification.deleteMany();
  await t.db.alert.deleteMany();
  hook.requests.length = 0;
  smtp.mails.length = 0;
  await pollAll(0, "up");
});

describe("notifications", () => {
  it("a site going dark: one signed webhook message, one Slack text and one e-mail listing both routers; then the resolve message", async () => {
    await pollAll(10, "down");
    await evaluateAlerts(t.db, { now: at0(10) });
    await pollAll(20, "down");
    expect(await evaluateAlerts(t.db, { now: at0(20) })).toMatchObject({ fired: 2, notifications: 3 });
    expect(await deliver(20)).toEqual({ sent: 3, retrying: 0, failed: 0 });

    const signed = at(
      hook.requests.filter((r) => r.path === "/alerts"),
      0,
    );
    expect(hook.requests.filter((r) => r.path === "/alerts")).toHaveLength(1);
    const ts = String(signed.headers[TIMESTAMP_HEADER]);
    expect(ts).toBe(String(T0 / 1000 + 20));
    expect(verifySignature(HMAC_SECRET, ts, signed.body, String(signed.headers[SIGNATURE_HEADER]), T0 / 1000 + 30)).toBe(true);
    expect(verifySignature("wrong-secret", ts, signed.body, String(signed.headers[SIGNATURE_HEADER]), T0 / 1000 + 30)).toBe(false);
    expect(verifySignature(HMAC_SECRET, ts, `${signed.body} `, String(signed.headers[SIGNATURE_HEADER]), T0 / 1000 + 30)).toBe(false);
    expect(verifySignature(HMAC_SECRET, ts, signed.body, String(signed.headers[SIGNATURE_HEADER]), T0 / 1000 + 3600)).toBe(false);
    const message = JSON.parse(signed.body) as AlertMessage;
    expect(message).toMatchObject({
      version: 1,
      event: "fire",
      count: 2,
      site: { id: "paris", name: "Paris" },
      rule: { type: "device-down", severity: "critical" },
    });
    expect(message.alerts.map((a) => a.device?.name)).toEqual(["edge-r1", "edge-r2"]);
    expect(at(message.alerts, 0).link).toMatch(/^https:\/\/noc\.example\.test\/alerts\?alert=/);

    const slack = at(
      hook.requests.filter((r) => r.path === "/slack"),
      0,
    );
    expect(slack.headers[SIGNATURE_HEADER]).toBeUndefined();
    const text = (JSON.parse(slack.body) as { text: string }).text;
    expect(text).toMatch(/^\*\[FIRING\] Device down or unauthorized at Paris: 2/);
    expect(text.split("\n")).toHaveLength(3);

    expect(smtp.mails).toHaveLength(1);
    const mail = at(smtp.mails, 0);
    expect(mail.subject).toBe("[FIRING] Device down or unauthorized at Paris: 2 (edge-r1, edge-r2)");
    expect(mail.text).toContain("edge-r2: firing");
    expect(mail.from?.text).toBe("noc@example.test");

    await pollAll(30, "up");
    expect(await evaluateAlerts(t.db, { now: at0(30) })).toMatchObject({ resolved: 2, notifications: 3 });
    expect(await deliver(30)).toMatchObject({ sent: 3 });
    const resolved = JSON.parse(
      at(
        hook.requests.filter((r) => r.path === "/alerts"),
        1,
      ).body,
    ) as AlertMessage;
    expect(resolved).toMatchObject({ event: "resolve", count: 2 });
    expect(resolved.alerts.map((a) => a.state)).toEqual(["resolved", "resolved"]);
    expect(at(smtp.mails, 1).subject).toMatch(/^\[RESOLVED\]/);
    expect(await t.db.notificationTarget.findUniqueOrThrow({ where: { id: targets.hook } })).toMatchObject({
      lastSuccessAt: expect.any(Date),
      lastError: null,
    });
  });

  it("retries a failed webhook with exponential backoff and shows the last error on the target", async () => {
    await t.db.notificationTarget.updateMany({ where: { id: { not: targets.hook } }, data: { enabled: false } });
    try {
      await pollAll(10, "down");
      await evaluateAlerts(t.db, { now: at0(10) });
      await pollAll(20, "down");
      await evaluateAlerts(t.db, { now: at0(20) });
      hook.failNext(500, 503);
      expect(await deliver(20)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      const target = await t.db.notificationTarget.findUniqueOrThrow({ where: { id: targets.hook } });
      expect(target.lastError).toMatch(/^HTTP 500 .*receiver says no/);
      const queued = await t.db.alertNotification.findFirstOrThrow({ where: { targetId: targets.hook } });
      expect(queued).toMatchObject({ status: "pending", attempts: 1 });
      expect(queued.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(3_000);
      expect(await deliverDueNotifications(t.db, { baseUrl: "https://noc.example.test", secretKey })).toEqual({ sent: 0, retrying: 0, failed: 0 });
      const later = new Date(queued.nextAttemptAt.getTime() + 1);
      expect(await deliverDueNotifications(t.db, { now: later, baseUrl: "https://noc.example.test", secretKey })).toEqual({ sent: 0, retrying: 1, failed: 0 });
      const second = await t.db.alertNotification.findFirstOrThrow({ where: { targetId: targets.hook } });
      expect(second.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(8_000);
      expect(await deliverDueNotifications(t.db, { now: new Date(second.nextAttemptAt.getTime() + 1), baseUrl: "https://x.test", secretKey })).toMatchObject({
        sent: 1,
      });
      expect(await t.db.alertNotification.findFirstOrThrow({ where: { targetId: targets.hook } })).toMatchObject({
        status: "sent",
        attempts: 3,
        lastError: null,
      });
      expect(hook.requests).toHaveLength(3);
      expect(new Set(hook.requests.map((r) => (JSON.parse(r.body) as AlertMessage).count))).toEqual(new Set([2]));
      expect(backoffMs(1, 5_000, 600_000)).toBe(5_000);
      expect(backoffMs(3, 5_000, 600_000)).toBe(20_000);
      expect(backoffMs(20, 5_000, 600_000)).toBe(600_000);
    } finally {
      await t.db.notificationTarget.updateMany({ data: { enabled: true } });
    }
  });

  it("gives up after the last attempt; an e-mail target that requires STARTTLS refuses a server without it", async () => {
    await updateNotificationTarget(
      t.db,
      null,
      targets.mail,
      {
        kind: "email",
        name: "noc-mail",
        smtpHost: smtp.host,
        smtpPort: smtp.port,
        smtpStartTls: true,
        smtpUser: smtp.user,
        mailFrom: "noc@example.test",
        mailTo: "oncall@example.test",
      },
      secretKey,
    );
    await t.db.notificationTarget.updateMany({ where: { id: { not: targets.mail } }, data: { enabled: false } });
    try {
      await pollAll(10, "down");
      await evaluateAlerts(t.db, { now: at0(10) });
      await pollAll(20, "down");
      await evaluateAlerts(t.db, { now: at0(20) });
      expect(await deliverDueNotifications(t.db, { now: at0(20), baseUrl: "https://x.test", secretKey, maxAttempts: 1 })).toEqual({
        sent: 0,
        retrying: 0,
        failed: 1,
      });
      expect(smtp.mails).toHaveLength(0);
      expect((await t.db.notificationTarget.findUniqueOrThrow({ where: { id: targets.mail } })).lastError).toMatch(/STARTTLS/i);
      expect(await t.db.alertNotification.findFirstOrThrow({ where: { targetId: targets.mail } })).toMatchObject({ status: "failed", attempts: 1 });
    } finally {
      await t.db.notificationTarget.updateMany({ data: { enabled: true } });
    }
  });
});
