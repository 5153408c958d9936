import { readdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { storageState, type Account } from "./accounts";
import { captureAction } from "./actions";
import { readE2eDb } from "./db";
import { routerGet, simRouters } from "./sim";

// Every page of the app, checked with axe-core against WCAG 2 A and AA: any violation fails the page's
// test. Each check names the app/ file it renders; the last test fails when a page, not-found or error
// file exists that no check names, so a new page cannot skip the check.

const APP_DIR = path.join(__dirname, "..", "app");
const WCAG_TAGS = ["wcag2a", "wcag2aa"];
const RUN = Date.now().toString(36).slice(-6);

/**
 * One page to check: the app/ file it renders, who looks at it (null: signed out), and how to open it:
 * a URL (or a function of the browser that prepares the data and returns it), or `open` for a page
 * reached by an interaction. `ready` waits for the page's content (default: its main heading).
 */
interface PageCheck {
  file: string;
  role: Account | null;
  url?: string | ((browser: Browser) => Promise<string>);
  open?: (page: Page) => Promise<void>;
  ready?: (page: Page) => Promise<void>;
}

/** The page's WCAG 2 A/AA violations, one line per rule with the offending nodes (empty: none). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? "?"}, ${v.nodes.length} nodes): ${v.help}: ${v.nodes
        .slice(0, 5)
        .map((n) => n.target.join(" "))
        .join(" | ")}`,
  );
}

async function settle(page: Page, ready?: (page: Page) => Promise<void>): Promise<void> {
  if (ready) await ready(page);
  else await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await expect(page.getByRole("status", { name: "Loading" })).toHaveCount(0, { timeout: 30_000 });
}

function deviceId(name: string): string {
  const row = readE2eDb((db) => db.prepare("SELECT id FROM Device WHERE name = ?").get(name) as { id: string } | undefined);
  if (!row) throw new Error(`no seeded device ${name}`);
  return row.id;
}

function siteOf(device: string): { id: string; name: string } {
  return readE2eDb(
    (db) => db.prepare("SELECT s.id, s.name FROM Site s JOIN Device d ON d.siteId = s.id WHERE d.name = ?").get(device) as { id: string; name: string },
  );
}

/** Every app/ page, not-found and error file, relative to app/ (POSIX separators). */
function appFiles(dir = APP_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return appFiles(full);
    return ["page.tsx", "not-found.tsx", "error.tsx"].includes(e.name) ? [path.relative(APP_DIR, full).split(path.sep).join("/")] : [];
  });
}

/** /changes/new filled in with a MACVLAN on the MACVLAN guide router (RouterOS 7.12+) and a free ethernet parent. */
async function macvlanProposalUrl(name: string): Promise<string> {
  const router = (await simRouters()).find((r) => r.name === "guide-soho-macvlan");
  if (!router) throw new Error("the simulator has no guide-soho-macvlan");
  const ifaces = await routerGet<{ name: string; type: string }[]>(router, "/interface?.proplist=name,type");
  const parent = ifaces.filter((i) => i.type === "ether" && i.name !== "ether1").at(-1)?.name;
  expect(parent, "an ethernet parent besides ether1").toBeDefined();
  return `/changes/new?kind=macvlan.add&device=${deviceId(router.name)}&name=${name}&interface=${parent}`;
}

/** A pending MACVLAN proposal by the admin; returns its page's path. */
async function proposedChange(browser: Browser): Promise<string> {
  const url = await macvlanProposalUrl(`mv-a11y-${RUN}`);
  const context = await browser.newContext({ storageState: storageState("admin") });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId("propose-button").click();
    await expect(page).toHaveURL(/\/changes\/(?!new)[A-Za-z0-9_-]+$/);
    return new URL(page.url()).pathname;
  } finally {
    await context.close();
  }
}

/** The id of a seeded alert rule (the worker creates the built-in rules when it starts). */
async function alertRulePath(): Promise<string> {
  const read = () => readE2eDb((db) => db.prepare('SELECT id FROM "AlertRule" WHERE name = ?').get("MACsec errors") as { id: string } | undefined);
  await expect.poll(() => read()?.id, { timeout: 30_000 }).toBeTruthy();
  return `/alerts/rules/${read()?.id ?? ""}`;
}

/** A disabled e-mail notification target (nothing is sent to it) made by the admin on /alerts/targets; returns its page's path. */
async function notificationTarget(browser: Browser): Promise<string> {
  const context = await browser.newContext({ storageState: storageState("admin") });
  try {
    const page = await context.newPage();
    await page.goto("/alerts/targets");
    const form = page.getByTestId("target-form");
    await form.getByLabel("E-mail (SMTP)").check();
    await form.locator("#field-name").fill(`a11y mail ${RUN}`);
    await form.locator("#field-smtpHost").fill("127.0.0.1");
    await form.locator("#field-mailFrom").fill("noc@example.test");
    await form.locator("#field-mailTo").fill("oncall@example.test");
    await form.getByLabel("Enabled").uncheck();
    await page.getByTestId("target-save").click();
    await page.getByTestId("target-saved").getByRole("link").click();
    await expect(page).toHaveURL(/\/alerts\/targets\/[^/]+$/);
    return new URL(page.url()).pathname;
  } finally {
    await context.close();
  }
}

