import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { generateKey } from "../../crypto/seal";
import { at } from "../../testing/at";
import { createTestDb, type TestDb } from "../../testing/test-db";
import { deliverDueNotifications } from "../notify/dispatch";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type AlertMessage } from "../notify/message";
import {
  createNotificationTarget,
  deleteNotificationTarget,
  generateWebhookSecret,
  queueTestNotification,
  secretFingerprint,
  setNotificationTargetEnabled,
  updateNotificationTarget,
} from "../notify/targets";
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from "../notify/test-receivers";
import { targetFormSchema } from "./schemas";
import { getTargetDetail, listTargetNotifications, listTargets } from "./targets-queries";

/**
 * Notification targets on a real database with a real webhook receiver and a real SMTP server: create, edit, disable
 * and delete (audited, never a secret in the audit log or in what the pages read), the refusals that write nothing
 * (bad URL, bad recipients), and "Send test" through the real dispatch path (signed, its result on the target).
 */

const secretKey = generateKey();
const admin = { id: "u-admin", email: "admin@noc.local" };
let t: TestDb;
let hook: WebhookReceiver;
let smtp: SmtpReceiver;

beforeAll(async () => {
  [t, hook, smtp] = await Promise.all([createTestDb(), startWebhookReceiver(), startSmtpReceiver()]);
});
afterAll(async () => {
  await Promise.all([t?.cleanup(), hook?.close(), smtp?.close()]);
});

async function snapshot() {
  return { targets: await t.db.notificationTarget.findMany({ orderBy: { id: "asc" } }), audit: await t.db.auditEvent.count() };
}

/** Every audit event's before/after text of a target. */
async function auditText(id: string): Promise<string> {
  const events = await t.db.auditEvent.findMany({ where: { entityId: id } });
  expect(events.length).toBeGreaterThan(0);
  return events.map((e) => `${e.action} ${e.before ?? ""} ${e.after ?? ""}`).join("\n");
}

const deliver = (ids: string[]) => deliverDueNotifications(t.db, { baseUrl: "https://noc.example.test", secretKey, ids, timeoutMs: 5_000 });

