import { expect, test as setup } from "@playwright/test";
import { ACCOUNTS, storageState, type Account } from "./accounts";

for (const role of Object.keys(ACCOUNTS) as Account[]) {
  setup(`log in as ${role}`, async ({ page }) => {
    const { email, password } = ACCOUNTS[role];
    expect(password, "scripts/e2e.mjs passes the seeded passwords").not.toBe("");
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: /sign in/i }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/");
    await expect(page.getByRole("navigation")).toContainText(/devices/i);
    await page.context().storageState({ path: storageState(role) });
  });
}
