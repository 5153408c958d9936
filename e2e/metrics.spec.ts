import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { storageState } from "./accounts";
import { readE2eDb } from "./db";

type TokenRow = { id: string; name: string; tokenHash: string; tokenPrefix: string; lastUsedAt: string | null };

function storedTokens(): TokenRow[] {
  return readE2eDb((db) => db.prepare("SELECT id, name, tokenHash, tokenPrefix, lastUsedAt FROM MetricsToken ORDER BY createdAt").all() as TokenRow[]);
}

test("an admin makes a metrics token on /settings/metrics; Prometheus scrapes /metrics with it; revoked it gets 401", async ({ browser, request }) => {
  const name = `e2e-prometheus-${Date.now()}`;
  const context = await browser.newContext({ storageState: storageState("admin") });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Metrics" }).click();
  await expect(page).toHaveURL(/\/settings\/metrics$/);
  await page.getByLabel("Name").fill(name);
  await page.getByTestId("metrics-token-create").click();
  const token = (await page.getByTestId("metrics-token-value").innerText()).trim();
  expect(token).toMatch(/^rnoc_[A-Za-z0-9_-]{43}$/);
  const stored = storedTokens().find((t) => t.name === name);
  expect(stored?.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
  expect(JSON.stringify(storedTokens())).not.toContain(token);

  // No cookie: the proxy lets /metrics through to its own bearer check.
  const refused = await request.get("/metrics", { headers: { cookie: "" }, maxRedirects: 0 });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toMatch(/^Bearer/);
  const scraped = await request.get("/metrics", { headers: { authorization: `Bearer ${token}` }, maxRedirects: 0 });
  expect(scraped.status()).toBe(200);
  expect(scraped.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  const body = await scraped.text();
  expect(body).toMatch(/^routeros_device_up\{device="guide-macsec-a",site="[^"]+"\} 1$/m);
  expect(body).toContain("# TYPE routeros_macsec_stats_packets_total counter");
  await expect.poll(() => storedTokens().find((t) => t.name === name)?.lastUsedAt ?? null).not.toBeNull();

  await page.reload();
  const row = page.locator(`[data-testid="metrics-token-row"][data-prefix="${stored?.tokenPrefix}"]`);
  await row.getByTestId("metrics-token-revoke").click();
  await row.getByTestId("metrics-token-revoke-confirm").click();
  await expect(row).toHaveAttribute("data-state", "revoked");
  expect((await request.get("/metrics", { headers: { authorization: `Bearer ${token}` }, maxRedirects: 0 })).status()).toBe(401);
  await context.close();
});

test("an operator has no Metrics entry and /settings/metrics is forbidden", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageState("operator") });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Metrics" })).toHaveCount(0);
  await page.goto("/settings/metrics");
  await expect(page).toHaveURL(/\/forbidden/);
  await context.close();
});
