import { createHash } from "node:crypto";
import { expect, test, type Browser, type Page, type Request } from "@playwright/test";
import { screenshotPath, storageState } from "./accounts";
import { captureAction, replayAction } from "./actions";
import { readE2eDb } from "./db";
import { setSimFault } from "./sim";

type SiteRow = { id: string; name: string };
type LinkRow = { id: string; tokenHash: string; tokenPrefix: string; revokedAt: string | null; lastUsedAt: string | null };

/** The share-link admin page, where the create and revoke actions are posted. */
const SHARE_LINKS_URL = "**/status/share-links";

function sites(): SiteRow[] {
  return readE2eDb((db) => db.prepare("SELECT id, name FROM Site ORDER BY name").all() as SiteRow[]);
}

function enabledDevices(siteId?: string): string[] {
  return readE2eDb((db) => {
    const rows = (
      siteId
        ? db.prepare("SELECT name FROM Device WHERE enabled = 1 AND siteId = ? ORDER BY name").all(siteId)
        : db.prepare("SELECT name FROM Device WHERE enabled = 1 ORDER BY name").all()
    ) as { name: string }[];
    return rows.map((r) => r.name);
  });
}

function deviceStatus(name: string): string | undefined {
  return readE2eDb((db) => (db.prepare("SELECT status FROM Device WHERE name = ?").get(name) as { status: string } | undefined)?.status);
}

function shareLinks(): LinkRow[] {
  return readE2eDb((db) => db.prepare("SELECT id, tokenHash, tokenPrefix, revokedAt, lastUsedAt FROM StatusShareLink ORDER BY createdAt").all() as LinkRow[]);
}

/** The site of the MACsec guide routers (Frankfurt-DC1 in the simulator's guides). */
function macsecSite(): SiteRow {
  return readE2eDb((db) => db.prepare("SELECT s.id, s.name FROM Site s JOIN Device d ON d.siteId = s.id WHERE d.name = 'guide-macsec-a'").get() as SiteRow);
}

async function listedDevices(page: Page, site?: string): Promise<string[]> {
  const scope = site ? page.locator(`[data-testid="status-site"][data-site="${site}"]`) : page;
  const names = await scope.getByTestId("status-device").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-device") ?? ""));
  return names.sort();
}

/** Creates a share link through the admin UI and returns the URL shown once. */
async function createLinkAsAdmin(browser: Browser, site: SiteRow, label: string): Promise<string> {
  const context = await browser.newContext({ storageState: storageState("admin") });
  const page = await context.newPage();
  await page.goto("/status");
  await page.getByTestId("share-links-link").click();
  await expect(page).toHaveURL(/\/status\/share-links$/);
  await page.getByLabel("Site").selectOption(site.id);
  await page.getByLabel("Label").fill(label);
  await page.getByLabel("Expires").selectOption("7d");
  await page.getByTestId("share-link-create").click();
  const url = (await page.getByTestId("share-link-url").textContent()) ?? "";
  expect(url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: screenshotPath("status-share-links"), fullPage: true });
  await page.reload();
  await expect(page.getByTestId("share-link-url")).toHaveCount(0);
  await context.close();
  return url;
}

