import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { SIM_URL, screenshotPath, storageState, type Account } from "./accounts";
import { readE2eDb } from "./db";
import { routerGet, simRouter } from "./sim";

// The Logs tab's shortcut (lib/router-logs, lib/changes/kinds/logging.ts): mac-server is not logged by default, so an
// operator filtering on it is offered "Turn on logging for this topic", which opens the change form with logging.add
// prefilled; an admin approves and applies it, and the next MAC-server session shows on the Logs tab.
test.describe.configure({ mode: "serial" });

const ROUTER = "guide-macserver";
const MAC = "02:AB:CD:00:00:42";
const state: { deviceId: string; changeId?: string } = { deviceId: "" };

async function as(browser: Browser, role: Account): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: storageState(role) });
  return { context, page: await context.newPage() };
}

test("setup: the seeded device of the MAC server guide router", () => {
  const row = readE2eDb((db) => db.prepare("SELECT id FROM Device WHERE name = ?").get(ROUTER) as { id: string } | undefined);
  if (!row) throw new Error(`no seeded device ${ROUTER}`);
  state.deviceId = row.id;
});

test("an operator filtering on mac-server is offered logging for it and proposes it from the prefilled form", async ({ browser }) => {
  const { context, page } = await as(browser, "operator");
  await page.goto(`/devices/${state.deviceId}/logs?topic=mac-server`);
  await expect(page.getByTestId("log-filters").locator('optgroup[label="Logged to memory by this router"] option')).toHaveText(["error", "info", "warning"]);
  await expect(page.getByTestId("logging-shortcut")).toContainText("No /system/logging rule sends mac-server to memory");
  await page.getByTestId("logging-shortcut-link").click();
  await expect(page).toHaveURL(/\/changes\/new\?kind=logging\.add/);
  await expect(page.locator('[name="param.topics"]')).toHaveValue("mac-server");

  await page.getByTestId("preview-button").click();
  const preview = page.getByTestId("preview-target").filter({ hasText: ROUTER });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByTestId("preview-error")).toHaveCount(0);
  await expect(preview.getByTestId("change-calls")).toContainText("PUT /rest/system/logging");
  await page.getByTestId("propose-button").click();
  await expect(page).toHaveURL(/\/changes\/(?!new)[A-Za-z0-9_-]+$/, { timeout: 30_000 });
  state.changeId = new URL(page.url()).pathname.split("/").at(-1);
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "PENDING");
  await context.close();
});

test("an admin approves and applies it; the Logs tab then shows mac-server entries and no shortcut", async ({ browser }) => {
  const { context, page } = await as(browser, "admin");
  await page.goto(`/changes/${state.changeId ?? ""}`);
  await page.getByRole("textbox", { name: /comment/i }).fill("log mac-server");
  await page.getByTestId("approve-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPROVED");
  await page.getByTestId("apply-now-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPLIED", { timeout: 60_000 });
  await context.close();

  const router = await simRouter(ROUTER);
  const rules = await routerGet<Record<string, string>[]>(router, "/system/logging");
  expect(rules.filter((r) => r.topics === "mac-server").map((r) => r.action)).toEqual(["memory"]);
  const res = await fetch(`${SIM_URL}/_sim/routers/${ROUTER}/condition`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ macServerSession: { interface: "vlan-68", "src-address": MAC } }),
  });
  expect(res.status).toBe(200);

  const operator = await as(browser, "operator");
  await operator.page.goto(`/devices/${state.deviceId}/logs?topic=mac-server`);
  await expect(operator.page.getByTestId("log-table")).toContainText(`session from ${MAC} on vlan-68 started`);
  await expect(operator.page.getByTestId("logging-shortcut")).toHaveCount(0);
  await operator.page.screenshot({ path: screenshotPath("router-logs-mac-server"), fullPage: true });
  await operator.context.close();
  await fetch(`${SIM_URL}/_sim/routers/${ROUTER}/condition`, { method: "DELETE" });
});