/** A share link of the MACsec guide routers' site, made by the admin; returns its path (/share/<token>). */
async function sharedSite(browser: Browser): Promise<string> {
  const context = await browser.newContext({ storageState: storageState("admin") });
  try {
    const page = await context.newPage();
    await page.goto("/status/share-links");
    await page.getByLabel("Site").selectOption(siteOf("guide-macsec-a").id);
    await page.getByLabel("Label").fill(`e2e a11y ${RUN}`);
    await page.getByTestId("share-link-create").click();
    const url = (await page.getByTestId("share-link-url").textContent()) ?? "";
    expect(url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
    return new URL(url).pathname;
  } finally {
    await context.close();
  }
}

/** Shows an error boundary: a server action posted from `url` whose request never reaches the server. */
function abortedAction(url: () => string | Promise<string>, submit: (page: Page) => Promise<void>, title: string): (page: Page) => Promise<void> {
  return async (page) => {
    const target = await url();
    const pathname = new URL(target, "http://app.invalid").pathname;
    await page.goto(target);
    await captureAction(
      page,
      (u) => u.pathname === pathname,
      () => submit(page),
      { abort: true },
    );
    await expect(page.getByRole("alert").filter({ hasText: title })).toBeVisible();
  };
}

const notFound = async (page: Page) => {
  await expect(page.getByText(/not found|does not exist/i).first()).toBeVisible();
};

const CHECKS: PageCheck[] = [
  { file: "login/page.tsx", role: null, url: "/login" },
  {
    file: "(dashboard)/page.tsx",
    role: "admin",
    url: "/",
    ready: async (page) => expect(page.getByTestId("count-up")).toHaveText(/[1-9]/, { timeout: 30_000 }),
  },
  { file: "(dashboard)/devices/page.tsx", role: "admin", url: "/devices" },
  { file: "(dashboard)/devices/new/page.tsx", role: "admin", url: "/devices/new" },
  { file: "(dashboard)/devices/networks/page.tsx", role: "admin", url: "/devices/networks" },
  { file: "(dashboard)/devices/[id]/(tabs)/page.tsx", role: "admin", url: async () => `/devices/${deviceId("guide-macsec-a")}` },
  { file: "(dashboard)/devices/[id]/(tabs)/mac-server/page.tsx", role: "admin", url: async () => `/devices/${deviceId("guide-macserver")}/mac-server` },
  { file: "(dashboard)/devices/[id]/(tabs)/macvlan/page.tsx", role: "admin", url: async () => `/devices/${deviceId("guide-soho-macvlan")}/macvlan` },
  { file: "(dashboard)/devices/[id]/(tabs)/macsec/page.tsx", role: "admin", url: async () => `/devices/${deviceId("guide-macsec-a")}/macsec` },
  {
    file: "(dashboard)/devices/[id]/(tabs)/configuration/page.tsx",
    role: "admin",
    url: async () => `/devices/${deviceId("guide-soho-macvlan")}/configuration`,
  },
  { file: "(dashboard)/devices/[id]/(tabs)/logs/page.tsx", role: "admin", url: async () => `/devices/${deviceId("guide-macserver")}/logs` },
  { file: "(dashboard)/devices/[id]/(tabs)/alerts/page.tsx", role: "operator", url: async () => `/devices/${deviceId("guide-macserver")}/alerts` },
  {
    file: "(dashboard)/devices/[id]/(tabs)/ip/page.tsx",
    role: "admin",
    url: async () => `/devices/${deviceId("guide-isp-dhcp")}/ip`,
    ready: async (page) => expect(page.getByTestId("dhcp-leases-table")).toBeVisible(),
  },
  {
    file: "(dashboard)/devices/[id]/(tabs)/firewall/page.tsx",
    role: "admin",
    url: async () => `/devices/${deviceId("guide-soho-macvlan")}/firewall`,
    ready: async (page) => expect(page.getByTestId("firewall-filter-table")).toBeVisible(),
  },
  { file: "(dashboard)/devices/[id]/edit/page.tsx", role: "admin", url: async () => `/devices/${deviceId("guide-macsec-a")}/edit` },
  { file: "(dashboard)/macsec/page.tsx", role: "viewer", url: "/macsec" },
  { file: "(dashboard)/alerts/page.tsx", role: "operator", url: "/alerts" },
  { file: "(dashboard)/alerts/rules/page.tsx", role: "operator", url: "/alerts/rules" },
  {
    file: "(dashboard)/alerts/rules/[id]/page.tsx",
    role: "admin",
    url: alertRulePath,
    ready: async (page) => expect(page.getByTestId("rule-form")).toBeVisible(),
  },
  { file: "(dashboard)/alerts/rules/new/page.tsx", role: "admin", url: "/alerts/rules/new?type=macsec-errors" },
  { file: "(dashboard)/alerts/allow-list/page.tsx", role: "admin", url: "/alerts/allow-list" },
  { file: "(dashboard)/alerts/targets/page.tsx", role: "admin", url: "/alerts/targets" },
  { file: "(dashboard)/alerts/targets/[id]/page.tsx", role: "admin", url: notificationTarget },
  { file: "(dashboard)/backups/page.tsx", role: "admin", url: "/backups" },
  { file: "(dashboard)/changes/page.tsx", role: "admin", url: "/changes" },
  { file: "(dashboard)/changes/new/page.tsx", role: "admin", url: "/changes/new" },
  { file: "(dashboard)/changes/new/segment/page.tsx", role: "operator", url: "/changes/new/segment" },
  { file: "(dashboard)/changes/new/macsec-link/page.tsx", role: "operator", url: "/changes/new/macsec-link" },
  { file: "(dashboard)/changes/new/mac-server-hardening/page.tsx", role: "operator", url: "/changes/new/mac-server-hardening" },
  { file: "(dashboard)/changes/new/address-plan/page.tsx", role: "operator", url: "/changes/new/address-plan" },
  { file: "(dashboard)/changes/[id]/page.tsx", role: "admin", url: proposedChange },
  { file: "(dashboard)/audit/page.tsx", role: "admin", url: "/audit" },
  { file: "(dashboard)/users/page.tsx", role: "admin", url: "/users" },
  { file: "(dashboard)/status/page.tsx", role: "admin", url: "/status" },
  { file: "(dashboard)/status/share-links/page.tsx", role: "admin", url: "/status/share-links" },
  { file: "(dashboard)/settings/metrics/page.tsx", role: "admin", url: "/settings/metrics" },
  {
    file: "share/[token]/page.tsx",
    role: null,
    url: sharedSite,
    ready: async (page) => expect(page.getByRole("heading", { level: 1, name: siteOf("guide-macsec-a").name })).toBeVisible(),
  },
  {
    file: "forbidden/page.tsx",
    role: "viewer",
    url: "/users",
    ready: async (page) => {
      await expect(page).toHaveURL(/\/forbidden$/);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    },
  },
  { file: "not-found.tsx", role: "admin", url: "/no-such-page", ready: notFound },
  { file: "(dashboard)/devices/[id]/not-found.tsx", role: "admin", url: "/devices/no-such-device", ready: notFound },
  { file: "(dashboard)/changes/[id]/not-found.tsx", role: "admin", url: "/changes/no-such-change", ready: notFound },
  { file: "share/[token]/not-found.tsx", role: null, url: `/share/${"A".repeat(43)}`, ready: notFound },
  {
    file: "(dashboard)/error.tsx",
    role: "admin",
    open: abortedAction(
      () => "/status/share-links",
      async (page) => {
        await page.getByLabel("Site").selectOption(siteOf("guide-macsec-a").id);
        await page.getByTestId("share-link-create").click();
      },
      "This page could not be loaded",
    ),
    ready: async () => {},
  },
  {
    file: "(dashboard)/changes/error.tsx",
    role: "admin",
    open: abortedAction(
      () => macvlanProposalUrl(`mv-never-${RUN}`),
      async (page) => page.getByTestId("propose-button").click(),
      "This change page could not be shown",
    ),
    ready: async () => {},
  },
  {
    file: "(dashboard)/devices/[id]/error.tsx",
    role: "admin",
    open: abortedAction(
      () => `/devices/${deviceId("guide-macsec-a")}/edit`,
      async (page) => page.getByTestId("device-form").locator('button[type="submit"]').click(),
      "This device page could not be shown",
    ),
    ready: async () => {},
  },
];

for (const c of CHECKS) {
  test(`axe WCAG 2 A/AA: ${c.file}${c.role ? ` as ${c.role}` : " signed out"}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const url = typeof c.url === "function" ? await c.url(browser) : c.url;
    const context = await browser.newContext(c.role ? { storageState: storageState(c.role) } : {});
    try {
      const page = await context.newPage();
      if (c.open) await c.open(page);
      else await page.goto(url ?? "/");
      await settle(page, c.ready);
      expect(await violations(page), `${page.url()} (app/${c.file})`).toEqual([]);
    } finally {
      await context.close();
    }
  });
}

test("every page, not-found and error file of app/ has a check", () => {
  const named = new Set(CHECKS.map((c) => c.file));
  expect(appFiles().filter((f) => !named.has(f))).toEqual([]);
});
