import { execFileSync } from "node:child_process";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { screenshotPath, storageState, type Account } from "./accounts";
import { captureAction, replayActionAs, type CapturedAction } from "./actions";
import { readE2eDb } from "./db";
import { routerGet, simRouters, type SimRouter } from "./sim";

// One story, in order: an operator proposes a MACVLAN, an admin approves and applies it, the simulator
// has it, the audit chain verifies; around it, every refusal (self-approval, operator approval,
// viewer) is tried with replayed server-action POSTs and checked against the database.
test.describe.configure({ mode: "serial" });

type ChangeRow = { id: string; status: string; hash: string; proposedById: string; decidedById: string | null };

const RUN = Date.now().toString(36).slice(-6);
const state: {
  router?: SimRouter;
  deviceId?: string;
  parent?: string;
  operatorChange?: ChangeRow;
  adminChange?: ChangeRow;
  actions: Partial<Record<"preview" | "propose" | "approve" | "reject" | "schedule", CapturedAction>>;
} = { actions: {} };

function atLeast(version: string, min: [number, number]): boolean {
  const [major = 0, minor = 0] = version.split(".").map((n) => Number.parseInt(n, 10));
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

function changes(): ChangeRow[] {
  return readE2eDb((db) => db.prepare(`SELECT id, status, hash, proposedById, decidedById FROM ChangeRequest ORDER BY proposedAt`).all() as ChangeRow[]);
}

function change(id: string): ChangeRow {
  const row = changes().find((c) => c.id === id);
  if (!row) throw new Error(`no change request ${id}`);
  return row;
}

function changeAuditCount(): number {
  return readE2eDb((db) => (db.prepare(`SELECT COUNT(*) AS n FROM AuditEvent WHERE entityType = 'change'`).get() as { n: number }).n);
}

async function as(browser: Browser, role: Account): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: storageState(role) });
  return { context, page: await context.newPage() };
}

async function fillMacvlan(page: Page, name: string) {
  await page.locator("#change-kind-select").selectOption("macvlan.add");
  await page.locator("#target-device").selectOption(state.deviceId as string);
  await page.locator('[id="field-param.name"]').fill(name);
  await page.locator('[id="field-param.interface"]').fill(state.parent as string);
  await page.locator('[id="field-param.mode"]').selectOption("bridge");
}

const macvlanName = `mv-e2e-${RUN}`;
/** The change pages whose server-action POSTs are captured (/changes/new and /changes/<id>). */
const CHANGES_URL = "**/changes/**";

test("setup: a simulated router with MACVLAN support (RouterOS 7.12+) and a free parent interface", async () => {
  const routers = await simRouters();
  const router = routers.find((r) => r.role === "edge" && atLeast(r.version, [7, 12])) ?? routers.find((r) => atLeast(r.version, [7, 12]));
  expect(router, "a router with RouterOS 7.12+").toBeDefined();
  state.router = router as SimRouter;
  const ifaces = await routerGet<{ name: string; type: string }[]>(state.router, "/interface?.proplist=name,type");
  state.parent = ifaces.filter((i) => i.type === "ether" && i.name !== "ether1").at(-1)?.name;
  expect(state.parent, "an ethernet parent besides ether1").toBeDefined();
  state.deviceId = readE2eDb((db) => (db.prepare(`SELECT id FROM Device WHERE name = ?`).get(state.router?.name) as { id: string } | undefined)?.id);
  expect(state.deviceId, "the seeded device of that router").toBeDefined();
});

