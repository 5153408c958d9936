import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { screenshotPath, storageState, type Account } from "./accounts";
import { captureAction, replayAction, type CapturedAction } from "./actions";
import { readE2eDb } from "./db";

/**
 * User management end to end. Each test creates its own accounts (unique emails per run); the seeded
 * admin/operator/viewer accounts are never changed (other specs use them).
 */

test.use({ storageState: storageState("admin") });

const RUN = Date.now().toString(36);
let seq = 0;
function uniqueEmail(tag: string): string {
  seq += 1;
  return `e2e-${tag}-${RUN}-${seq}@noc.local`;
}

/** Creates an account through the /users form (generated password) and returns the password shown once. */
async function createViaUi(page: Page, email: string, role: "VIEWER" | "OPERATOR" | "ADMIN"): Promise<string> {
  await page.goto("/users");
  const form = page.getByTestId("create-user-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill(`E2E ${email.split("@")[0]}`);
  await form.getByLabel("Role").selectOption(role);
  await page.getByTestId("create-user-submit").click();
  const shown = page.getByTestId("one-time-password");
  await expect(shown).toContainText(email);
  const password = (await page.getByTestId("one-time-password-value").textContent())?.trim() ?? "";
  expect(password.length).toBeGreaterThanOrEqual(12);
  await expect(userRow(page, email)).toHaveAttribute("data-role", role);
  return password;
}

function userRow(page: Page, email: string) {
  return page.locator(`[data-testid="user-row"][data-email="${email}"]`);
}

/** A browser context without any session (the file-level `use` would otherwise give it the admin's). */
function freshContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ storageState: { cookies: [], origins: [] } });
}

/** Logs in on a fresh browser context (no stored session). */
async function loginFresh(browser: Browser, email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await freshContext(browser);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/");
  return { context, page };
}

async function expectLoginRefused(browser: Browser, email: string, password: string): Promise<void> {
  const context = await freshContext(browser);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await context.close();
}

function dbUser(email: string): { id: string; role: string; disabled: number; passwordHash: string } | undefined {
  return readE2eDb((db) => db.prepare(`SELECT id, role, disabled, passwordHash FROM "User" WHERE email = ?`).get(email)) as
    { id: string; role: string; disabled: number; passwordHash: string } | undefined;
}

