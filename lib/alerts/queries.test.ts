import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import { alertFilterSchema, countUnacknowledgedFiring, listAlerts } from "./queries";
import { ensureBuiltInRules } from "./service";

/** The alerts page's reads on a real database: each filter (state view, site, device, rule, severity) and paging. */

let t: TestDb;
let rules: Map<string, { id: string; severity: string }>;
const at = (min: number) => new Date(Date.parse("2026-12-01T10:00:00Z") + min * 60_000);

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.createMany({
    data: [
      { id: "s1", name: "Paris" },
      { id: "s2", name: "Lyon" },
    ],
  });
  await t.db.device.createMany({
    data: [
      { id: "d1", name: "r1", siteId: "s1", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" },
      { id: "d2", name: "r2", siteId: "s2", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" },
    ],
  });
  await ensureBuiltInRules(t.db);
  rules = new Map((await t.db.alertRule.findMany()).map((r) => [r.type, r]));
  const rule = (type: string) => rules.get(type)?.id ?? "";
  const base = { values: "{}", lastSeenAt: at(0) };
  await t.db.alert.createMany({
    data: [
      { ...base, id: "a1", ruleId: rule("device-down"), objectKey: "d1", deviceId: "d1", siteId: "s1", state: "firing", firstSeenAt: at(1), firedAt: at(2) },
      {
        ...base,
        id: "a2",
        ruleId: rule("device-down"),
        objectKey: "d2",
        deviceId: "d2",
        siteId: "s2",
        state: "firing",
        firstSeenAt: at(2),
        acknowledgedAt: at(3),
        ackNote: "on it",
      },
      { ...base, id: "a3", ruleId: rule("cpu-high"), objectKey: "d1", deviceId: "d1", siteId: "s1", state: "pending", firstSeenAt: at(3) },
      {
        ...base,
        id: "a4",
        ruleId: rule("mac-session-unknown"),
        objectKey: "d2/02:00:00:00:00:01",
        deviceId: "d2",
        siteId: "s2",
        state: "resolved",
        firstSeenAt: at(0),
        resolvedAt: at(5),
        subject: "02:00:00:00:00:01",
      },
    ],
  });
});

afterAll(async () => {
  await t?.cleanup();
});

const ids = async (raw: Record<string, unknown>) => (await listAlerts(t.db, alertFilterSchema.parse(raw))).rows.map((r) => r.id);

describe("alert list queries", () => {
  it("filters by state view, site, device, rule and severity", async () => {
    expect(await ids({})).toEqual(["a3", "a2", "a1"]);
    expect(await ids({ view: "firing" })).toEqual(["a1"]);
    expect(await ids({ view: "acknowledged" })).toEqual(["a2"]);
    expect(await ids({ view: "resolved" })).toEqual(["a4"]);
    expect(await ids({ siteId: "s1" })).toEqual(["a3", "a1"]);
    expect(await ids({ deviceId: "d2" })).toEqual(["a2"]);
    expect(await ids({ ruleId: rules.get("cpu-high")?.id })).toEqual(["a3"]);
    expect(await ids({ severity: "critical" })).toEqual(["a2", "a1"]);
    expect(await ids({ view: "bogus", severity: "bogus" })).toEqual(["a3", "a2", "a1"]);
    expect(await countUnacknowledgedFiring(t.db)).toBe(1);
  });

  it("returns rows with device, site and values, and clamps the page", async () => {
    const page = await listAlerts(t.db, alertFilterSchema.parse({ view: "resolved", page: "9" }));
    expect(page).toMatchObject({ page: 1, pageCount: 1, total: 1 });
    expect(page.rows[0]).toMatchObject({ device: { id: "d2", name: "r2" }, siteName: "Lyon", subject: "02:00:00:00:00:01", values: {}, silenced: false });
  });
});
