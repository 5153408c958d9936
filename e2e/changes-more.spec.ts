import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { screenshotPath, storageState, type Account } from "./accounts";
import { readE2eDb } from "./db";
import { routerGet, routerMacsecCak, setSimFault, simRouters, type SimRouter } from "./sim";

// More change-request stories through the UI (operator proposes, admin approves and applies), each
// checked against the routers' own REST API and the e2e database: a bulk by site with per-device
// progress, a scheduled window, and a MACsec add whose CAK must never reach a browser or the database.
// This file runs before changes.spec.ts (name order): every router it touches is put back as it was
// through the simulator's REST API, whatever the outcome.

type ChangeRow = { id: string; status: string; windowStart: unknown; windowEnd: unknown; applyStartedAt: unknown; secretsSealed: string | null };
type DeviceRow = { id: string; name: string; site: string };

const RUN = Date.now().toString(36).slice(-6);
/** The admin's browser zone in the window test: not UTC (+09:00, no DST), so a local/UTC mix-up fails it. */
const ZONE = "Asia/Tokyo";
const LOCALE = "en-GB";
const CHANGE_URL = /\/changes\/(?!new)[A-Za-z0-9_-]+$/;

function change(id: string): ChangeRow {
  const row = readE2eDb(
    (db) =>
      db.prepare(`SELECT id, status, windowStart, windowEnd, applyStartedAt, secretsSealed FROM ChangeRequest WHERE id = ?`).get(id) as ChangeRow | undefined,
  );
  if (!row) throw new Error(`no change request ${id}`);
  return row;
}

function devices(): DeviceRow[] {
  return readE2eDb((db) => db.prepare(`SELECT d.id, d.name, s.name AS site FROM Device d JOIN Site s ON s.id = d.siteId ORDER BY d.name`).all() as DeviceRow[]);
}

function deviceId(name: string): string {
  const row = devices().find((d) => d.name === name);
  if (!row) throw new Error(`no seeded device ${name}`);
  return row.id;
}

/** A DateTime column as Prisma's SQLite adapter stores it (ms since epoch or ISO text) → ms since epoch (UTC). */
function toMs(value: unknown): number {
  if (typeof value === "number" || typeof value === "bigint") return Number(value);
  if (typeof value === "string") return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  throw new Error(`not a stored date: ${String(value)}`);
}

async function as(browser: Browser, role: Account, options: { timezoneId?: string; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: storageState(role), ...options });
  return { context, page: await context.newPage() };
}

/** A basic-auth call to a simulated router's RouterOS REST API (`<apiUrl>/rest<path>`), expecting 2xx. */
async function routerCall(r: SimRouter, method: "POST" | "DELETE", restPath: string, body?: Record<string, string>): Promise<void> {
  const res = await fetch(`${r.apiUrl}/rest${restPath}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${r.username}:${r.password}`).toString("base64")}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(res.ok, `${method} ${restPath} on ${r.name}: ${res.status}`).toBe(true);
}

/** Where the browser's response bodies are collected: text of every html, json, text/* and RSC (text/x-component) response. */
type RecordedBody = { url: string; text: string };

async function recordBodies(context: BrowserContext, into: Promise<RecordedBody | null>[]): Promise<void> {
  // Through a route rather than the "response" event: the browser may drop a response's body once the page moved on
  // (a server action's streamed answer read after the navigation it caused), which made the record miss bodies the
  // page did show. Fetched here, each body is recorded whole, then handed to the page; redirects are passed on as is.
  await context.route(/.*/, async (route) => {
    if (route.request().url().includes("/_next/static/")) return route.continue();
    try {
      const response = await route.fetch({ maxRedirects: 0 });
      const body = await response.body();
      if (/html|json|text\/|x-component/.test(response.headers()["content-type"] ?? "")) {
        into.push(Promise.resolve({ url: route.request().url(), text: body.toString("utf8") }));
      }
      await route.fulfill({ response, body });
    } catch {
      // The page or context closed while the request was in flight: nothing reached the browser.
      await route.abort().catch(() => undefined);
    }
  });
}

/** Opens /changes/new as the operator (recording its response bodies into `bodies` when given), picks `kind`. */
async function newProposal(browser: Browser, kind: string, bodies?: Promise<RecordedBody | null>[]): Promise<{ context: BrowserContext; page: Page }> {
  const session = await as(browser, "operator");
  if (bodies) await recordBodies(session.context, bodies);
  await session.page.goto("/changes");
  await session.page.getByTestId("propose-change").click();
  await expect(session.page).toHaveURL(/\/changes\/new/);
  await session.page.locator("#change-kind-select").selectOption(kind);
  return session;
}

