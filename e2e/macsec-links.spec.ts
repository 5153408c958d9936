import { expect, test, type Page } from "@playwright/test";
import { screenshotPath, storageState } from "./accounts";
import { readE2eDb } from "./db";

// The MACsec links view (/macsec) as a viewer (devices.read), against the simulator's fleet as the poller stores it:
// guide-macsec-a / -b share the CKN of their macsec1; any other CKN the poller stored only once is a far end outside
// the inventory.

test.use({ storageState: storageState("viewer") });

type End = { device: string; name: string; site: string; status: string | null };

function deviceId(name: string): string {
  const row = readE2eDb((db) => db.prepare("SELECT id FROM Device WHERE name = ?").get(name) as { id: string } | undefined);
  if (!row) throw new Error(`no seeded device ${name}`);
  return row.id;
}

function siteOf(device: string): string {
  return readE2eDb((db) => (db.prepare("SELECT s.name FROM Site s JOIN Device d ON d.siteId = s.id WHERE d.name = ?").get(device) as { name: string }).name);
}

/** The stored MACsec interfaces whose CKN no other stored interface has (the poller's rows, read-only). */
function loneEnds(): End[] {
  return readE2eDb(
    (db) =>
      db
        .prepare(
          `SELECT d.name AS device, m.name AS name, s.name AS site, m.status AS status FROM MacsecInterface m JOIN Device d ON d.id = m.deviceId JOIN Site s ON s.id = d.siteId
           WHERE m.ckn IS NOT NULL AND (SELECT COUNT(*) FROM MacsecInterface o WHERE lower(o.ckn) = lower(m.ckn)) = 1 ORDER BY d.name, m.name`,
        )
        .all() as End[],
  );
}

/** The table row of the guide pair's link (both routers' macsec1), once the poller has stored both ends. */
function guideLink(page: Page) {
  return page.getByTestId("macsec-link").filter({ hasText: "guide-macsec-a" }).filter({ hasText: "guide-macsec-b" });
}

test("the MACsec links view pairs guide-macsec-a and -b by CKN and shows both ends secured", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "MACsec links" }).click();
  await expect(page).toHaveURL(/\/macsec$/);
  await expect(page.getByRole("heading", { level: 1, name: "MACsec links" })).toBeVisible();

  // The simulator negotiates for a while after start: reload until both ends are stored open-encrypted.
  await expect(async () => {
    await page.goto("/macsec?q=guide-macsec");
    const link = guideLink(page);
    await expect(link).toHaveAttribute("data-kind", "pair", { timeout: 1_000 });
    await expect(link.locator('[data-testid="macsec-end"][data-secured="true"]')).toHaveCount(2, { timeout: 1_000 });
  }).toPass({ timeout: 45_000 });

  const link = guideLink(page);
  const ends = link.getByTestId("macsec-end");
  await expect(link.getByText("secured", { exact: true })).toBeVisible();
  for (const [i, router] of ["guide-macsec-a", "guide-macsec-b"].entries()) {
    const end = ends.nth(i);
    await expect(end.getByRole("link", { name: router })).toHaveAttribute("href", `/devices/${deviceId(router)}/macsec`);
    await expect(end).toContainText(siteOf(router));
    await expect(end).toContainText("macsec1 on ether1");
    await expect(end.getByTestId("status-badge").first()).toHaveText("open-encrypted");
    await expect(end).toContainText("MTU 1468");
    await expect(end.getByText("running", { exact: true })).toBeVisible();
    await expect(end.locator("time")).toHaveAttribute("datetime", /Z$/);
  }
  // The raw samples carry each poll's status: once a sample is stored, the end says for how long.
  await expect(async () => {
    await page.reload();
    await expect(guideLink(page).getByTestId("status-since").first()).toHaveText(/^for /, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.locator("body")).not.toContainText(/\bcak\b/i);
  await page.screenshot({ path: screenshotPath("macsec-links"), fullPage: true });

  // The router of an end opens its device page's MACsec tab, whose far-end column names the other end.
  await guideLink(page).getByTestId("macsec-end").first().getByRole("link", { name: "guide-macsec-a" }).click();
  await expect(page).toHaveURL(new RegExp(`/devices/${deviceId("guide-macsec-a")}/macsec$`));
  const row = page.getByTestId("macsec-table").getByRole("row").filter({ hasText: "macsec1" });
  await expect(row.getByRole("link", { name: "guide-macsec-b" })).toHaveAttribute("href", `/devices/${deviceId("guide-macsec-b")}/macsec`);
  await row.getByRole("link", { name: "guide-macsec-b" }).click();
  await expect(page).toHaveURL(new RegExp(`/devices/${deviceId("guide-macsec-b")}/macsec$`));
  await expect(page.getByTestId("macsec-table").getByRole("row").filter({ hasText: "macsec1" }).getByRole("link", { name: "guide-macsec-a" })).toBeVisible();
});

