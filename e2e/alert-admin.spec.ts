import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { storageState, type Account } from "./accounts";
import { captureAction, replayActionAs } from "./actions";
import { readE2eDb } from "./db";

/**
 * The alert admin pages end to end (docs/monitoring.md): an admin edits a rule's threshold (a refused value keeps what
 * was typed and changes nothing), adds a webhook target and sees its generated secret once (then only its
 * fingerprint), and sends a test that a receiver in this process gets signed, then deletes the target; an operator sees the rules read-only,
 * and an edit POST forged with the admin's action is refused and changes nothing.
 */

const RUN = Date.now().toString(36).slice(-6);
const RULE = "CPU load high";

type RuleRow = { id: string; thresholds: string; severity: string };

function rule(name: string): RuleRow | undefined {
  return readE2eDb((db) => db.prepare('SELECT id, thresholds, severity FROM "AlertRule" WHERE name = ?').get(name) as RuleRow | undefined);
}

async function as(browser: Browser, role: Account): Promise<Page> {
  const context = await browser.newContext({ storageState: storageState(role) });
  return context.newPage();
}

/** The built-in CPU rule, once the worker has seeded the rules. */
async function cpuRule(): Promise<RuleRow> {
  await expect.poll(() => rule(RULE)?.id, { timeout: 30_000 }).toBeTruthy();
  return rule(RULE) as RuleRow;
}

