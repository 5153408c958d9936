import { expect, test, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { screenshotPath, storageState } from "./accounts";
import { readE2eDb } from "./db";

const CSV_HEADER = "id,ts,actorEmail,actorId,action,entityType,entityId,clientIp,requestId,before,after,prevHash,hash";

async function rowActions(page: Page): Promise<string[]> {
  return page.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action") ?? ""));
}

async function applyFilters(page: Page, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByTestId("audit-filter-apply").click();
}

test.describe("admin", () => {
  test.use({ storageState: storageState("admin") });

  test("sees the log newest first with a verified chain, and filters live in the URL", async ({ page }) => {
    await page.goto("/audit");
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    const status = page.getByTestId("audit-chain-status");
    await expect(status).toHaveAttribute("data-state", "ok");
    await expect(status).toContainText(/Chain OK: [\d,]+ events verified/);
    const ids = await page.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-event-id"))));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    await expect(page.getByTestId("audit-row").first().locator("time")).toHaveAttribute("title", / UTC$/);
    await page.screenshot({ path: screenshotPath("audit"), fullPage: true });

    await applyFilters(page, { Action: "auth." });
    await expect(page).toHaveURL(/action=auth\./);
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    expect((await rowActions(page)).every((a) => a.startsWith("auth."))).toBe(true);

    await applyFilters(page, { Action: "auth.login", Actor: "operator@noc.local" });
    await expect(page).toHaveURL(/actor=operator%40noc\.local/);
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    expect(new Set(await rowActions(page))).toEqual(new Set(["auth.login"]));
    await expect(page.getByTestId("audit-row").first()).toContainText("operator@noc.local");

    await page.goto("/audit?entityType=device&action=device.create");
    const link = page.getByTestId("audit-entity-link").first();
    await expect(link).toHaveAttribute("href", /^\/devices\/[^/]+$/);
    await link.click();
    await expect(page).toHaveURL(/\/devices\/[^/]+$/);

    await page.goto("/audit?q=no-such-text-anywhere-0xdeadbeef");
    await expect(page.getByText("No audit event matches these filters")).toBeVisible();
  });

  test("exports the filtered log as CSV (header + rows), and the export is itself audited", async ({ page }) => {
    await page.goto("/audit?action=auth.");
    const downloadPromise = page.waitForEvent("download");
    await page.getByTestId("audit-export").click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}-\d{6}Z\.csv$/);
    const text = await readFile((await download.path()) ?? "", "utf8");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,[^,]*,[^,]*,auth\./);

    const res = await page.request.get("/api/audit/export?action=device.create");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/csv/);
    const body = await res.text();
    expect(body.startsWith(`${CSV_HEADER}\r\n`)).toBe(true);
    expect(body).toContain(",device.create,device,");

    const exports = readE2eDb((db) =>
      db.prepare(`SELECT actorEmail, "after" FROM AuditEvent WHERE action = 'audit.export' ORDER BY id DESC LIMIT 2`).all(),
    ) as { actorEmail: string; after: string }[];
    expect(exports.map((e) => JSON.parse(e.after).filter)).toEqual(["action=device.create", "action=auth."]);
    expect(exports.every((e) => e.actorEmail === "admin@noc.local")).toBe(true);
  });
});

test.describe("operator", () => {
  test.use({ storageState: storageState("operator") });

  test("sees the log, the chain status and can export", async ({ page }) => {
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    await expect(page.getByTestId("audit-chain-status")).toHaveAttribute("data-state", "ok");
    const res = await page.request.get("/api/audit/export?action=auth.login");
    expect(res.status()).toBe(200);
    expect((await res.text()).split("\r\n")[0]).toBe(CSV_HEADER);
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageState("viewer") });

  test("gets the forbidden page and 403 from the audit route handlers", async ({ page }) => {
    await page.goto("/audit");
    await expect(page).toHaveURL(/\/forbidden/);
    await expect(page.getByRole("heading", { name: /do not have access/i })).toBeVisible();
    for (const path of ["/api/audit/export", "/api/audit/export?action=auth.", "/api/audit/chain"]) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(403);
      expect(await res.text()).not.toContain(CSV_HEADER);
    }
  });
});

test("signed out, the audit route handlers answer 401", async ({ request }) => {
  for (const path of ["/api/audit/export", "/api/audit/chain"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(401);
  }
});