describe("notification targets", () => {
  it("keeps secrets out of the audit log and out of what the page reads: a fingerprint and a flag only", async () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const id = await createNotificationTarget(t.db, admin, { kind: "webhook", name: "hook", url: `${hook.url}/noc`, secret }, secretKey);
    const row = await t.db.notificationTarget.findUniqueOrThrow({ where: { id } });
    expect(row.secretSealed).toBeTruthy();
    const detail = await getTargetDetail(t.db, id, secretKey);
    expect(detail).toMatchObject({ kind: "webhook", url: `${hook.url}/noc`, secretFingerprint: secretFingerprint(secret) });
    expect(detail?.secretFingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(JSON.stringify(detail)).not.toContain(secret);
    expect(JSON.stringify(detail)).not.toContain(row.secretSealed ?? "-");

    await updateNotificationTarget(t.db, admin, id, { kind: "webhook", name: "hook", url: `${hook.url}/noc2`, secret: "" }, secretKey);
    expect((await getTargetDetail(t.db, id, secretKey))?.secretFingerprint).toBe(secretFingerprint(secret));
    const audit = await auditText(id);
    expect(audit).toContain('"signed":true');
    expect(audit).not.toContain(secret);
    expect(audit).not.toContain(row.secretSealed ?? "-");

    await updateNotificationTarget(t.db, admin, id, { kind: "webhook", name: "hook", url: `${hook.url}/noc`, removeSecret: true }, secretKey);
    expect((await getTargetDetail(t.db, id, secretKey))?.secretFingerprint).toBeNull();
    expect(await auditText(id)).toContain('"signed":false');
  });

  it("seals the SMTP password, never reads it back, and keeps it when left blank", async () => {
    const mail = { kind: "email" as const, name: "mail", smtpHost: smtp.host, smtpPort: smtp.port, smtpStartTls: false, mailFrom: "noc@example.test" };
    const id = await createNotificationTarget(
      t.db,
      admin,
      { ...mail, smtpUser: smtp.user, smtpPassword: smtp.password, mailTo: "a@example.test ,b@example.test" },
      secretKey,
    );
    const detail = await getTargetDetail(t.db, id, secretKey);
    expect(detail).toMatchObject({ hasSmtpPassword: true, smtpUser: smtp.user, mailTo: "a@example.test, b@example.test" });
    expect(JSON.stringify(detail)).not.toContain(smtp.password);
    await updateNotificationTarget(t.db, admin, id, { ...mail, smtpUser: smtp.user, smtpPassword: "", mailTo: "a@example.test" }, secretKey);
    const sent = await queueTestNotification(t.db, admin, id);
    expect(await deliver([sent])).toEqual({ sent: 1, retrying: 0, failed: 0 });
    await expect.poll(() => smtp.mails.length).toBe(1);
    expect(at(smtp.mails, 0).subject).toMatch(/^\[TEST\]/);
    const audit = await auditText(id);
    expect(audit).toContain('"smtpCredentialStored":true');
    expect(audit).not.toContain(smtp.password);
  });

  it("refuses a bad URL, bad recipients, a short pasted secret and removing while giving a secret, writing nothing", async () => {
    const id = (await listTargets(t.db)).find((x) => x.name === "hook")?.id ?? "";
    const before = await snapshot();
    for (const url of ["ftp://example.test/x", "not a url", "javascript:alert(1)"])
      await expect(createNotificationTarget(t.db, admin, { kind: "webhook", name: "bad", url }, secretKey)).rejects.toThrow(ZodError);
    const mail = { kind: "email" as const, name: "bad-mail", smtpHost: "mx", mailFrom: "noc@example.test" };
    for (const mailTo of ["", "a@example.test,", "a@example.test; b@example.test", "nobody"])
      await expect(createNotificationTarget(t.db, admin, { ...mail, mailTo }, secretKey)).rejects.toThrow(ZodError);
    await expect(createNotificationTarget(t.db, admin, { kind: "webhook", name: "hook", url: "https://example.test" }, secretKey)).rejects.toMatchObject({
      fieldErrors: { name: ["taken"] },
    });
    await expect(
      updateNotificationTarget(
        t.db,
        admin,
        id,
        { kind: "webhook", name: "hook", url: "https://example.test", secret: "x".repeat(20), removeSecret: true },
        secretKey,
      ),
    ).rejects.toMatchObject({ fieldErrors: { secret: [expect.any(String)] } });
    await expect(updateNotificationTarget(t.db, admin, id, { kind: "webhook", name: "hook", url: "gopher://example.test" }, secretKey)).rejects.toThrow(
      ZodError,
    );
    expect(await snapshot()).toEqual(before);

    const form = targetFormSchema.safeParse({ kind: "webhook", name: "x", url: "https://example.test", secretMode: "paste", secret: "short" });
    expect(form.success ? [] : form.error.issues.map((i) => i.path.join("."))).toEqual(["secret"]);
  });

  it("sends a test through the real dispatch: signed, recorded as sent on the target; a failure shows its error and is retried", async () => {
    const secret = generateWebhookSecret();
    const id = await createNotificationTarget(t.db, admin, { kind: "webhook", name: "test-hook", url: `${hook.url}/test`, secret }, secretKey);
    const other = await t.db.alertNotification.create({
      data: { targetId: id, event: "fire", groupKey: "fire|r|s", alertIds: "[]", nextAttemptAt: new Date(Date.now() - 1000) },
    });
    const first = await queueTestNotification(t.db, admin, id);
    expect(await deliver([first])).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await t.db.alertNotification.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ status: "pending", attempts: 0 });
    const received = hook.requests.filter((r) => r.path === "/test");
    expect(received).toHaveLength(1);
    const req = at(received, 0);
    const ts = String(req.headers[TIMESTAMP_HEADER]);
    expect(verifySignature(secret, ts, req.body, String(req.headers[SIGNATURE_HEADER]), Number(ts))).toBe(true);
    expect(JSON.parse(req.body) as AlertMessage).toMatchObject({ event: "test", count: 0, alerts: [], rule: { type: "test" } });
    expect((await getTargetDetail(t.db, id, secretKey))?.lastSuccessAt).toBeInstanceOf(Date);
    expect(await t.db.auditEvent.count({ where: { action: "alert.target.test", entityId: id } })).toBe(1);

    hook.failNext(503);
    const second = await queueTestNotification(t.db, admin, id);
    expect(await deliver([second])).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const page = await listTargetNotifications(t.db, id, 1);
    expect(page.total).toBe(3);
    expect(page.rows.find((r) => r.id === second)).toMatchObject({
      event: "test",
      status: "pending",
      attempts: 1,
      lastError: expect.stringMatching(/HTTP 503/),
    });
    expect(page.rows.find((r) => r.id === first)).toMatchObject({ status: "sent", attempts: 1, alertCount: 0 });
    expect((await listTargets(t.db)).find((x) => x.id === id)).toMatchObject({ lastError: expect.stringMatching(/503/), queued: 2 });
  });

  it("disables (no test then), enables and deletes a target with its messages, audited", async () => {
    const id = (await listTargets(t.db)).find((x) => x.name === "test-hook")?.id ?? "";
    await setNotificationTargetEnabled(t.db, admin, id, false);
    await expect(queueTestNotification(t.db, admin, id)).rejects.toThrow(/disabled/);
    await setNotificationTargetEnabled(t.db, admin, id, true);
    expect(await t.db.auditEvent.count({ where: { action: "alert.target.update", entityId: id } })).toBe(2);
    await deleteNotificationTarget(t.db, admin, id);
    expect(await t.db.alertNotification.count({ where: { targetId: id } })).toBe(0);
    expect(await auditText(id)).toMatch(/alert\.target\.delete/);
    await expect(deleteNotificationTarget(t.db, admin, id)).rejects.toThrow(/No such/);
    await expect(queueTestNotification(t.db, admin, id)).rejects.toThrow(/No such/);
  });
});