test("an operator previews and proposes a MACVLAN, and cannot approve it", async ({ browser }) => {
  const { context, page } = await as(browser, "operator");
  await page.goto("/changes");
  await page.getByTestId("propose-change").click();
  await expect(page).toHaveURL(/\/changes\/new/);
  await fillMacvlan(page, macvlanName);
  await expect(page.getByTestId("target-count")).toContainText("1 device");

  state.actions.preview = await captureAction(page, CHANGES_URL, () => page.getByTestId("preview-button").click(), { abort: false });
  const preview = page.getByTestId("preview-target").filter({ hasText: state.router?.name as string });
  await expect(preview).toBeVisible();
  await expect(preview.getByTestId("preview-error")).toHaveCount(0);
  await expect(preview.getByTestId("preview-diff").locator('[data-field="name"]')).toContainText(macvlanName);
  await expect(preview.getByTestId("preview-diff").locator('[data-field="interface"]')).toContainText(state.parent as string);
  await expect(preview.getByTestId("change-calls")).toContainText("PUT /rest/interface/macvlan");
  await page.screenshot({ path: screenshotPath("change-preview"), fullPage: true });

  state.actions.propose = await captureAction(page, CHANGES_URL, () => page.getByTestId("propose-button").click(), { abort: false });
  await expect(page).toHaveURL(/\/changes\/(?!new)[A-Za-z0-9_-]+$/);
  const id = new URL(page.url()).pathname.split("/").at(-1) as string;
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "PENDING");
  await expect(page.getByTestId("change-title")).toContainText(macvlanName);
  await expect(page.getByTestId("approve-button")).toHaveCount(0);
  await expect(page.getByTestId("decision-reason")).toContainText(/only an admin other than the proposer/i);
  state.operatorChange = change(id);
  expect(state.operatorChange.status).toBe("PENDING");
  await context.close();
});

test("the admin sees it in the queue with the preview; a replayed approve POST with the operator's session is refused", async ({ browser }) => {
  const id = state.operatorChange?.id as string;
  const { context, page } = await as(browser, "admin");
  await page.goto("/changes?status=PENDING");
  await page.screenshot({ path: screenshotPath("change-queue"), fullPage: true });
  const row = page.locator(`[data-testid="change-row"][data-change-id="${id}"]`);
  await expect(row).toContainText(macvlanName);
  await row.getByRole("link", { name: new RegExp(macvlanName) }).click();
  await expect(page).toHaveURL(new RegExp(`/changes/${id}$`));
  const target = page.getByTestId("change-target");
  await expect(target.getByTestId("change-diff").locator('[data-field="name"]')).toContainText(macvlanName);
  await expect(target.getByTestId("change-calls")).toContainText("PUT /rest/interface/macvlan");

  // Capture the real approve and reject requests without letting them run.
  await page.getByRole("textbox", { name: /comment/i }).fill("e2e approval");
  state.actions.approve = await captureAction(page, CHANGES_URL, () => page.getByTestId("approve-button").click(), { abort: true });
  await page.reload();
  await page.getByTestId("reject-open").click();
  await page.getByRole("textbox", { name: /reason/i }).fill("e2e never sent");
  state.actions.reject = await captureAction(page, CHANGES_URL, () => page.getByTestId("reject-button").click(), { abort: true });
  expect(change(id).status).toBe("PENDING");

  const text = await replayActionAs(browser, "operator", state.actions.approve);
  expect(text).toMatch(/do not have permission to do this \(changes\.approve\)/i);
  expect(change(id)).toMatchObject({ status: "PENDING", decidedById: null });
  await context.close();
});

