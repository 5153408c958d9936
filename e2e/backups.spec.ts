import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { storageState, type Account } from "./accounts";
import { readE2eDb } from "./db";
import { simRouter } from "./sim";

// Backups around an applied change request (lib/backups/change-hook.ts) and the fleet page of outside changes
// (/backups): the request page links to the before/after versions and their diff, the Configuration tab lists them
// linked to the request; a change made directly on the simulator shows on /backups with its diff and an admin
// reviews it.
test.describe.configure({ mode: "serial" });

const CHANGED = "guide-soho-macvlan";
const BY_HAND = "guide-macserver";
const RUN = Date.now().toString(36).slice(-6);

function deviceId(name: string): string {
  const row = readE2eDb((db) => db.prepare("SELECT id FROM Device WHERE name = ?").get(name) as { id: string } | undefined);
  if (!row) throw new Error(`no seeded device ${name}`);
  return row.id;
}

async function as(browser: Browser, role: Account): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: storageState(role) });
  return { context, page: await context.newPage() };
}

/** Sets the comment of the router's first `/ip/address` entry over its REST API (a change made outside the product). */
async function commentFirstAddress(router: string, comment: string): Promise<void> {
  const r = await simRouter(router);
  const auth = { authorization: `Basic ${Buffer.from(`${r.username}:${r.password}`).toString("base64")}`, "content-type": "application/json" };
  const list = (await (await fetch(`${r.apiUrl}/rest/ip/address`, { headers: auth })).json()) as Array<{ ".id": string }>;
  const first = list[0];
  if (!first) throw new Error(`${router} has no /ip/address entry`);
  const res = await fetch(`${r.apiUrl}/rest/ip/address/${encodeURIComponent(first[".id"])}`, {
    method: "PATCH",
    headers: auth,
    body: JSON.stringify({ comment }),
  });
  expect(res.status).toBe(200);
}

test("an applied change request links to the backups taken just before and after it, and the Configuration tab lists them", async ({ browser }) => {
  const name = `mv-bk-${RUN}`;
  const op = await as(browser, "operator");
  await op.page.goto("/changes/new");
  await op.page.locator("#change-kind-select").selectOption("macvlan.add");
  await op.page.locator("#target-device").selectOption(deviceId(CHANGED));
  await op.page.locator('[id="field-param.name"]').fill(name);
  await op.page.locator('[id="field-param.interface"]').fill("ether2");
  await op.page.getByTestId("preview-button").click();
  await expect(op.page.getByTestId("preview-target")).toBeVisible();
  await op.page.getByTestId("propose-button").click();
  await expect(op.page).toHaveURL(/\/changes\/(?!new)[A-Za-z0-9_-]+$/);
  const id = new URL(op.page.url()).pathname.split("/").at(-1) as string;
  await op.context.close();

  const { context, page } = await as(browser, "admin");
  await page.goto(`/changes/${id}`);
  await page.getByRole("textbox", { name: /comment/i }).fill("e2e backups");
  await page.getByTestId("approve-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPROVED");
  await page.getByTestId("apply-now-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPLIED", { timeout: 60_000 });

  const backups = page.getByTestId("change-backups");
  await expect(backups).toContainText(CHANGED);
  await expect(backups.getByTestId("change-backup-before_change")).toBeVisible();
  await expect(backups.getByTestId("change-backup-after_change")).toBeVisible();
  await expect(page.locator('[data-testid="history-event"][data-action="change.backup"]')).toHaveCount(2);
  await backups.getByTestId("change-backup-diff").click();

  await expect(page).toHaveURL(/\/configuration\?from=.+&to=.+/);
  const diff = page.getByTestId("config-diff");
  await expect(diff.locator('[data-diff-line="added"]')).toHaveCount(1);
  await expect(diff.locator('[data-diff-line="added"]')).toContainText(`name=${name}`);
  await expect(diff.locator('[data-diff-line="removed"]')).toHaveCount(0);
  const rows = page.getByTestId("backup-row");
  // The newest version is the after backup, linked to the request; the before backup is a version of its own only
  // when the router changed since the previous one (the worker's first scheduled backup may hold the same content).
  await expect(rows.nth(0)).toContainText("After change");
  await expect(rows.nth(0).getByRole("link", { name: "change" })).toHaveAttribute("href", `/changes/${id}`);
  const before = readE2eDb(
    (db) =>
      db
        .prepare("SELECT json_extract(after, '$.backupId') AS id FROM AuditEvent WHERE action = 'change.backup' AND entityId = ? ORDER BY id LIMIT 1")
        .get(id) as { id: string },
  );
  expect(new URL(page.url()).searchParams.get("from")).toBe(before.id);
  await context.close();
});