test("an admin edits a rule's threshold; a value out of range is refused, kept in the form, and changes nothing", async ({ browser }) => {
  const { id, thresholds } = await cpuRule();
  const above = (JSON.parse(thresholds) as { above: number }).above;
  const page = await as(browser, "admin");
  await page.goto("/alerts/rules");
  await expect(page.getByTestId("alerts-sub-nav").getByRole("link", { name: "Rules" })).toHaveAttribute("aria-current", "page");
  const row = page.locator(`[data-testid="rule-row"][data-rule-name="${RULE}"]`);
  await expect(row.getByTestId("rule-thresholds")).toContainText(`Fires above ${above} %`);
  await row.getByTestId("rule-edit").click();
  await expect(page).toHaveURL(new RegExp(`/alerts/rules/${id}$`));

  await page.locator("#field-t-above").fill("150");
  await page.getByTestId("rule-save").click();
  await expect(page.getByTestId("rule-form-error")).toContainText("above");
  await expect(page.locator("#field-t-above-error")).toBeVisible();
  await expect(page.locator("#field-t-above")).toHaveValue("150");
  expect(rule(RULE)?.thresholds).toBe(thresholds);

  const next = above === 95 ? 96 : 95;
  await page.locator("#field-t-above").fill(String(next));
  await page.getByTestId("rule-save").click();
  await expect(page.getByTestId("rule-form-saved")).toBeVisible();
  expect(JSON.parse(rule(RULE)?.thresholds ?? "{}")).toMatchObject({ above: next });
  await page.goto("/alerts/rules");
  await expect(row.getByTestId("rule-thresholds")).toContainText(`Fires above ${next} %`);
  const audit = readE2eDb(
    (db) => db.prepare(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'alert.rule.update' AND "entityId" = ?`).get(id) as { n: number },
  );
  expect(audit.n).toBeGreaterThan(0);

  await page.goto(`/alerts/rules/${id}`);
  await page.locator("#field-t-above").fill(String(above));
  await page.getByTestId("rule-save").click();
  await expect(page.getByTestId("rule-form-saved")).toBeVisible();
  await page.context().close();
});

/** An HTTP receiver in this process, for the "Send test" message. */
async function receiver(): Promise<{ url: string; requests: { headers: IncomingHttpHeaders; body: string }[]; close: () => void }> {
  const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/noc`, requests, close: () => server.close() };
}

test("an admin adds a webhook target, sees its secret once, then only its fingerprint; Send test arrives signed", async ({ browser }) => {
  const hook = await receiver();
  const page = await as(browser, "admin");
  try {
    await page.goto("/alerts/targets");
    const form = page.getByTestId("target-form");
    await form.locator("#field-name").fill(`e2e hook ${RUN}`);
    await form.locator("#field-url").fill(hook.url);
    await page.getByTestId("target-save").click();
    const secret = ((await page.getByTestId("target-secret-value").textContent()) ?? "").trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(page.locator(`[data-testid="target-row"][data-target-name="e2e hook ${RUN}"]`)).toBeVisible();

    await page.getByTestId("target-secret-once").getByRole("link", { name: "Open the target" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`e2e hook ${RUN}`);
    const fingerprint = `sha256:${createHash("sha256").update(secret).digest("hex").slice(0, 16)}`;
    await expect(page.getByTestId("target-fingerprint")).toHaveText(fingerprint);
    expect(await page.content()).not.toContain(secret);
    const stored = readE2eDb((db) => db.prepare(`SELECT "secretSealed" AS s FROM "NotificationTarget" WHERE name = ?`).get(`e2e hook ${RUN}`) as { s: string });
    expect(stored.s).not.toContain(secret);

    await page.getByTestId("target-test").click();
    await expect(page.getByTestId("target-test-result")).toContainText("Sent");
    // The worker may also send real alert messages to the new target (alerts fire in the shared fleet): only the test
    // message is checked, and there is exactly one.
    const tests = hook.requests.filter((r) => (JSON.parse(r.body) as { event?: string }).event === "test");
    expect(tests).toHaveLength(1);
    const [received] = tests;
    const ts = String(received?.headers["x-noc-timestamp"]);
    const expected = `sha256=${createHmac("sha256", secret)
      .update(`${ts}.${received?.body ?? ""}`)
      .digest("hex")}`;
    expect(received?.headers["x-noc-signature"]).toBe(expected);
    expect(JSON.parse(received?.body ?? "{}")).toMatchObject({ event: "test", alerts: [] });
    await page.reload();
    await expect(page.locator('[data-testid="target-notification"][data-event="test"]')).toHaveAttribute("data-status", "sent");
    await expect(page.getByTestId("target-last-success")).not.toHaveText("never");

    await page.getByTestId("target-delete").click();
    await page.getByTestId("target-delete-confirm").click();
    await expect(page).toHaveURL(/\/alerts\/targets$/);
    await expect(page.locator(`[data-testid="target-row"][data-target-name="e2e hook ${RUN}"]`)).toHaveCount(0);
  } finally {
    hook.close();
    await page.context().close();
  }
});

test("an operator sees the rules read-only, no targets; a forged edit POST is refused and changes nothing", async ({ browser }) => {
  const { id, thresholds } = await cpuRule();
  const admin = await as(browser, "admin");
  await admin.goto(`/alerts/rules/${id}`);
  await admin.locator("#field-t-above").fill("42");
  const captured = await captureAction(
    admin,
    (u) => u.pathname === `/alerts/rules/${id}`,
    () => admin.getByTestId("rule-save").click(),
    { abort: true },
  );
  await admin.context().close();
  expect(rule(RULE)?.thresholds).toBe(thresholds);

  const operator = await as(browser, "operator");
  await operator.goto("/alerts/rules");
  await expect(operator.locator(`[data-testid="rule-row"][data-rule-name="${RULE}"]`)).toBeVisible();
  await expect(operator.getByTestId("rule-edit")).toHaveCount(0);
  await expect(operator.getByTestId("rule-new")).toHaveCount(0);
  await expect(operator.getByTestId("alerts-sub-nav").getByRole("link", { name: "Targets" })).toHaveCount(0);
  await operator.goto(`/alerts/rules/${id}`);
  await expect(operator).toHaveURL(/\/forbidden$/);
  await operator.goto("/alerts/targets");
  await expect(operator).toHaveURL(/\/forbidden$/);
  await operator.context().close();

  const text = await replayActionAs(browser, "operator", captured);
  expect(text).toMatch(/do not have permission to do this \(alerts\.manage\)/i);
  expect(rule(RULE)?.thresholds).toBe(thresholds);
  const refused = readE2eDb(
    (db) => db.prepare(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'auth.refused' AND "entityId" = 'alerts.rule.update'`).get() as { n: number },
  );
  expect(refused.n).toBeGreaterThan(0);
});
