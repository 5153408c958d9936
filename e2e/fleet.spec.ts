import { expect, test, type Page } from "@playwright/test";
import { screenshotPath, storageState } from "./accounts";
import { simRouters } from "./sim";

test.use({ storageState: storageState("admin") });

/** Opens device `name` from the devices list, then its tab `segment` (the tab's test id: the top navigation also has a "MACsec links" link). */
async function openDeviceTab(page: Page, name: string, segment: "mac-server" | "macvlan" | "macsec") {
  await page.goto(`/devices?q=${encodeURIComponent(name)}`);
  await page.getByRole("link", { name, exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await page.getByTestId(`device-tab-${segment}`).click();
}

async function expectChartPoints(page: Page, testId: string) {
  const chart = page.getByTestId(testId).first();
  await expect(chart).toBeVisible();
  // The poller samples every 2 s in e2e; rates need two polls. Wait for the live chart to fill.
  await expect.poll(async () => Number(await chart.getAttribute("data-points")), { timeout: 45_000 }).toBeGreaterThan(0);
}

test("the devices list shows the whole simulated fleet", async ({ page }) => {
  const names = (await simRouters()).map((r) => r.name);
  await page.goto("/devices");
  await expect(page.getByTestId("device-row")).toHaveCount(names.length);
  for (const name of names) await expect(page.getByRole("link", { name, exact: true }).first()).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("device-row").getByTestId("status-badge").filter({ hasText: /^up$/ })).toHaveCount(names.length, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
});

test("the fleet overview shows live counters", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("count-up")).toHaveText(/[1-9]/, { timeout: 30_000 });
  await page.screenshot({ path: screenshotPath("overview"), fullPage: true });
});

test("a device page shows the three charts with data points", async ({ page }) => {
  await openDeviceTab(page, "guide-macserver", "mac-server");
  await expectChartPoints(page, "chart-sessions");
  await expect(page.getByText("mac-allowed").first()).toBeVisible();

  await openDeviceTab(page, "guide-soho-macvlan", "macvlan");
  await expect(page.getByText("macvlan-iot").first()).toBeVisible();
  await expectChartPoints(page, "chart-macvlan");
  await page.screenshot({ path: screenshotPath("device-macvlan"), fullPage: true });

  await openDeviceTab(page, "guide-macsec-a", "macsec");
  await expect(page.getByText("macsec1").first()).toBeVisible();
  await expectChartPoints(page, "chart-macsec");
  await page.screenshot({ path: screenshotPath("device-macsec"), fullPage: true });
});
