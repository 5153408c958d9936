import { expect, test, type Page } from "@playwright/test";
import { storageState } from "./accounts";
import { readE2eDb } from "./db";
import { setSimFault, simRouter, type SimRouter } from "./sim";

test.use({ storageState: storageState("admin") });

async function fillConnection(page: Page, r: SimRouter, password: string) {
  await page.locator("#field-apiUrl").fill(r.apiUrl);
  await page.locator("#field-username").fill(r.username);
  await page.locator("#field-password").fill(password);
}

test("an admin adds a device (with test connection), edits it and deletes it; each step is audited", async ({ page }) => {
  const router = await simRouter("guide-isp-dhcp");
  const name = `e2e-added-${Date.now()}`;
  await page.goto("/devices");
  await page.getByTestId("add-device").click();
  await page.locator("#field-name").fill(name);
  await page.locator("#field-site").fill("E2E-Lab");

  await fillConnection(page, router, "wrong-password");
  await page.getByTestId("test-connection").click();
  await expect(page.getByTestId("test-connection-result")).toContainText(/unauthori[sz]ed/i);

  await fillConnection(page, router, router.password);
  await page.getByTestId("test-connection").click();
  await expect(page.getByTestId("test-connection-result")).toContainText("guide-isp-dhcp");

  await page.getByTestId("device-form-submit").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  const deviceUrl = page.url();
  // The poller picks the new device up on its next claim (2 s interval in e2e).
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("device-header").getByTestId("status-badge")).toHaveText("up", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  await page.getByTestId("device-edit-link").click();
  await expect(page.locator("#field-password")).toHaveValue("");
  await page.locator("#field-site").fill("E2E-Lab-2");
  await page.getByTestId("device-form-submit").click();
  await expect(page).toHaveURL(deviceUrl);
  await expect(page.getByTestId("device-header")).toContainText("E2E-Lab-2");

  await page.getByTestId("device-edit-link").click();
  await page.getByLabel(`Type “${name}” to confirm`).fill(name);
  await page.getByTestId("delete-device-submit").click();
  await expect(page).toHaveURL(/\/devices$/);
  await page.goto(`/devices?q=${name}`);
  await expect(page.getByTestId("device-row")).toHaveCount(0);

  const events = readE2eDb((db) =>
    db
      .prepare(`SELECT action, "before", "after" FROM AuditEvent WHERE action LIKE 'device.%' AND ("after" LIKE ? OR "before" LIKE ?) ORDER BY id`)
      .all(`%${name}%`, `%${name}%`),
  ) as { action: string; before: string | null; after: string | null }[];
  expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["device.create", "device.update", "device.delete"]));
  for (const e of events) {
    expect(`${e.before}${e.after}`).not.toContain(router.password);
    expect(`${e.before}${e.after}`).not.toContain("wrong-password");
  }
});

test("a router that refuses the credentials shows as unauthorized with the router's answer", async ({ page }) => {
  const target = "guide-isp-dhcp";
  await setSimFault(target, { mode: "unauthorized" });
  try {
    await expect(async () => {
      await page.goto(`/devices?q=${target}`);
      await expect(page.getByTestId("device-row").first().getByTestId("status-badge")).toHaveText("unauthorized", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.getByRole("link", { name: target, exact: true }).first().click();
    await expect(page.getByTestId("device-last-error")).toContainText(/401|unauthori[sz]ed/i);
  } finally {
    await setSimFault(target, null);
  }
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("device-header").getByTestId("status-badge")).toHaveText("up", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
});

test("an admin keeps the router networks: the simulator's seeded network, add and remove, each audited", async ({ page }) => {
  await page.goto("/devices");
  await page.getByTestId("router-networks-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Router networks");
  await expect(page.getByTestId("router-networks-table")).toContainText("127.0.0.1/32");
  await expect(page.getByTestId("router-networks-table")).toContainText("10.0.0.0/8");

  await page.locator("#field-cidr").fill("169.254.0.0/16");
  await page.getByTestId("router-network-add").click();
  await expect(page.locator("#field-cidr-error")).toContainText("never allowed");

  const cidr = `10.${100 + Math.floor(Math.random() * 100)}.0.0/16`;
  await page.locator("#field-cidr").fill(cidr);
  await page.locator("#field-comment").fill("e2e lab");
  await page.getByTestId("router-network-add").click();
  await expect(page.getByTestId("router-network-added")).toContainText(`Added ${cidr}`);
  const row = page.getByTestId("router-network-row").filter({ hasText: cidr });
  await expect(row).toContainText("e2e lab");
  await row.getByTestId("router-network-remove").click();
  await expect(page.getByTestId("router-network-row").filter({ hasText: cidr })).toHaveCount(0);

  const actions = readE2eDb((db) =>
    db
      .prepare(`SELECT action FROM AuditEvent WHERE action LIKE 'router_network.%' AND ("after" LIKE ? OR "before" LIKE ?) ORDER BY id`)
      .all(`%${cidr}%`, `%${cidr}%`),
  ) as { action: string }[];
  expect(actions.map((a) => a.action)).toEqual(["router_network.add", "router_network.remove"]);
});

test("the device form refuses hostile names and targets outside the router networks, naming the field", async ({ page }) => {
  const appPort = new URL(process.env.E2E_BASE_URL ?? "http://localhost:3210").port;
  await page.goto("/devices/new");
  await page.locator("#field-name").fill("edge\u202e1");
  await page.locator("#field-site").fill("E2E-Lab");
  await page.locator("#field-apiUrl").fill("http://169.254.169.254");
  await page.locator("#field-username").fill("noc");
  await page.locator("#field-password").fill("not-a-router-password");
  await page.getByTestId("device-form-submit").click();
  await expect(page.locator("#field-name-error")).toContainText("invisible or direction-changing");

  await page.locator("#field-name").fill(`e2e-refused-${Date.now()}`);
  await page.getByTestId("device-form-submit").click();
  await expect(page.locator("#field-apiUrl-error")).toContainText("169.254.169.254 is a link-local address");

  await page.locator("#field-apiUrl").fill(`http://127.0.0.1:${appPort}`);
  await page.getByTestId("test-connection").click();
  await expect(page.getByTestId("test-connection-result")).toContainText("the router's address is not allowed");
  await page.getByTestId("device-form-submit").click();
  await expect(page.locator("#field-apiUrl-error")).toContainText(`127.0.0.1 port ${appPort} is this NOC server itself`);
  await expect(page).toHaveURL(/\/devices\/new$/);
});