test.describe("viewer", () => {
  test.use({ storageState: storageState("viewer") });

  test("sees every site and enabled device on /status, with no form and no write control", async ({ page }) => {
    await page.goto("/status");
    await expect(page.getByRole("heading", { level: 1, name: "Status" })).toBeVisible();
    for (const site of sites()) await expect(page.locator(`[data-testid="status-site"][data-site="${site.name}"]`)).toBeVisible();
    expect(await listedDevices(page)).toEqual(enabledDevices());
    await expect(page.getByTestId("site-summary").first()).toContainText(/devices up/);
    await expect(page.locator("form")).toHaveCount(0);
    await expect(page.locator('button[type="submit"], input[type="submit"], button:not([type])')).toHaveCount(0);
    await expect(page.getByTestId("share-links-link")).toHaveCount(0);
    await page.goto("/status/share-links");
    await expect(page).toHaveURL(/\/forbidden/);
  });

  test("the page refreshes itself every 15 s and the refresh can be paused", async ({ page }) => {
    // The browser's timers run on Playwright's clock: 15 s intervals pass in one call, not in real time.
    await page.clock.install();
    const refreshes: string[] = [];
    const pending = new Set<Request>();
    page.on("request", (req) => {
      const headers = req.headers();
      if (headers.rsc === "1" && !headers["next-router-prefetch"] && new URL(req.url()).pathname === "/status") {
        refreshes.push(req.url());
        pending.add(req);
      }
    });
    page.on("requestfinished", (req) => pending.delete(req));
    page.on("requestfailed", (req) => pending.delete(req));
    await page.goto("/status");
    const line = page.getByTestId("status-refresh");
    const first = await line.getAttribute("data-generated-at");
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // router.refresh() every 15 s re-renders the page on the server: the data's read time (server clock) moves on.
    // The interval exists only once React has hydrated the page, which `goto` does not wait for: advance the
    // clock again until a refresh has landed.
    await expect(async () => {
      await page.clock.runFor(16_000);
      await expect.poll(() => line.getAttribute("data-generated-at"), { timeout: 3_000 }).not.toBe(first);
    }).toPass({ timeout: 30_000 });
    // A refresh sent by the last clock advance may still be on its way (its answer can carry the same read: one read
    // of a page serves its viewers for 1 s): let its request event arrive, then read the state once every refresh
    // request has its answer.
    await page.waitForTimeout(500);
    await expect.poll(() => pending.size).toBe(0);
    const refreshed = await line.getAttribute("data-generated-at");
    const beforePause = refreshes.length;
    expect(beforePause).toBeGreaterThan(0);

    const toggle = page.getByTestId("status-refresh-toggle");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(line).toContainText(/paused/);
    await page.clock.runFor(20_000);
    expect(await line.getAttribute("data-generated-at")).toBe(refreshed);
    await page.screenshot({ path: screenshotPath("status"), fullPage: true });

    // Resumed, the next interval refreshes again; by the time its answer is shown, any refresh sent while
    // paused would have been sent before it: exactly one refresh request since the pause.
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await page.clock.runFor(16_000);
    await expect.poll(() => line.getAttribute("data-generated-at")).not.toBe(refreshed);
    expect(refreshes.length).toBe(beforePause + 1);
  });

  test("only problems: the filter lists the problem devices and nothing else", async ({ page }) => {
    // Make sure there is a problem: the simulator refuses one router's credentials until the fault is cleared.
    const target = "guide-isp-dhcp";
    await setSimFault(target, { mode: "unauthorized" });
    try {
      // The poller (every 2 s in e2e) marks it unauthorized, which is a problem.
      await expect(async () => {
        await page.goto("/status?problems=1");
        await expect(page.locator(`[data-testid="status-device"][data-device="${target}"]`)).toHaveAttribute("data-problem", "true", { timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
      const flags = await page.getByTestId("status-device").evaluateAll((els) => els.map((e) => e.getAttribute("data-problem")));
      expect(flags.length).toBeGreaterThan(0);
      expect(flags.length).toBeLessThan(enabledDevices().length);
      expect(flags.every((f) => f === "true")).toBe(true);
      await expect(page.getByRole("link", { name: "Only problems" })).toHaveAttribute("aria-current", "true");
    } finally {
      await setSimFault(target, null);
    }
    // Leave the fleet as found (later specs expect every router up).
    await expect.poll(() => deviceStatus(target), { timeout: 30_000 }).toBe("up");
  });
});

test("the operator sees /status but not the share-link admin controls", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageState("operator") });
  const page = await context.newPage();
  await page.goto("/status");
  await expect(page.getByTestId("status-site").first()).toBeVisible();
  await expect(page.getByTestId("share-links-link")).toHaveCount(0);
  await page.goto("/status/share-links");
  await expect(page).toHaveURL(/\/forbidden/);
  await context.close();
});

test("a share link shows one site without login, no navigation, no link into the app; revoked it is a 404", async ({ browser }) => {
  const site = macsecSite();
  const url = await createLinkAsAdmin(browser, site, "e2e support partner");
  const token = url.split("/share/")[1] ?? "";

  // Only the hash is stored.
  const stored = shareLinks().find(
    (l) => l.tokenPrefix === token.slice(0, l.tokenPrefix.length) && l.tokenHash === createHash("sha256").update(token).digest("hex"),
  );
  expect(stored).toBeDefined();
  expect(JSON.stringify(shareLinks())).not.toContain(token);

  const anon = await browser.newContext();
  const page = await anon.newPage();
  const res = await page.goto(url);
  expect(res?.status()).toBe(200);
  expect(res?.headers()).toMatchObject({ "referrer-policy": "no-referrer", "x-robots-tag": "noindex, nofollow", "cache-control": "no-store" });
  await expect(page.getByRole("heading", { level: 1, name: site.name })).toBeVisible();
  expect(await listedDevices(page)).toEqual(enabledDevices(site.id));
  await expect(page.getByTestId("status-site")).toHaveCount(1);
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.getByTestId("sign-out")).toHaveCount(0);
  await expect(page.getByTestId("current-user")).toHaveCount(0);
  await expect(page.locator("form")).toHaveCount(0);
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) expect(href.startsWith(`/share/${token}`), href).toBe(true);
  const html = await page.content();
  for (const other of enabledDevices().filter((n) => !enabledDevices(site.id).includes(n))) expect(html).not.toContain(other);
  expect(html).not.toMatch(/127\.0\.0\.1:18790|noc-api|\/devices\//);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  await page.screenshot({ path: screenshotPath("status-share"), fullPage: true });
  expect(shareLinks().find((l) => l.id === stored?.id)?.lastUsedAt).not.toBeNull();

  // The admin revokes it: the same URL is now the same 404 as an unknown token.
  const adminContext = await browser.newContext({ storageState: storageState("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/status/share-links");
  const row = admin.locator(`[data-testid="share-link-row"][data-prefix="${stored?.tokenPrefix}"]`);
  await row.getByTestId("share-link-revoke").click();
  await row.getByTestId("share-link-revoke-confirm").click();
  await expect(row).toHaveAttribute("data-state", "revoked");
  await adminContext.close();

  const revoked = await page.goto(url);
  expect(revoked?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const revokedText = await page.locator("main").innerText();
  const unknown = await page.goto(`/share/${"A".repeat(43)}`);
  expect(unknown?.status()).toBe(404);
  expect(await page.locator("main").innerText()).toBe(revokedText);
  expect(await page.locator("a[href]").count()).toBe(0);
  await anon.close();
});

test("a viewer's replayed POST of the create and revoke share-link actions is refused and changes nothing", async ({ browser }) => {
  const site = macsecSite();
  await createLinkAsAdmin(browser, site, "e2e replay target");
  const target = shareLinks()
    .filter((l) => l.revokedAt === null)
    .at(-1);
  expect(target).toBeDefined();

  const adminContext = await browser.newContext({ storageState: storageState("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/status/share-links");
  const create = await captureAction(
    admin,
    SHARE_LINKS_URL,
    async () => {
      await admin.getByLabel("Site").selectOption(site.id);
      await admin.getByLabel("Label").fill("forged by a viewer");
      await admin.getByTestId("share-link-create").click();
    },
    { abort: true },
  );
  // The aborted request leaves the page on its error boundary: load it again for the revoke.
  await admin.goto("/status/share-links");
  const row = admin.locator(`[data-testid="share-link-row"][data-prefix="${target?.tokenPrefix}"]`);
  const revoke = await captureAction(
    admin,
    SHARE_LINKS_URL,
    async () => {
      await row.getByTestId("share-link-revoke").click();
      await row.getByTestId("share-link-revoke-confirm").click();
    },
    { abort: true },
  );
  await adminContext.close();

  const before = shareLinks();
  const viewer = await browser.newContext({ storageState: storageState("viewer") });
  for (const captured of [create, revoke]) expect(await replayAction(viewer.request, captured)).toMatch(/do not have permission/i);
  await viewer.close();
  expect(shareLinks()).toEqual(before);
  expect(shareLinks().find((l) => l.id === target?.id)?.revokedAt).toBeNull();
  const forged = readE2eDb((db) => db.prepare("SELECT COUNT(*) AS n FROM StatusShareLink WHERE label = 'forged by a viewer'").get() as { n: number });
  expect(forged.n).toBe(0);
});