test("an admin creates a user who logs in; role changes, disabling and password resets apply on the user's next request", async ({ page, browser }) => {
  const email = uniqueEmail("lifecycle");
  const password = await createViaUi(page, email, "VIEWER");
  await page.screenshot({ path: screenshotPath("users"), fullPage: true });

  const user = await loginFresh(browser, email, password);
  await expect(user.page.getByTestId("current-user")).toContainText(/viewer/i);
  await user.page.goto("/audit");
  await expect(user.page).toHaveURL(/\/forbidden/);

  // Role change: the user's very next request has the new role (read from the database per request).
  await userRow(page, email).getByLabel(`Role of ${email}`).selectOption("OPERATOR");
  await userRow(page, email).getByTestId("user-role-save").click();
  await expect(userRow(page, email)).toHaveAttribute("data-role", "OPERATOR");
  await user.page.goto("/audit");
  await expect(user.page).toHaveURL(/\/audit$/);
  await expect(user.page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(user.page.getByTestId("current-user")).toContainText(/operator/i);

  // Disable: the open session is refused on its next request; logging in again fails with the normal message.
  await userRow(page, email).getByTestId("user-disable").click();
  await expect(userRow(page, email)).toHaveAttribute("data-disabled", "true");
  await user.page.goto("/devices");
  await expect(user.page).toHaveURL(/\/login/);
  const api = await user.context.request.get("/api/fleet/summary", { maxRedirects: 0 });
  expect(api.status()).toBe(401);
  await user.context.close();
  await expectLoginRefused(browser, email, password);

  // Enable + reset password: a session opened before the reset ends on its next request, the old password
  // is refused, the new one (shown once) works.
  await userRow(page, email).getByTestId("user-enable").click();
  await expect(userRow(page, email)).toHaveAttribute("data-disabled", "false");
  const beforeReset = await loginFresh(browser, email, password);
  await userRow(page, email).getByTestId("user-reset-password").click();
  const shown = userRow(page, email).getByTestId("one-time-password-value");
  await expect(shown).toBeVisible();
  const newPassword = (await shown.textContent())?.trim() ?? "";
  expect(newPassword).not.toBe(password);
  await beforeReset.page.goto("/devices");
  await expect(beforeReset.page).toHaveURL(/\/login/);
  await beforeReset.context.close();
  await expectLoginRefused(browser, email, password);
  const again = await loginFresh(browser, email, newPassword);
  await expect(again.page.getByTestId("current-user")).toContainText(/operator/i);
  await again.context.close();

  const row = dbUser(email);
  const events = readE2eDb((db) =>
    db.prepare(`SELECT action, "before", "after" FROM AuditEvent WHERE entityType = 'user' AND entityId = ? ORDER BY id`).all(row?.id),
  ) as {
    action: string;
    before: string | null;
    after: string | null;
  }[];
  expect(events.map((e) => e.action)).toEqual(
    expect.arrayContaining(["user.create", "user.update", "user.disable", "user.enable", "user.password_reset", "auth.login", "auth.login_failed"]),
  );
  for (const e of events) {
    for (const secret of [password, newPassword, row?.passwordHash ?? "-"]) expect(`${e.before}${e.after}`).not.toContain(secret);
  }
});

test("a typed first password must have 12 characters; the admin's own row cannot be demoted or disabled", async ({ page, browser }) => {
  const email = uniqueEmail("typed");
  await page.goto("/users");
  const form = page.getByTestId("create-user-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Typed Password");
  await form.getByLabel("Type it").check();
  await form.getByLabel("Password").fill("too-short");
  await page.getByTestId("create-user-submit").click();
  await expect(page.getByTestId("create-user-error")).toBeVisible();
  await expect(form).toContainText(/at least 12 characters/);
  expect(dbUser(email)).toBeUndefined();

  await form.getByLabel("Password").fill("long-enough-password");
  await page.getByTestId("create-user-submit").click();
  await expect(page.getByTestId("create-user-done")).toContainText(email);
  const user = await loginFresh(browser, email, "long-enough-password");
  await user.context.close();

  const self = userRow(page, "admin@noc.local");
  await expect(self.getByTestId("user-role-save")).toBeDisabled();
  await expect(self.getByTestId("user-disable")).toBeDisabled();
});

/** Submits a /users form as admin but aborts the POST: yields the real server action id and body, nothing runs. */
async function captureUsersAction(browser: Browser, submit: (page: Page) => Promise<void>): Promise<CapturedAction> {
  const context = await browser.newContext({ storageState: storageState("admin") });
  try {
    const page = await context.newPage();
    await page.goto("/users");
    return await captureAction(page, "**/users", () => submit(page), { abort: true });
  } finally {
    await context.close();
  }
}

test("viewers and operators cannot reach /users, and replayed POSTs of every user action are refused and change nothing", async ({ page, browser }) => {
  const target = uniqueEmail("target");
  await createViaUi(page, target, "VIEWER");
  const forged = uniqueEmail("forged");
  const before = dbUser(target);

  const captures: Record<string, CapturedAction> = {
    create: await captureUsersAction(browser, async (p) => {
      const form = p.getByTestId("create-user-form");
      await form.getByLabel("Email").fill(forged);
      await form.getByLabel("Name").fill("Forged");
      await form.getByLabel("Role").selectOption("ADMIN");
      await p.getByTestId("create-user-submit").click();
    }),
    changeRole: await captureUsersAction(browser, async (p) => {
      await userRow(p, target).getByLabel(`Role of ${target}`).selectOption("ADMIN");
      await userRow(p, target).getByTestId("user-role-save").click();
    }),
    disable: await captureUsersAction(browser, (p) => userRow(p, target).getByTestId("user-disable").click()),
    resetPassword: await captureUsersAction(browser, (p) => userRow(p, target).getByTestId("user-reset-password").click()),
  };

  for (const role of ["viewer", "operator"] as Account[]) {
    const context = await browser.newContext({ storageState: storageState(role) });
    const other = await context.newPage();
    await other.goto("/users");
    await expect(other).toHaveURL(/\/forbidden/);
    await expect(other.getByRole("heading", { name: /do not have access/i })).toBeVisible();
    for (const [name, captured] of Object.entries(captures)) {
      expect(await replayAction(context.request, captured), `${role} replaying ${name}`).toMatch(/do not have permission/i);
    }
    await context.close();
  }

  expect(dbUser(forged)).toBeUndefined();
  expect(dbUser(target)).toEqual(before);
  const events = readE2eDb((db) => db.prepare(`SELECT COUNT(*) AS n FROM AuditEvent WHERE entityId = ? AND action <> 'user.create'`).get(before?.id)) as {
    n: number;
  };
  expect(events.n).toBe(0);
});