test("far ends outside the inventory, the filters, the order and the empty state", async ({ page }) => {
  await expect(guideLinkStored).toPass({ timeout: 45_000 });
  const lone = loneEnds();
  expect(lone.length, "the simulator's fleet has a MACsec interface whose CKN no other router has").toBeGreaterThan(0);
  for (const end of lone) {
    await page.goto(`/macsec?q=${encodeURIComponent(end.device)}`);
    const row = page
      .getByTestId("macsec-link")
      .filter({ hasText: end.device })
      .filter({ hasText: end.name })
      .filter({ has: page.getByTestId("far-end-missing") });
    await expect(row).toHaveAttribute("data-kind", "far-end-missing");
    await expect(row).toContainText("far end not in inventory");
  }

  // Site: only links with an end at the site.
  const guideSite = siteOf("guide-macsec-a");
  await page.goto("/macsec");
  await page.getByLabel("Site").selectOption(guideSite);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]site=/);
  await expect(guideLink(page)).toBeVisible();
  for (const end of lone.filter((e) => e.site !== guideSite)) await expect(page.getByTestId("macsec-link").filter({ hasText: end.device })).toHaveCount(0);

  // Not secured: the lone ends that are not open-encrypted are listed, the secured guide pair is not.
  await page.goto("/macsec?status=not-secured");
  await expect(page.getByLabel("Status")).toHaveValue("not-secured");
  await expect(guideLink(page)).toHaveCount(0);
  for (const end of lone.filter((e) => e.status !== "open-encrypted")) {
    const row = page.getByTestId("macsec-link").filter({ hasText: end.device }).filter({ hasText: end.name });
    await expect(row.locator('[data-testid="macsec-end"][data-secured="false"]')).toHaveCount(1);
  }

  // Order: by router puts guide-macsec-a's link before edge routers' only when asked; the choice stays in the URL.
  await page.goto("/macsec");
  await page.getByTestId("macsec-order").getByRole("link", { name: "Router" }).click();
  await expect(page).toHaveURL(/sort=router/);
  const firstRouters = await page.getByTestId("macsec-link").evaluateAll((rows) => rows.map((r) => r.querySelector("a")?.textContent ?? ""));
  expect(firstRouters.length).toBeGreaterThan(0);
  expect(firstRouters).toEqual([...firstRouters].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));

  // Search that matches nothing: the empty state with a way back.
  await page.getByLabel("Search").fill("no-such-router");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No MACsec link matches these filters")).toBeVisible();
  await page.getByRole("link", { name: "Clear the filters" }).click();
  await expect(page).toHaveURL(/\/macsec$/);
  await expect(page.getByTestId("macsec-link").first()).toBeVisible();

  /** Both guide ends are stored (the poller's first cycles have run). */
  async function guideLinkStored() {
    await page.goto("/macsec?q=guide-macsec");
    await expect(guideLink(page)).toHaveAttribute("data-kind", "pair", { timeout: 1_000 });
  }
});
