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
      { callbackUrl: "%2F..%2F%2Fevil.example%2F", path: "/" },
      { callbackUrl: "%2F.%2F%2Fevil.example%2Fx", path: "/" },
      { callbackUrl: "%2Fa%2F..%2F..%2F%2Fevil.example", path: "/" },
      { callbackUrl: "%2F%252e%252e%2F%2Fevil.example", path: "/" },
      { callbackUrl: "javascript%3Aalert(1)", path: "/" },
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

  test("sign-out ends the session on the server: the cookie saved before it no longer works", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(ACCOUNTS.viewer.email);
    await page.getByLabel("Password").fill(ACCOUNTS.viewer.password);
    await page.getByRole("button", { name: /sign in/i }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/");
    const saved = await context.storageState();
    expect(saved.cookies.some((c) => /session-token/.test(c.name))).toBe(true);
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/login/);
    await context.close();

    const replay = await browser.newContext({ storageState: saved });
    const again = await replay.newPage();
    await again.goto("/devices");
    await expect(again).toHaveURL(/\/login/);
    expect((await replay.request.get("/api/fleet/summary", { maxRedirects: 0 })).status()).toBe(401);
    await replay.close();
    const session = readE2eDb((db) =>
      db
        .prepare(`SELECT s.revokedReason AS reason FROM UserSession s JOIN "User" u ON u.id = s.userId WHERE u.email = ? ORDER BY s.createdAt DESC LIMIT 1`)
        .get(ACCOUNTS.viewer.email),
    ) as { reason: string | null } | undefined;
    expect(session?.reason).toBe("logout");
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
  const device = readE2eDb((db) =>
    db.prepare(`SELECT d.id, d.name, s.name AS site FROM Device d JOIN Site s ON s.id = d.siteId ORDER BY d.name LIMIT 1`).get(),
  ) as { id: string; name: string; site: string };
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
  const after = readE2eDb((db) => db.prepare(`SELECT d.name, s.name AS site FROM Device d JOIN Site s ON s.id = d.siteId WHERE d.id = ?`).get(device.id)) as
    { name: string; site: string } | undefined;
  expect(after).toEqual({ name: device.name, site: device.site });
  const events = readE2eDb((db) => db.prepare(`SELECT action FROM AuditEvent WHERE id > ? AND action LIKE 'device.%'`).all(before)) as { action: string }[];
  expect(events).toEqual([]);
});

test.describe("security headers", () => {
  test.use({ storageState: storageState("admin") });

  test("the dashboard is served with a nonce CSP, every script carries the nonce, and nothing is blocked", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (msg) => {
      if (/content.security.policy/i.test(msg.text())) violations.push(msg.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
    });

    const res = await page.goto("/");
    const headers = res?.headers() ?? {};
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /script-src 'self' 'nonce-([^']+)' 'strict-dynamic'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) expect(csp).toContain(directive);
    expect(headers["permissions-policy"]).toContain("camera=()");
    const scripts = (await res?.text())?.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    // The client code ran (TanStack Query filled the counters) and a Recharts chart drew its points.
    await expect(page.getByTestId("count-up")).toHaveText(/[1-9]/, { timeout: 30_000 });
    await page.goto("/devices?q=guide-soho-macvlan");
    await page.getByRole("link", { name: "guide-soho-macvlan", exact: true }).first().click();
    await page.waitForURL(/\/devices\/[^/?]+$/);
    await page.getByRole("link", { name: "MACVLAN", exact: true }).click();
    const chart = page.getByTestId("chart-macvlan").first();
    await expect.poll(async () => Number(await chart.getAttribute("data-points")), { timeout: 45_000 }).toBeGreaterThan(0);
    await expect(chart.locator(".recharts-surface").first()).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test("refused server action calls are audited, a cross-site one is refused with 403", async ({ browser, playwright }) => {
  // Capture the real device-create action as admin, replay it signed out and with a viewer's session.
  const adminContext = await browser.newContext({ storageState: storageState("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/devices/new");
  await admin.locator("#field-name").fill(`refused-${Date.now()}`);
  const captured = await captureAction(admin, "**/devices/new", () => admin.getByTestId("device-form-submit").click(), { abort: true });
  await adminContext.close();
  // Refusals are audited once per actor, target and minute: an earlier test of this file may already have
  // recorded the viewer's refusal of this action in this minute, so look at the whole minute, not only new rows.
  const minuteStart = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString().replace("Z", "+00:00");

  const anonymous = await playwright.request.newContext({ baseURL: new URL(captured.url).origin });
  expect(await replayAction(anonymous, captured)).toMatch(/not signed in/i);
  const crossSite = await anonymous.post(captured.url, {
    headers: { "next-action": captured.headers["next-action"], "content-type": captured.headers["content-type"], origin: "https://evil.example" },
    data: captured.body,
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  await anonymous.dispose();
  const viewerContext = await browser.newContext({ storageState: storageState("viewer") });
  expect(await replayAction(viewerContext.request, captured)).toMatch(/do not have permission/i);
  await viewerContext.close();

  const kinds = (
    readE2eDb((db) => db.prepare("SELECT after FROM AuditEvent WHERE ts >= ? AND action = 'auth.refused'").all(minuteStart)) as { after: string }[]
  ).map((e) => JSON.parse(e.after).kind);
  expect(new Set(kinds)).toEqual(new Set(["unauthenticated", "csrf", "forbidden"]));
});

test("a form too large for the server is not sent and says so on the field", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageState("admin") });
  const page = await context.newPage();
  await page.goto("/devices/new");
  let posted = false;
  page.on("request", (req) => {
    if (req.method() === "POST") posted = true;
  });
  await page.locator("#field-name").fill("too-large");
  await page.locator("[name=caPem]").fill("A".repeat(1_100_000));
  await page.getByTestId("device-form-submit").click();
  await expect.poll(() => page.locator("[name=caPem]").evaluate((el: HTMLTextAreaElement) => el.validationMessage)).toMatch(/too large.*1 MB/i);
  expect(posted).toBe(false);
  await context.close();
});
