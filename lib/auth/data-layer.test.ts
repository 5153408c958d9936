import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../db-client";
import { createTestDb, type TestDb } from "../testing/test-db";
import { ForbiddenError, ROLES, UnauthenticatedError, can, type Permission, type RoleName } from "./permissions";
import { signInAs } from "./testdata/sign-in";

// The data layer (every lib/<area>/server.ts, CODE_STYLE.md "Data layer") with real sessions on a real SQLite
// file: each request carries the id of a UserSession row, checked by the app's own getCurrentUser →
// requirePermission → can(). Only Next's request scope is replaced: next-auth's cookie decoding (which session
// the request carries), the app's Prisma client (lib/db → the test database) and request headers.
const scope = vi.hoisted(() => ({ db: null as Db | null, sid: null as string | null }));
vi.mock("next-auth", () => ({ getServerSession: async () => (scope.sid ? { sid: scope.sid } : null) }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("../db", () => ({
  get db() {
    return scope.db;
  },
}));

/**
 * Every data-layer module, found by its file name: a new lib/<area>/server.ts (or lib/<area>/<part>-server.ts, keyed
 * `<area>-<part>`) is covered without editing this test.
 */
const modules = import.meta.glob<Record<string, unknown>>(["../*/server.ts", "../*/*-server.ts"], { eager: true });

/** The share token is the permission (lib/status/server.ts getSharedSiteStatus): no session grants anything. */
const SHARE_TOKEN = "share-token";
/** The metrics bearer token is the permission (lib/metrics-export/server.ts scrapeMetrics): no session grants anything. */
const METRICS_TOKEN = "metrics-token";

/**
 * The permission each exported function of the data layer requires, by `<area>/<export>`. A new export must
 * be listed here, so adding one is a decision about its permission.
 */
const REQUIRED: Record<string, Permission | typeof SHARE_TOKEN | typeof METRICS_TOKEN> = {
  "audit/listAuditEvents": "audit.read",
  "backups/listDeviceBackups": "changes.read",
  "backups/getBackupDiff": "changes.read",
  "backups/downloadBackup": "changes.read",
  "backups/backUpNow": "changes.propose",
  "backups/setBackupSecrets": "devices.manage",
  "backups/listOutsideChanges": "changes.read",
  "backups/countOutsideChanges": "changes.read",
  "backups/reviewOutsideChangeAs": "changes.approve",
  "backups/listBackupSites": "changes.read",
  "backups/getDeviceBackupSettings": "devices.manage",
  "backups/listSiteBackupSettings": "devices.manage",
  "backups/updateDeviceBackupSettings": "devices.manage",
  "backups/updateSiteBackupSettings": "devices.manage",
  "audit/listAuditFilterChoices": "audit.read",
  "audit/getAuditChainStatus": "audit.read",
  "audit/exportAuditCsv": "audit.read",
  "changes/listChanges": "changes.read",
  "changes/listChangeFilterOptions": "changes.read",
  "changes/getChange": "changes.read",
  "changes/listChangeDeviceOptions": "changes.propose",
  "changes/getChangeSuggestions": "changes.propose",
  "changes/previewChange": "changes.propose",
  "changes/proposeChange": "changes.propose",
  "changes/previewTemplate": "changes.propose",
  "changes/proposeTemplate": "changes.propose",
  "changes/approveChange": "changes.approve",
  "changes/rejectChange": "changes.approve",
  "changes/scheduleChange": "changes.approve",
  "changes/cancelChange": "changes.propose",
  "devices/listDevices": "devices.read",
  "devices/listSiteNames": "devices.read",
  "devices/getDeviceForEdit": "devices.manage",
  "devices/createDevice": "devices.manage",
  "devices/updateDevice": "devices.manage",
  "devices/deleteDevice": "devices.manage",
  "devices/testConnection": "devices.testConnection",
  "devices/getRouterNetworks": "devices.manage",
  "devices/addRouterNetwork": "devices.manage",
  "devices/removeRouterNetwork": "devices.manage",
  "devices/resetRouterNetworks": "devices.manage",
  "devices/getDeviceHeader": "devices.read",
  "devices/getDeviceOverview": "devices.read",
  "devices/readStoredMacServerSettings": "devices.read",
  "alerts/listAlertsPage": "alerts.read",
  "alerts/getAlertFilterChoices": "alerts.read",
  "alerts/countFiringAlerts": "alerts.read",
  "alerts/acknowledge": "alerts.acknowledge",
  "alerts/silence": "alerts.acknowledge",
  "alerts/listDeviceAlerts": "alerts.read",
  "alerts/countDeviceFiringAlerts": "alerts.read",
  "alerts-admin/listRules": "alerts.read",
  "alerts-admin/getRule": "alerts.manage",
  "alerts-admin/getScopeChoices": "alerts.manage",
  "alerts-admin/createRule": "alerts.manage",
  "alerts-admin/updateRule": "alerts.manage",
  "alerts-admin/deleteRule": "alerts.manage",
  "alerts-admin/listAllowListEntries": "alerts.read",
  "alerts-admin/addAllowListMac": "alerts.manage",
  "alerts-admin/removeAllowListMac": "alerts.manage",
  "alerts-admin/listTargets": "alerts.manage",
  "alerts-admin/getTarget": "alerts.manage",
  "alerts-admin/listTargetMessages": "alerts.manage",
  "alerts-admin/saveTarget": "alerts.manage",
  "alerts-admin/setTargetEnabled": "alerts.manage",
  "alerts-admin/deleteTarget": "alerts.manage",
  "alerts-admin/sendTestMessage": "alerts.manage",
  "devices/readStoredMacServerSessions": "devices.read",
  "devices/readStoredMacvlans": "devices.read",
  "devices/readStoredMacsecs": "devices.read",
  "devices/getDeviceSeries": "devices.read",
  "devices/readLiveAddressing": "devices.read",
  "devices/readLiveFirewall": "devices.read",
  "devices/readLiveInterfaceLists": "devices.read",
  "devices/readLiveMacvlanParents": "devices.read",
  "macsec/listMacsecLinks": "devices.read",
  "router-logs/readDeviceLog": "devices.read",
  "status/getFleetStatus": "status.read",
  "status/getSharedSiteStatus": SHARE_TOKEN,
  "status/getShareLinksAdmin": "status.share",
  "status/createShareLink": "status.share",
  "status/revokeShareLink": "status.share",
  "status/getFleetSummary": "status.read",
  "status/listFleetProblems": "status.read",
  "status/listTopMacvlanTalkers": "status.read",
  "metrics-export/listMetricsTokens": "metrics.manage",
  "metrics-export/createMetricsToken": "metrics.manage",
  "metrics-export/revokeMetricsToken": "metrics.manage",
  "metrics-export/scrapeMetrics": METRICS_TOKEN,
  "users/listAllUsers": "users.manage",
  "users/createUser": "users.manage",
  "users/changeUserRole": "users.manage",
  "users/setUserDisabled": "users.manage",
  "users/resetUserPassword": "users.manage",
};

type DataFn = (...args: unknown[]) => Promise<unknown>;

/** `<area>/<export>` → the function, for every function a data-layer module exports. */
function dataLayerFunctions(): Map<string, DataFn> {
  const found = new Map<string, DataFn>();
  for (const [file, exports] of Object.entries(modules)) {
    const match = /\.\.\/([^/]+)\/(?:([a-z-]+)-)?server\.ts$/.exec(file);
    const area = match?.[2] ? `${match[1]}-${match[2]}` : match?.[1];
    for (const [name, value] of Object.entries(exports)) if (typeof value === "function") found.set(`${area}/${name}`, value as DataFn);
  }
  return found;
}

/** Arguments that pass no validation: the call must be refused before any of them is looked at. */
const JUNK_ARGS: unknown[] = [{ id: "c000000000000000000000000", siteId: "nope", name: "x" }, { onlyProblems: false }];

/** What a call ends with: the refusal class (and its permission), or "ran" when it got past the check. */
async function outcome(fn: DataFn, args: unknown[]): Promise<string> {
  try {
    await fn(...args);
    return "ran";
  } catch (err) {
    if (err instanceof ForbiddenError) return `forbidden ${err.permission}`;
    if (err instanceof UnauthenticatedError) return "unauthenticated";
    return "ran";
  }
}

let t: TestDb;
const sessions = {} as Record<RoleName, string>;

beforeAll(async () => {
  t = await createTestDb();
  scope.db = t.db;
  for (const role of ROLES) sessions[role] = (await signInAs(t.db, role)).sid;
});
afterAll(() => t.cleanup());

describe("the data layer (lib/<area>/server.ts)", () => {
  it("finds the five modules, and every exported function has a required permission listed", () => {
    const names = [...dataLayerFunctions().keys()].sort();
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(5);
    expect(names).toEqual(Object.keys(REQUIRED).sort());
  });

  it("refuses every function to a signed-out caller and to each role without its permission, before touching anything", async () => {
    const writesBefore = await t.db.auditEvent.count();
    const refused: string[] = [];
    for (const [name, fn] of dataLayerFunctions()) {
      const permission = REQUIRED[name];
      if (!permission || permission === SHARE_TOKEN || permission === METRICS_TOKEN) continue;
      scope.sid = null;
      expect(`${name}: ${await outcome(fn, JUNK_ARGS)}`).toBe(`${name}: unauthenticated`);
      for (const role of ROLES) {
        if (can(role, permission)) continue;
        scope.sid = sessions[role];
        expect(`${name} as ${role}: ${await outcome(fn, JUNK_ARGS)}`).toBe(`${name} as ${role}: forbidden ${permission}`);
        refused.push(`${name} as ${role}`);
      }
    }
    expect(refused.length).toBeGreaterThan(30);
    expect(await t.db.auditEvent.count()).toBe(writesBefore);
  });

  it("lets each role holding the permission past the check (the listed permission is the one checked)", async () => {
    for (const [name, fn] of dataLayerFunctions()) {
      const permission = REQUIRED[name];
      if (!permission || permission === SHARE_TOKEN || permission === METRICS_TOKEN) continue;
      for (const role of ROLES.filter((r) => can(r, permission))) {
        scope.sid = sessions[role];
        expect(`${name} as ${role}: ${await outcome(fn, JUNK_ARGS)}`).toBe(`${name} as ${role}: ran`);
      }
    }
  });

  it("gives the shared status only for a valid share token, whoever is signed in", async () => {
    const shared = dataLayerFunctions().get("status/getSharedSiteStatus");
    expect(shared).toBeDefined();
    for (const sid of [null, ...ROLES.map((r) => sessions[r])]) {
      scope.sid = sid;
      expect(await shared?.("A".repeat(43), { onlyProblems: false })).toBeNull();
    }
  });

  it("gives the metrics only for a valid metrics bearer token, whoever is signed in", async () => {
    const scrape = dataLayerFunctions().get("metrics-export/scrapeMetrics");
    expect(scrape).toBeDefined();
    for (const sid of [null, ...ROLES.map((r) => sessions[r])]) {
      scope.sid = sid;
      expect(await scrape?.(`Bearer rnoc_${"A".repeat(43)}`)).toBeNull();
      expect(await scrape?.(null)).toBeNull();
    }
  });
});
