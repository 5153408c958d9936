import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { screenshotPath, storageState, type Account } from "./accounts";
import { readE2eDb } from "./db";
import { routerGet, simRouters, type SimRouter } from "./sim";

// An operator builds an isolated MACVLAN segment from the template on a router that lacks it, an admin approves
// and applies the whole set-up at once, and the simulated router then holds every object, its rules in order.
test.describe.configure({ mode: "serial" });

const RUN = Date.now().toString(36).slice(-5);
const NAME = `mvseg-${RUN}`;
const KEY = `noc:${NAME}`;
const SUBNET = `10.${100 + (Number.parseInt(RUN, 36) % 100)}.${Number.parseInt(RUN, 36) % 250}.0/24`;
const state: { router?: SimRouter; deviceId?: string; parent?: string; changeId?: string } = {};

async function as(browser: Browser, role: Account): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: storageState(role) });
  return { context, page: await context.newPage() };
}

function atLeast712(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map((n) => Number.parseInt(n, 10));
  return major > 7 || (major === 7 && minor >= 12);
}

test("setup: a router with MACVLAN support, an ethernet parent and no segment of this name", async () => {
  const routers = await simRouters();
  state.router = routers.find((r) => r.role === "guide-isp-dhcp" && atLeast712(r.version)) ?? routers.find((r) => atLeast712(r.version));
  expect(state.router, "a router with RouterOS 7.12+").toBeDefined();
  const router = state.router as SimRouter;
  const ifaces = await routerGet<{ name: string; type: string }[]>(router, "/interface?.proplist=name,type");
  expect(ifaces.some((i) => i.name === NAME)).toBe(false);
  state.parent = ifaces.filter((i) => i.type === "ether" && i.name !== "ether1").at(-1)?.name;
  expect(state.parent, "an ethernet parent besides ether1").toBeDefined();
  state.deviceId = readE2eDb((db) => (db.prepare(`SELECT id FROM Device WHERE name = ?`).get(router.name) as { id: string } | undefined)?.id);
  expect(state.deviceId).toBeDefined();
});

test("an operator fills the template, previews every step on the router, and proposes one request", async ({ browser }) => {
  const { context, page } = await as(browser, "operator");
  await page.goto("/changes/new");
  await page.getByTestId("template-segment-link").click();
  await expect(page).toHaveURL(/\/changes\/new\/segment/);
  await page.getByLabel("MACVLAN name").fill(NAME);
  await page.getByLabel("Router 1", { exact: true }).selectOption(state.deviceId as string);
  await page.getByLabel("Parent interface of router 1").fill(state.parent as string);
  await page.getByLabel("Subnet of router 1").fill(SUBNET);
  await page.getByTestId("preview-button").click();
  const preview = page.getByTestId("setup-preview");
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText("all planned");
  const steps = page.getByTestId("preview-step");
  expect(await steps.count()).toBeGreaterThanOrEqual(11);
  await expect(steps.first()).toContainText(`Add MACVLAN ${NAME}`);
  await page.screenshot({ path: screenshotPath("setup-template-preview"), fullPage: true });

  await page.getByTestId("propose-button").click();
  await expect(page).toHaveURL(/\/changes\/c[a-z0-9]+$/, { timeout: 30_000 });
  state.changeId = page.url().split("/").pop();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "PENDING");
  await expect(page.getByTestId("setup-router")).toHaveCount(1);
  await expect(page.getByTestId("step-title").first()).toContainText(`Add MACVLAN ${NAME}`);
  await expect(page.getByTestId("approve-button")).toHaveCount(0);
  await context.close();
});

test("an admin approves and applies it: every step APPLIED, the router holds the segment with its rules in order", async ({ browser }) => {
  const { context, page } = await as(browser, "admin");
  await page.goto(`/changes/${state.changeId}`);
  await page.getByRole("textbox", { name: /comment/i }).fill("segment approved");
  await page.getByTestId("approve-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPROVED");
  await page.getByTestId("apply-now-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPLIED", { timeout: 60_000 });
  const statuses = page.getByTestId("target-status");
  const count = await statuses.count();
  for (let i = 0; i < count; i++) await expect(statuses.nth(i)).toHaveAttribute("data-status", "APPLIED");
  await page.screenshot({ path: screenshotPath("setup-template-applied"), fullPage: true });
  await context.close();

  const router = state.router as SimRouter;
  const macvlans = await routerGet<Record<string, string>[]>(router, `/interface/macvlan?name=${NAME}`);
  expect(macvlans).toMatchObject([{ name: NAME, interface: state.parent, mode: "private" }]);
  const servers = await routerGet<Record<string, string>[]>(router, `/ip/dhcp-server?name=dhcp-${NAME}`);
  expect(servers).toMatchObject([{ interface: NAME, "address-pool": `pool-${NAME}` }]);
  const filter = await routerGet<Record<string, string>[]>(router, "/ip/firewall/filter");
  const chain = (name: string) => filter.filter((r) => r.chain === name).map((r) => r.comment ?? "");
  expect(chain("forward").slice(0, 3)).toEqual([`${KEY}-est`, `${KEY}-to-wan`, `${KEY}-to-lan`]);
  expect(chain("input").slice(0, 3)).toEqual([`${KEY}-in-dhcp-dns`, `${KEY}-in-dns-tcp`, `${KEY}-in-drop`]);
  const status = readE2eDb((db) => (db.prepare(`SELECT status FROM ChangeRequest WHERE id = ?`).get(state.changeId) as { status: string }).status);
  expect(status).toBe("APPLIED");
});