test("the admin approves and applies now: APPLIED, the simulator has the MACVLAN, the audit chain verifies", async ({ browser }) => {
  const id = state.operatorChange?.id as string;
  const { context, page } = await as(browser, "admin");
  await page.goto(`/changes/${id}`);
  await page.getByRole("textbox", { name: /comment/i }).fill("e2e approval");
  await page.getByTestId("approve-button").click();
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPROVED");
  await expect(page.getByTestId("decision-comment")).toHaveText("e2e approval");

  state.actions.schedule = await captureAction(page, CHANGES_URL, () => page.getByTestId("apply-now-button").click(), { abort: false });
  await expect(page.getByTestId("change-status").first()).toHaveAttribute("data-status", "APPLIED", { timeout: 30_000 });
  await expect(page.getByTestId("target-status")).toHaveAttribute("data-status", "APPLIED");
  await expect(page.getByTestId("change-steps")).toContainText("/rest/interface/macvlan");
  await expect(page.getByTestId("history-event").filter({ hasText: "change.finish" })).toHaveCount(1);
  await page.screenshot({ path: screenshotPath("change-applied"), fullPage: true });
  expect(change(id).status).toBe("APPLIED");

  const router = state.router as SimRouter;
  const rows = await routerGet<Record<string, string>[]>(router, `/interface/macvlan?name=${macvlanName}`);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ name: macvlanName, interface: state.parent, mode: "bridge" });

  const calls = readE2eDb(
    (db) =>
      db.prepare(`SELECT COUNT(*) AS n FROM AuditEvent WHERE entityType = 'change' AND entityId = ? AND action = 'change.router_call'`).get(id) as {
        n: number;
      },
  );
  expect(calls.n).toBeGreaterThan(0);
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/audit-verify.ts"], {
    encoding: "utf8",
    env: process.env,
  });
  expect(out).toMatch(/audit chain OK: \d+ events/);
  await context.close();
});

test("an admin cannot approve their own proposal: the UI says why and a replayed approve POST is refused", async ({ browser }) => {
  const { context, page } = await as(browser, "admin");
  const name = `mv-own-${RUN}`;
  await page.goto(`/changes/new?kind=macvlan.add&device=${state.deviceId}&name=${name}&interface=${state.parent}`);
  await expect(page.locator("#change-kind-select")).toHaveValue("macvlan.add");
  await expect(page.locator('[id="field-param.name"]')).toHaveValue(name);
  await page.getByTestId("propose-button").click();
  await expect(page).toHaveURL(/\/changes\/(?!new)[A-Za-z0-9_-]+$/);
  const id = new URL(page.url()).pathname.split("/").at(-1) as string;
  await expect(page.getByTestId("decision-reason")).toHaveText("You proposed this change: another admin must approve it.");
  await expect(page.getByTestId("approve-button")).toHaveCount(0);
  await expect(page.getByTestId("reject-open")).toHaveCount(0);
  state.adminChange = change(id);

  const a = state.operatorChange as ChangeRow;
  const b = state.adminChange;
  const text = await replayActionAs(browser, "admin", state.actions.approve as CapturedAction, (body) =>
    body.replaceAll(a.id, b.id).replaceAll(a.hash, b.hash),
  );
  expect(text).toContain("nobody approves their own change");
  expect(change(b.id)).toMatchObject({ status: "PENDING", decidedById: null });
  await context.close();
});

test("a viewer has no /changes access and every replayed change action POST is refused with nothing changed", async ({ browser }) => {
  const { context, page } = await as(browser, "viewer");
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Changes" })).toHaveCount(0);
  for (const path of ["/changes", "/changes/new", `/changes/${state.operatorChange?.id}`]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/forbidden/);
  }
  const api = await context.request.get(`/api/changes/${state.operatorChange?.id}`);
  expect(api.status()).toBe(403);
  await page.goto(`/devices/${state.deviceId}/mac-server`);
  await expect(page.getByTestId("device-header")).toBeVisible();
  await expect(page.getByTestId("device-propose-link")).toHaveCount(0);
  await expect(page.getByTestId("enable-mac-server-form")).toHaveCount(0);
  await context.close();

  const a = state.operatorChange as ChangeRow;
  const b = state.adminChange as ChangeRow;
  const toPending = (body: string) => body.replaceAll(a.id, b.id).replaceAll(a.hash, b.hash);
  const before = { rows: changes(), audit: changeAuditCount() };
  const permission = {
    preview: "changes.propose",
    propose: "changes.propose",
    approve: "changes.approve",
    reject: "changes.approve",
    schedule: "changes.approve",
  } as const;
  for (const action of ["preview", "propose", "approve", "reject", "schedule"] as const) {
    const captured = state.actions[action];
    expect(captured, `${action} was captured`).toBeDefined();
    const text = await replayActionAs(browser, "viewer", captured as CapturedAction, action === "approve" || action === "reject" ? toPending : undefined);
    expect(text, action).toContain(`You do not have permission to do this (${permission[action]})`);
  }
  expect(changes()).toEqual(before.rows);
  expect(changeAuditCount()).toBe(before.audit);
  expect(change(b.id).status).toBe("PENDING");
});

