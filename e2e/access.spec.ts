import { expect, test } from "@playwright/test";
import { ACCOUNTS, storageState } from "./accounts";
import { captureAction, replayAction } from "./actions";
import { readE2eDb } from "./db";

test.describe("signed out", () => {
  test("pages redirect to the login page", async ({ page }) => {
    for (const path of ["/", "/devices", "/devices/new"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login/);
    }
  });

  test("a wrong password is refused", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(ACCOUNTS.admin.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: /sign in/i }).click();
    await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  test("after login a hostile callbackUrl stays on this origin, a local one is followed", async ({ browser, baseURL }) => {
    const origin = new URL(baseURL ?? "http://localhost").origin;
    const cases = [
      { callbackUrl: "/%09/evil.example", path: "/" },
      { callbackUrl: "//evil.example/", path: "/" },
      { callbackUrl: "/%5Cevil.example", path: "/" },
      { callbackUrl: "https%3A%2F%2Fevil.example%2F", path: "/" },
      { callbackUrl: "%2Fdevices%3Fq%3Dcore", path: "/devices" },
    ];
    for (const c of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`/login?callbackUrl=${c.callbackUrl}`);
      await page.getByLabel("Email").fill(ACCOUNTS.operator.email);
      await page.getByLabel("Password").fill(ACCOUNTS.operator.password);
      await page.getByRole("button", { name: /sign in/i }).click();
      await expect(page).toHaveURL((url) => url.origin === origin && url.pathname === c.path);
      await expect(page.getByRole("button", { name: /sign in/i })).toHaveCount(0);
      expect(new URL(page.url()).origin, c.callbackUrl).toBe(origin);
      await context.close();
    }
  });

  test("the JSON API answers 401 to signed-out requests", async ({ request }) => {
    const res = await request.get("/api/fleet/summary", { maxRedirects: 0 });
    expect(res.status()).toBe(401);
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageState("viewer") });

  test("sees the devices list but no device editing", async ({ page }) => {
    await page.goto("/devices");
    await expect(page.getByTestId("device-row").first()).toBeVisible();
    await expect(page.getByRole("link", { name: /add device/i })).toHaveCount(0);
    await page.goto("/devices/new");
    await expect(page).toHaveURL(/\/forbidden/);
    await expect(page.getByRole("heading", { name: /do not have access/i })).toBeVisible();
  });
});

test("a direct POST of the device-create server action with a viewer session is refused", async ({ browser }) => {
  // 1. As admin, submit the real form but intercept the request: this yields the real server action id and body.
  const adminContext = await browser.newContext({ storageState: storageState("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/devices/new");
  const name = `viewer-forged-${Date.now()}`;
  await admin.locator("#field-name").fill(name);
  await admin.locator("#field-site").fill("Forged");
  await admin.locator("#field-apiUrl").fill("http://127.0.0.1:9/forged");
  await admin.locator("#field-username").fill("noc");
  await admin.locator("#field-password").fill("forged-password");
  const captured = await captureAction(admin, "**/devices/new", () => admin.getByTestId("device-form-submit").click(), { abort: true });
  await adminContext.close();

  // 2. Replay it with the viewer's session cookie.
  const viewerContext = await browser.newContext({ storageState: storageState("viewer") });
  const text = await replayAction(viewerContext.request, captured);
  expect(text).toMatch(/do not have permission/i);

  // 3. Nothing was created.
  const viewer = await viewerContext.newPage();
  await viewer.goto(`/devices?q=${name}`);
  await expect(viewer.getByTestId("device-row")).toHaveCount(0);
  await viewerContext.close();
  expect(readE2eDb((db) => db.prepare("SELECT COUNT(*) AS n FROM Device WHERE name = ?").get(name) as { n: number }).n).toBe(0);
});

test("direct POSTs of the device update, delete and test-connection actions with a viewer session are refused", async ({ browser }) => {
  const device = readE2eDb((db) => db.prepare(`SELECT d.id, d.name, s.name AS site FROM Device d JOIN Site s ON s.id = d.siteId ORDER BY d.name LIMIT 1`).get()) as { id: string; name: string; site: string };
  const lastEventId = () => (readE2eDb((db) => db.prepare("SELECT MAX(id) AS id FROM AuditEvent").get()) as { id: number }).id;
  const editUrl = `**/devices/${device.id}/edit`;

  // 1. As admin, trigger each action on the real edit page and capture its POST without letting it run.
  const adminContext = await browser.newContext({ storageState: storageState("admin") });
  const admin = await adminContext.newPage();
  const open = async () => {
    await admin.goto(`/devices/${device.id}/edit`);
    await expect(admin.locator("#field-name")).toHaveValue(device.name);
  };
  await open();
  await admin.locator("#field-site").fill("Forged-Site");
  const update = await captureAction(admin, editUrl, () => admin.getByTestId("device-form-submit").click(), { abort: true });
  await open();
  const testConnection = await captureAction(admin, editUrl, () => admin.getByTestId("test-connection").click(), { abort: true });
  await open();
  await admin.getByLabel(`Type “${device.name}” to confirm`).fill(device.name);
  const remove = await captureAction(admin, editUrl, () => admin.getByTestId("delete-device-submit").click(), { abort: true });
  await adminContext.close();

  // 2. Replay each with the viewer's session: refused, and nothing changed or was audited.
  const before = lastEventId();
  const viewerContext = await browser.newContext({ storageState: storageState("viewer") });
  for (const [what, captured] of Object.entries({ update, testConnection, remove })) {
    expect(await replayAction(viewerContext.request, captured), what).toMatch(/do not have permission/i);
  }
  await viewerContext.close();
  const after = readE2eDb((db) => db.prepare(`SELECT d.name, s.name AS site FROM Device d JOIN Site s ON s.id = d.siteId WHERE d.id = ?`).get(device.id)) as { name: string; site: string } | undefined;
  expect(after).toEqual({ name: device.name, site: device.site });
  const events = readE2eDb((db) => db.prepare(`SELECT action FROM AuditEvent WHERE id > ? AND action LIKE 'device.%'`).all(before)) as { action: string }[];
  expect(events).toEqual([]);
});