/** Clicks Propose and returns the new request's id once the page shows it PENDING. */
async function propose(page: Page): Promise<string> {
  await page.getByTestId("propose-button").click();
  await expect(page).toHaveURL(CHANGE_URL);
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "PENDING");
  return new URL(page.url()).pathname.split("/").at(-1) as string;
}

/** As the admin on the request page: approve (with a comment) and wait for APPROVED. */
async function approve(page: Page, id: string): Promise<void> {
  await page.goto(`/changes/${id}`);
  await page.getByRole("textbox", { name: /comment/i }).fill(`e2e ${RUN}`);
  await page.getByTestId("approve-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPROVED");
}

/** `datetime-local` value of the instant `ms` in `timeZone` (minutes: the input's default step is 60 s). */
function localInputValue(ms: number, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** What components/ui/time.tsx shows for `ms`: the local time (text) and the UTC time (title, on hover). */
function shownTime(ms: number): { local: string; utc: string } {
  return {
    local: new Date(ms).toLocaleString(LOCALE, { dateStyle: "medium", timeStyle: "medium", timeZone: ZONE }),
    utc: `${new Date(ms).toISOString().replace("T", " ").slice(0, 19)} UTC`,
  };
}

test("bulk by site: MAC ping disabled on every device of a site, applied device by device with progress, then put back", async ({ browser }) => {
  test.setTimeout(120_000);
  const routers = await simRouters();
  const bySite = new Map<string, DeviceRow[]>();
  for (const d of devices()) bySite.set(d.site, [...(bySite.get(d.site) ?? []), d]);
  // A site with at least 2 devices, all in the simulator with MAC ping on (a device with nothing to change refuses the proposal).
  let site: string | undefined;
  const original = new Map<string, string>();
  for (const [name, rows] of [...bySite].filter(([, rows]) => rows.length >= 2).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    const states = await Promise.all(rows.map(async (d) => ({ d, r: routers.find((r) => r.name === d.name) })));
    if (states.some((s) => !s.r)) continue;
    const pings = await Promise.all(states.map((s) => routerGet<{ enabled: string }>(s.r as SimRouter, "/tool/mac-server/ping")));
    if (pings.every((p) => p.enabled === "true")) {
      site = name;
      states.forEach((s, i) => original.set(s.d.name, pings[i]?.enabled as string));
      break;
    }
  }
  expect(site, "a site with ≥ 2 devices, all with MAC ping enabled").toBeDefined();
  const names = [...original.keys()].sort();
  const targets = routers.filter((r) => names.includes(r.name));

  try {
    const operator = await newProposal(browser, "mac-server.set-ping");
    await operator.page.getByRole("radio", { name: "By site" }).check();
    await operator.page.locator("#target-site").selectOption(site as string);
    await expect(operator.page.getByTestId("target-count")).toContainText(`Resolves to ${names.length} devices: ${names.join(", ")}`);
    await expect(operator.page.locator('[id="field-param.enabled"]')).not.toBeChecked();
    await operator.page.getByTestId("preview-button").click();
    await expect(operator.page.getByTestId("preview-target")).toHaveCount(names.length);
    for (const name of names) {
      const preview = operator.page.locator(`[data-testid="preview-target"][data-device="${name}"]`);
      await expect(preview.getByTestId("preview-error")).toHaveCount(0);
      const row = preview.getByTestId("preview-diff").locator('[data-field="enabled"]');
      await expect(row).toContainText("/tool/mac-server/ping");
      await expect(row.locator("td").nth(2)).toHaveText("true");
      await expect(row.locator("td").nth(3)).toHaveText("false");
      await expect(preview.getByTestId("change-calls")).toContainText('POST /rest/tool/mac-server/ping/set {"enabled":"false"}');
    }
    await expect(operator.page.getByTestId("change-preview")).toContainText(`${names.length} devices, all planned`);
    const id = await propose(operator.page);
    await expect(operator.page.getByTestId("change-target")).toHaveCount(names.length);
    await operator.context.close();

    const admin = await as(browser, "admin");
    await approve(admin.page, id);
    // Hold each router's reply to the write for 2 s (the simulator performs it at once, sim/README.md
    // "latency"), so the 1 s refresh of the request page sees the bulk half done.
    for (const r of targets) await setSimFault(r.name, { mode: "latency", latencyMs: 2_000, methods: ["POST"] });
    await admin.page.getByTestId("apply-now-button").click();
    const progress = admin.page.getByTestId("change-progress");
    const n = names.length;
    await expect(progress).toContainText(new RegExp(`^[0-${n - 1}] of ${n} devices done, [0-${n - 1}] applied\\s*applying device [1-${n}] of ${n}$`));
    await expect(admin.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPLIED", { timeout: 45_000 });
    await expect(progress).toHaveText(`${n} of ${n} devices done, ${n} applied`);
    for (const name of names) {
      const card = admin.page.locator(`[data-testid="change-target"][data-device="${name}"]`);
      await expect(card.getByTestId("target-status")).toHaveAttribute("data-status", "APPLIED");
      await expect(card.getByTestId("change-steps")).toContainText("POST /rest/tool/mac-server/ping/set");
    }
    await admin.page.screenshot({ path: screenshotPath("change-bulk-applied"), fullPage: true });
    await admin.context.close();

    expect(change(id).status).toBe("APPLIED");
    const rows = readE2eDb(
      (db) =>
        db.prepare(`SELECT deviceName, status FROM ChangeTarget WHERE changeRequestId = ? ORDER BY position`).all(id) as {
          deviceName: string;
          status: string;
        }[],
    );
    expect(rows.map((r) => r.deviceName).sort()).toEqual(names);
    expect(rows.every((r) => r.status === "APPLIED")).toBe(true);
    for (const r of targets) expect(await routerGet<{ enabled: string }>(r, "/tool/mac-server/ping"), r.name).toEqual({ enabled: "false" });
  } finally {
    for (const r of targets) {
      await setSimFault(r.name, null);
      await routerCall(r, "POST", "/tool/mac-server/ping/set", { enabled: original.get(r.name) as string });
    }
  }
  for (const r of targets)
    expect(await routerGet<{ enabled: string }>(r, "/tool/mac-server/ping"), `${r.name} put back`).toEqual({ enabled: original.get(r.name) });
});

test("a scheduled window: SCHEDULED with the window in local time (UTC on hover), applied only once it opens", async ({ browser }) => {
  test.setTimeout(180_000);
  // MAC-Winbox allowed-interface-list=none on one router outside the MACsec guide site; no later spec reads it,
  // and it is put back at the end anyway.
  const router = (await simRouters()).find((r) => r.name === "guide-isp-dhcp") as SimRouter;
  expect(router, "guide-isp-dhcp in the simulator").toBeDefined();
  const before = await routerGet<Record<string, string>>(router, "/tool/mac-server/mac-winbox");
  expect(before["allowed-interface-list"]).not.toBe("none");

  try {
    const operator = await newProposal(browser, "mac-server.set-allowed-list");
    await operator.page.locator("#target-device").selectOption(deviceId(router.name));
    await operator.page.locator('[id="field-param.service"]').selectOption("mac-winbox");
    await operator.page.locator('[id="field-param.allowedInterfaceList"]').fill("none");
    const id = await propose(operator.page);
    await expect(operator.page.getByTestId("change-title")).toContainText("MAC-Winbox allowed-interface-list=none");
    await operator.context.close();

    const admin = await as(browser, "admin", { timezoneId: ZONE, locale: LOCALE });
    await approve(admin.page, id);
    await admin.page.getByRole("radio", { name: "Schedule a window" }).check();
    // datetime-local takes whole minutes here (step 60 s: seconds make the form invalid), so the window opens
    // at the first whole minute at least 20 s away: 20–80 s from now.
    const start = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    const end = start + 10 * 60_000;
    await admin.page.locator("#field-windowStart").fill(localInputValue(start, ZONE));
    await admin.page.locator("#field-windowEnd").fill(localInputValue(end, ZONE));
    await expect(admin.page.getByTestId("schedule-form")).toContainText(`Your time zone (${ZONE}); stored in UTC.`);
    await admin.page.getByTestId("schedule-button").click();
    await expect(admin.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "SCHEDULED");
    await expect(admin.page.getByTestId("decision-reason")).toContainText("Scheduled: the worker applies it when its window opens");

    const stored = change(id);
    expect(toMs(stored.windowStart)).toBe(start);
    expect(toMs(stored.windowEnd)).toBe(end);
    const times = admin.page.locator('dl > div:has(> dt:text-is("Window")) > dd time');
    await expect(times).toHaveCount(2);
    for (const [i, ms] of [start, end].entries()) {
      const shown = shownTime(ms);
      await times.nth(i).hover();
      await expect(times.nth(i)).toHaveAttribute("title", shown.utc);
      await expect(times.nth(i)).toHaveAttribute("datetime", new Date(ms).toISOString());
      await expect(times.nth(i)).toHaveText(shown.local);
    }

    // Shortly before the window opens: still SCHEDULED, nothing applied, the router untouched.
    await admin.page.waitForTimeout(Math.max(0, start - 3_000 - Date.now()));
    expect(change(id)).toMatchObject({ status: "SCHEDULED", applyStartedAt: null });
    await expect(admin.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "SCHEDULED");
    expect((await routerGet<Record<string, string>>(router, "/tool/mac-server/mac-winbox"))["allowed-interface-list"]).toBe(before["allowed-interface-list"]);

    await expect.poll(() => change(id).status, { timeout: 30_000, intervals: [250] }).toBe("APPLIED");
    expect(toMs(change(id).applyStartedAt)).toBeGreaterThanOrEqual(start);
    await expect(admin.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPLIED");
    await expect(admin.page.getByTestId("target-status")).toHaveAttribute("data-status", "APPLIED");
    await admin.page.screenshot({ path: screenshotPath("change-window-applied"), fullPage: true });
    await admin.context.close();
    expect((await routerGet<Record<string, string>>(router, "/tool/mac-server/mac-winbox"))["allowed-interface-list"]).toBe("none");
  } finally {
    await routerCall(router, "POST", "/tool/mac-server/mac-winbox/set", { "allowed-interface-list": before["allowed-interface-list"] as string });
  }
  expect(await routerGet<Record<string, string>>(router, "/tool/mac-server/mac-winbox")).toEqual(before);
});

test("cancel: the proposer withdraws a scheduled change from the keyboard (confirmation and reason); it is never applied", async ({ browser }) => {
  test.setTimeout(240_000);
  // MAC-Telnet on guide-isp-dhcp: no spec changes it, and a cancelled change never reaches the router.
  const router = (await simRouters()).find((r) => r.name === "guide-isp-dhcp") as SimRouter;
  expect(router, "guide-isp-dhcp in the simulator").toBeDefined();
  const before = await routerGet<Record<string, string>>(router, "/tool/mac-server");
  expect(before["allowed-interface-list"]).not.toBe("none");

  const operator = await newProposal(browser, "mac-server.set-allowed-list");
  await operator.page.locator("#target-device").selectOption(deviceId(router.name));
  await operator.page.locator('[id="field-param.service"]').selectOption("mac-telnet");
  await operator.page.locator('[id="field-param.allowedInterfaceList"]').fill("none");
  const id = await propose(operator.page);

  const admin = await as(browser, "admin");
  await approve(admin.page, id);
  await admin.page.getByRole("radio", { name: "Schedule a window" }).check();
  // A window opening at the first whole minute at least 60 s away: the runner would apply it then, unless cancelled first.
  const start = Math.ceil((Date.now() + 60_000) / 60_000) * 60_000;
  await admin.page.locator("#field-windowStart").fill(localInputValue(start, Intl.DateTimeFormat().resolvedOptions().timeZone));
  await admin.page.getByTestId("schedule-button").click();
  await expect(admin.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "SCHEDULED");

  await operator.page.reload();
  await expect(operator.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "SCHEDULED");
  const opener = operator.page.getByTestId("cancel-open");
  await expect(opener).toHaveAttribute("aria-expanded", "false");
  // Keyboard only: focus the button, Enter opens the confirmation (focus in the reason), Escape closes it.
  await opener.focus();
  await operator.page.keyboard.press("Enter");
  await expect(operator.page.getByTestId("cancel-form")).toBeVisible();
  await expect(operator.page.getByLabel("Reason (optional)")).toBeFocused();
  await operator.page.keyboard.press("Escape");
  await expect(operator.page.getByTestId("cancel-form")).toHaveCount(0);
  await expect(opener).toBeFocused();
  expect(change(id).status).toBe("SCHEDULED");

  await operator.page.keyboard.press("Enter");
  await operator.page.keyboard.type(`postponed ${RUN}`);
  await operator.page.keyboard.press("Tab");
  await expect(operator.page.getByTestId("cancel-confirm")).toBeFocused();
  await operator.page.keyboard.press("Enter");
  await expect(operator.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "CANCELLED");
  await expect(operator.page.getByTestId("decision-reason")).toContainText("Cancelled by operator@noc.local");
  await expect(operator.page.getByTestId("cancel-reason-shown")).toHaveText(`Reason: postponed ${RUN}`);
  await expect(operator.page.getByTestId("cancel-open")).toHaveCount(0);
  await expect(operator.page.getByTestId("target-status")).toHaveAttribute("data-status", "SKIPPED");
  await expect(operator.page.getByTestId("history-event").filter({ hasText: "change.cancel" })).toHaveCount(1);
  expect(change(id)).toMatchObject({ status: "CANCELLED", applyStartedAt: null, secretsSealed: null });

  // The queue's "cancelled" tab lists it with its badge.
  await operator.page.goto("/changes?status=CANCELLED");
  await expect(operator.page.getByTestId("change-status-tabs").getByRole("link", { name: /cancelled/ })).toHaveAttribute("aria-current", "page");
  await expect(operator.page.locator(`[data-testid="change-row"][data-change-id="${id}"] [data-testid="change-status"]`)).toHaveAttribute(
    "data-status",
    "CANCELLED",
  );
  await operator.context.close();

  // The admin's page (refreshed live while SCHEDULED) shows it cancelled, with nothing left to do.
  await expect(admin.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "CANCELLED");
  await expect(admin.page.getByTestId("cancel-open")).toHaveCount(0);
  await admin.context.close();

  // Past the window the runner has had its chance: still CANCELLED, the router untouched.
  await expect.poll(() => Date.now() > start + 2_000, { timeout: 150_000, intervals: [1_000] }).toBe(true);
  expect(change(id)).toMatchObject({ status: "CANCELLED", applyStartedAt: null });
  expect(await routerGet<Record<string, string>>(router, "/tool/mac-server")).toEqual(before);
});

/** An ethernet interface of `r` other than ether1 with no /ip/address and no VLAN, MACVLAN or MACsec on it. */
async function freeEthernet(r: SimRouter): Promise<string | undefined> {
  const ifaces = await routerGet<{ name: string; type: string }[]>(r, "/interface?.proplist=name,type");
  const used = new Set<string>();
  // The simulator has no /interface/bridge/port menu (404): bridge membership is not checked.
  for (const menu of ["/ip/address", "/interface/vlan", "/interface/macvlan", "/interface/macsec"]) {
    for (const row of await routerGet<{ interface?: string }[]>(r, `${menu}?.proplist=interface`)) if (row.interface) used.add(row.interface);
  }
  return ifaces.find((i) => i.type === "ether" && i.name !== "ether1" && !used.has(i.name))?.name;
}

test("MACsec add with a CAK: only its fingerprint reaches the browsers, the router has the CAK, the database never does", async ({ browser }) => {
  test.setTimeout(120_000);
  // Not the edge router changes.spec.ts changes, not the MACsec guides' site status.spec.ts shares.
  const candidates = (await simRouters()).filter((r) => r.role !== "edge" && r.role !== "guide-macsec");
  let router: SimRouter | undefined;
  let parent: string | undefined;
  for (const r of candidates) {
    parent = await freeEthernet(r);
    if (parent) {
      router = r;
      break;
    }
  }
  expect(router, "a router with a free ethernet interface").toBeDefined();
  const r = router as SimRouter;
  const name = `macsec-e2e-${RUN}`;
  const cak = randomBytes(16).toString("hex");
  const ckn = randomBytes(32).toString("hex");
  const fingerprint = createHash("sha256").update(cak).digest("hex").slice(0, 8);
  const operatorBodies: Promise<RecordedBody | null>[] = [];
  const adminBodies: Promise<RecordedBody | null>[] = [];

  try {
    const operator = await newProposal(browser, "macsec.add", operatorBodies);
    await operator.page.locator("#target-device").selectOption(deviceId(r.name));
    await operator.page.locator('[id="field-param.name"]').fill(name);
    await operator.page.locator('[id="field-param.interface"]').fill(parent as string);
    await operator.page.locator('[id="field-param.cak"]').fill(cak);
    await operator.page.locator('[id="field-param.ckn"]').fill(ckn);
    await operator.page.getByTestId("preview-button").click();
    const preview = operator.page.locator(`[data-testid="preview-target"][data-device="${r.name}"]`);
    await expect(preview.getByTestId("preview-error")).toHaveCount(0);
    await expect(operator.page.getByTestId("secret-fingerprint")).toHaveText(`cak fingerprint ${fingerprint}`);
    await expect(preview.getByTestId("preview-diff").locator('[data-field="cak"]')).toContainText(`<sealed, fingerprint ${fingerprint}>`);
    await expect(preview.getByTestId("change-calls")).toContainText(`PUT /rest/interface/macsec`);
    await expect(preview.getByTestId("change-calls")).toContainText(`"cak":"<sealed, fingerprint ${fingerprint}>"`);
    await expect(operator.page.locator('[id="field-param.cak-hint"]')).toContainText(`Entered key fingerprint: ${fingerprint}.`);
    const id = await propose(operator.page);
    await expect(operator.page.getByTestId("change-diff").locator('[data-field="cak"]')).toContainText(fingerprint);
    await operator.page.screenshot({ path: screenshotPath("change-macsec-proposed"), fullPage: true });
    const operatorSeen = (await Promise.all(operatorBodies)).filter((b): b is RecordedBody => b !== null);
    await operator.context.close();

    const admin = await as(browser, "admin");
    await recordBodies(admin.context, adminBodies);
    await approve(admin.page, id);
    const target = admin.page.getByTestId("change-target");
    await expect(target.getByTestId("change-diff").locator('[data-field="cak"]')).toContainText(`<sealed, fingerprint ${fingerprint}>`);
    await expect(target.getByTestId("change-calls")).toContainText(`"cak":"<sealed, fingerprint ${fingerprint}>"`);
    await admin.page.getByTestId("apply-now-button").click();
    await expect(admin.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPLIED", { timeout: 30_000 });
    await expect(target.getByTestId("target-status")).toHaveAttribute("data-status", "APPLIED");
    await expect(target.getByTestId("change-steps")).toContainText("PUT /rest/interface/macsec");
    await admin.page.reload();
    await expect(admin.page.getByTestId("change-diff").locator('[data-field="cak"]')).toContainText(fingerprint);
    const adminSeen = (await Promise.all(adminBodies)).filter((b): b is RecordedBody => b !== null);
    await admin.context.close();

    // Every body both browsers received: never the CAK, in either case; the fingerprint is there (the bodies were read).
    for (const [who, seen] of [
      ["operator", operatorSeen],
      ["admin", adminSeen],
    ] as const) {
      expect(seen.length, `${who} response bodies`).toBeGreaterThan(3);
      expect(
        seen.some((b) => b.text.includes(fingerprint)),
        `${who} saw the fingerprint`,
      ).toBe(true);
      const leaks = seen.filter((b) => b.text.includes(cak) || b.text.includes(cak.toUpperCase())).map((b) => b.url);
      expect(leaks, `${who} responses holding the CAK`).toEqual([]);
    }
    expect(change(id)).toMatchObject({ status: "APPLIED", secretsSealed: null });

    expect(await routerMacsecCak(r, name)).toEqual([{ name, cak }]);
    // Let the poller (every 2 s) store the new interface, so its rows are part of what is searched.
    await expect
      .poll(() => readE2eDb((db) => db.prepare(`SELECT COUNT(*) AS n FROM MacsecInterface WHERE name = ?`).get(name) as { n: number }).n, { timeout: 30_000 })
      .toBe(1);
    // The SQLite file and its WAL (recent pages live there until a checkpoint): the CAK as text (both cases)
    // and as its 16 raw bytes; the fingerprint (stored in the params) proves the request's pages were searched.
    const dir = path.join(__dirname, "..", ".tmp", "e2e");
    const files = ["app.db", "app.db-wal"].map((f) => path.join(dir, f)).filter((f) => existsSync(f));
    const bytes = files.map((f) => ({ file: f, data: readFileSync(f) }));
    expect(bytes.map((b) => path.basename(b.file))).toContain("app.db");
    for (const { file, data } of bytes) {
      for (const needle of [Buffer.from(cak), Buffer.from(cak.toUpperCase()), Buffer.from(cak, "hex")])
        expect(data.indexOf(needle), `${file} holds the CAK`).toBe(-1);
    }
    expect(
      bytes.some(({ data }) => data.indexOf(Buffer.from(fingerprint)) > -1),
      "the fingerprint is in the database",
    ).toBe(true);
  } finally {
    const left = await routerGet<{ ".id": string }[]>(r, `/interface/macsec?name=${name}&.proplist=.id`);
    for (const row of left) await routerCall(r, "DELETE", `/interface/macsec/${row[".id"]}`);
  }
  expect(await routerGet<unknown[]>(r, `/interface/macsec?name=${name}`)).toEqual([]);
});