test("an admin rejects an operator's proposal with a reason; a bulk selection says how many devices it resolves to", async ({ browser }) => {
  const operator = await as(browser, "operator");
  const name = `mv-rej-${RUN}`;
  await operator.page.goto(`/changes/new?kind=macvlan.add&device=${state.deviceId}&name=${name}&interface=${state.parent}`);
  await operator.page.getByRole("radio", { name: "By site" }).check();
  await expect(operator.page.getByTestId("target-count")).toContainText("Resolves to 0 devices");
  const sites = readE2eDb(
    (db) =>
      db.prepare(`SELECT s.name AS site, COUNT(*) AS n FROM Device d JOIN Site s ON s.id = d.siteId GROUP BY s.name ORDER BY n DESC`).all() as {
        site: string;
        n: number;
      }[],
  );
  await operator.page.locator("#target-site").selectOption(sites[0]?.site as string);
  await expect(operator.page.getByTestId("target-count")).toContainText(`Resolves to ${sites[0]?.n} device`);
  await operator.page.getByRole("radio", { name: "One device" }).check();
  await operator.page.getByTestId("propose-button").click();
  await expect(operator.page).toHaveURL(/\/changes\/(?!new)[A-Za-z0-9_-]+$/);
  const id = new URL(operator.page.url()).pathname.split("/").at(-1) as string;
  await operator.context.close();

  const admin = await as(browser, "admin");
  await admin.page.goto(`/changes/${id}`);
  await admin.page.getByTestId("reject-open").click();
  await admin.page.getByTestId("reject-button").click();
  await expect(admin.page.getByText("Give a reason.")).toBeVisible();
  expect(change(id).status).toBe("PENDING");
  await admin.page.getByRole("textbox", { name: /reason/i }).fill("wrong parent for this site");
  await admin.page.getByTestId("reject-button").click();
  await expect(admin.page.getByTestId("change-status").first()).toHaveAttribute("data-status", "REJECTED");
  await expect(admin.page.getByTestId("decision-comment")).toHaveText("wrong parent for this site");
  await expect(admin.page.getByTestId("history-event").filter({ hasText: "change.reject" })).toHaveCount(1);
  expect(change(id).status).toBe("REJECTED");
  const rows = await routerGet<unknown[]>(state.router as SimRouter, `/interface/macvlan?name=${name}`);
  expect(rows).toHaveLength(0);
  await admin.context.close();
});

test("the MAC-server tab links to a prefilled proposal for an operator", async ({ browser }) => {
  const { context, page } = await as(browser, "operator");
  await page.goto(`/devices/${state.deviceId}/mac-server`);
  await expect(page.getByTestId("device-propose-link")).toBeVisible();
  const form = page.getByTestId("enable-mac-server-form");
  await form.getByLabel(/enable the mac server on interface/i).fill(state.parent as string);
  await form.getByRole("button", { name: /propose/i }).click();
  await expect(page).toHaveURL(/\/changes\/new\?/);
  await expect(page.locator("#change-kind-select")).toHaveValue("mac-server.enable-on-interface");
  await expect(page.locator("#target-device")).toHaveValue(state.deviceId as string);
  await expect(page.locator('[id="field-param.interface"]')).toHaveValue(state.parent as string);
  await context.close();
});