test("a change made directly on the router shows on the backups page with its diff; an admin reviews it", async ({ browser }) => {
  const { context, page } = await as(browser, "admin");
  const configuration = `/devices/${deviceId(BY_HAND)}/configuration`;
  await page.goto(configuration);
  await page.getByTestId("backup-now").click();
  await expect(page.getByTestId("backup-now-result")).toHaveText(/New version stored|No change since the last version/);
  const comment = `by hand ${RUN}`;
  await commentFirstAddress(BY_HAND, comment);
  await page.getByTestId("backup-now").click();
  await expect(page.getByTestId("backup-now-result")).toHaveText(/New version stored \(\+1 −1\)/);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Backups" }).click();
  await expect(page).toHaveURL(/\/backups$/);
  const item = page.locator(`[data-testid="outside-change"][data-device="${BY_HAND}"]`);
  await expect(item).toContainText("+1");
  await expect(item.locator('[data-diff-line="added"]')).toContainText(comment);
  await expect(item.locator('[data-diff-line="removed"]')).toHaveCount(1);
  // The navigation counts unreviewed outside changes (the layout is rendered anew on a full load).
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Backups" }).getByTestId("nav-badge")).toHaveAttribute(
    "aria-label",
    /^[1-9]\d* to review$/,
  );

  await item.getByLabel("Note (optional)").fill("e2e: the field team's fix");
  await item.getByTestId("review-outside-change").click();
  // The action revalidates the page: the reviewed device leaves the unreviewed list at once, and after a reload.
  await expect(page.locator(`[data-testid="outside-change"][data-device="${BY_HAND}"]`)).toHaveCount(0);
  await page.reload();
  await expect(page.locator(`[data-testid="outside-change"][data-device="${BY_HAND}"]`)).toHaveCount(0);

  await page.locator("#f-view").selectOption("reviewed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/view=reviewed/);
  const reviewed = page.locator(`[data-testid="outside-change"][data-device="${BY_HAND}"]`).first();
  await expect(reviewed.getByTestId("reviewed-by")).toContainText("e2e: the field team's fix");
  const audited = readE2eDb(
    (db) => db.prepare("SELECT COUNT(*) AS n FROM AuditEvent WHERE action = 'backup.outside.review' AND entityId = ?").get(deviceId(BY_HAND)) as { n: number },
  );
  expect(audited.n).toBe(1);
  await context.close();
});

test("an admin sets a site's and a device's backup schedule; a bad value is refused with a clear error", async ({ browser }) => {
  const { context, page } = await as(browser, "admin");
  await page.goto(`/devices/${deviceId(BY_HAND)}/configuration`);
  const form = page.getByTestId("backup-schedule-form");
  await form.getByLabel("Keep versions").fill("0");
  await form.getByTestId("backup-schedule-save").click();
  await expect(form).toContainText("Keep versions must be at least 1.");
  await form.getByLabel("Keep versions").fill("40");
  await form.getByLabel("Time of day (UTC)").fill("02:30");
  await expect(form.getByTestId("local-time-of-day")).toContainText("your time");
  await form.getByTestId("backup-schedule-save").click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByTestId("backup-effective-plan")).toContainText("daily at 02:30 UTC, the newest 40 versions");

  await page.goto("/backups");
  const site = page.getByTestId("site-schedule").first();
  await site.getByLabel("Keep days").fill("90");
  await site.getByTestId("backup-schedule-save").click();
  await expect(site.getByRole("status")).toHaveText("Saved.");
  const events = readE2eDb((db) => (db.prepare("SELECT COUNT(*) AS n FROM AuditEvent WHERE action = 'config_backup.schedule'").get() as { n: number }).n);
  expect(events).toBeGreaterThanOrEqual(2);
  await context.close();
});
