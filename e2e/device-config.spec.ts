import { expect, test } from "@playwright/test";
import { storageState } from "./accounts";
import { readE2eDb } from "./db";
import { simRouter } from "./sim";

// The device Configuration tab (lib/backups): an operator backs a router up, a change is made directly on the
// simulator (outside any change request), the next backup is flagged and its diff shows the changed line.
test.use({ storageState: storageState("operator") });

const ROUTER = "guide-isp-dhcp";

function deviceId(name: string): string {
  const row = readE2eDb((db) => db.prepare("SELECT id FROM Device WHERE name = ?").get(name) as { id: string } | undefined);
  if (!row) throw new Error(`no seeded device ${name}`);
  return row.id;
}

/** Sets the comment of the router's first `/ip/address` entry over its REST API (a change made outside the product). */
async function commentFirstAddress(comment: string): Promise<void> {
  const r = await simRouter(ROUTER);
  const auth = { authorization: `Basic ${Buffer.from(`${r.username}:${r.password}`).toString("base64")}`, "content-type": "application/json" };
  const list = (await (await fetch(`${r.apiUrl}/rest/ip/address`, { headers: auth })).json()) as Array<{ ".id": string }>;
  const first = list[0];
  if (!first) throw new Error(`${ROUTER} has no /ip/address entry`);
  const res = await fetch(`${r.apiUrl}/rest/ip/address/${encodeURIComponent(first[".id"])}`, {
    method: "PATCH",
    headers: auth,
    body: JSON.stringify({ comment }),
  });
  expect(res.status).toBe(200);
}

test("Configuration tab: back up, change the router by hand, back up again and see the flagged diff", async ({ page }) => {
  await page.goto(`/devices/${deviceId(ROUTER)}`);
  await page.getByTestId("device-tab-configuration").click();
  await expect(page).toHaveURL(/\/configuration$/);

  await page.getByTestId("backup-now").click();
  await expect(page.getByTestId("backup-now-result")).toHaveText(/New version stored|No change since the last version/);
  await expect(page.getByTestId("backup-row").first()).toBeVisible();

  const comment = `by hand ${Date.now()}`;
  await commentFirstAddress(comment);
  await page.getByTestId("backup-now").click();
  await expect(page.getByTestId("backup-now-result")).toHaveText(/New version stored \(\+1 −1\)/);

  const newest = page.getByTestId("backup-row").first();
  await expect(newest).toContainText("changed outside");
  await expect(newest).toContainText("+1 −1");
  const diff = page.getByTestId("config-diff");
  await expect(diff).toHaveAttribute("data-mode", "unified");
  await expect(diff.locator('[data-diff-line="added"]')).toContainText(comment);
  await expect(diff.locator('[data-diff-line="removed"]')).toHaveCount(1);

  await page.getByRole("link", { name: "Side-by-side view" }).click();
  await expect(page.getByTestId("config-diff")).toHaveAttribute("data-mode", "split");
  await expect(page.getByTestId("config-diff").locator('[data-diff-line="changed"]')).toContainText(comment);
});

test("Logs tab: reads the router's log on demand, filtered by topic and text", async ({ page }) => {
  await page.goto(`/devices/${deviceId(ROUTER)}`);
  await page.getByTestId("device-tab-logs").click();
  await expect(page).toHaveURL(/\/logs$/);
  await expect(page.getByTestId("log-table")).toContainText("router rebooted");

  await page.getByLabel("Topic").selectOption("system");
  await page.getByLabel("Message contains").fill("rebooted");
  await page.getByRole("button", { name: "Read log" }).click();
  await expect(page).toHaveURL(/topic=system/);
  await expect(page.getByTestId("log-table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("log-count")).toContainText("1 shown of 1 matching");
});
