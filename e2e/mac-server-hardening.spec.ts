import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { screenshotPath, storageState, type Account } from "./accounts";
import { readE2eDb } from "./db";
import { routerGet, simRouters, type SimRouter } from "./sim";

// An operator hardens the MAC server of two routers from the template (interfaces picked from the polled
// suggestions), an admin approves and applies the set-up, and both simulated routers then hold the list with its
// member, MAC-Telnet and MAC-Winbox restricted to it, and MAC ping off.
test.describe.configure({ mode: "serial" });

const LIST = `HARD-${Date.now().toString(36).slice(-5)}`;
const state: { routers: SimRouter[]; members: Record<string, string>; changeId?: string } = { routers: [], members: {} };

async function as(browser: Browser, role: Account): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: storageState(role) });
  return { context, page: await context.newPage() };
}

test("setup: two routers that are not guide routers", async () => {
  state.routers = (await simRouters()).filter((r) => !r.role.startsWith("guide")).slice(0, 2);
  expect(state.routers.map((r) => r.name)).toHaveLength(2);
});

test("an operator picks two routers, takes an interface of each from the suggestions, previews and proposes", async ({ browser }) => {
  const { context, page } = await as(browser, "operator");
  await page.goto("/changes/new");
  await page.getByTestId("template-hardening-link").click();
  await expect(page).toHaveURL(/\/changes\/new\/mac-server-hardening/);
  await expect(page.getByTestId("hardening-no-routers")).toBeVisible();
  await page.getByLabel("Management interface list").fill(LIST);
  await page.getByRole("radio", { name: "Pick devices" }).check();
  for (const r of state.routers) await page.getByRole("checkbox", { name: new RegExp(`^${r.name} `) }).check();
  const rows = page.getByTestId("hardening-router-row");
  await expect(rows).toHaveCount(2);
  for (const r of state.routers) {
    const chip = page
      .getByRole("group", { name: `Polled interfaces of ${r.name}` })
      .getByRole("button")
      .first();
    await expect(chip).toBeVisible({ timeout: 30_000 });
    state.members[r.name] = (await chip.textContent()) ?? "";
    await chip.click();
    await expect(chip).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("textbox", { name: `Interfaces of ${r.name}`, exact: true })).toHaveValue(state.members[r.name] ?? "");
  }
  await page.getByTestId("preview-button").click();
  const preview = page.getByTestId("setup-preview");
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText("all planned");
  await expect(page.getByTestId("preview-router")).toHaveCount(2);
  await expect(page.getByTestId("preview-step").first()).toContainText(`Add interface list ${LIST}`);
  await page.screenshot({ path: screenshotPath("mac-server-hardening-preview"), fullPage: true });

  await page.getByTestId("propose-button").click();
  await expect(page).toHaveURL(/\/changes\/c[a-z0-9]+$/, { timeout: 30_000 });
  state.changeId = page.url().split("/").pop();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "PENDING");
  await expect(page.getByTestId("setup-router")).toHaveCount(2);
  await context.close();
});

test("an empty interface row is refused on its field", async ({ browser }) => {
  const { context, page } = await as(browser, "operator");
  await page.goto("/changes/new/mac-server-hardening");
  await page.getByRole("radio", { name: "Pick devices" }).check();
  await page.getByRole("checkbox", { name: new RegExp(`^${state.routers[0]?.name ?? "?"} `) }).check();
  await page.getByTestId("preview-button").click();
  await expect(page.getByTestId("proposal-error")).toBeVisible();
  await expect(page.getByText("enter at least one interface (names separated by commas)")).toBeVisible();
  await expect(page.getByRole("textbox", { name: `Interfaces of ${state.routers[0]?.name ?? "?"}`, exact: true })).toHaveAttribute("aria-invalid", "true");
  await context.close();
});

test("an admin approves and applies it: both routers restrict MAC-Telnet and MAC-Winbox to the list, MAC ping off", async ({ browser }) => {
  const { context, page } = await as(browser, "admin");
  await page.goto(`/changes/${state.changeId}`);
  await page.getByRole("textbox", { name: /comment/i }).fill("hardening approved");
  await page.getByTestId("approve-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPROVED");
  await page.getByTestId("apply-now-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPLIED", { timeout: 60_000 });
  await page.screenshot({ path: screenshotPath("mac-server-hardening-applied"), fullPage: true });
  await context.close();

  for (const router of state.routers) {
    const members = await routerGet<Record<string, string>[]>(router, `/interface/list/member?list=${LIST}`);
    expect(members.map((m) => m.interface)).toEqual([state.members[router.name]]);
    expect(await routerGet(router, "/tool/mac-server")).toMatchObject({ "allowed-interface-list": LIST });
    expect(await routerGet(router, "/tool/mac-server/mac-winbox")).toMatchObject({ "allowed-interface-list": LIST });
    expect(await routerGet(router, "/tool/mac-server/ping")).toMatchObject({ enabled: "false" });
  }
  const status = readE2eDb((db) => (db.prepare(`SELECT status FROM ChangeRequest WHERE id = ?`).get(state.changeId) as { status: string }).status);
  expect(status).toBe("APPLIED");
});
