import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { createTestDb, type TestDb } from "../testing/test-db";
import { queryFleetStatus, STATUS_SITE_ALERTS_SHOWN, toPublicStatus } from "../status/queries";
import { ensureBuiltInRules } from "./service";
import { countDeviceFiring, queryDeviceAlerts, queryFiringAlerts } from "./views";

/**
 * Where alerts show outside /alerts, on a real database: a device's tab, the overview's firing alerts, and the firing
 * alerts per site of /status and /share/<token> (text only: no alert, rule, device or site id).
 */

let t: TestDb;
const NOW = new Date("2026-12-01T12:00:00Z");
const min = (m: number) => new Date(NOW.getTime() + m * 60_000);
/** Every id the database generated (cuids) or was given: none may reach the status and share payloads' alerts. */
const ids: string[] = [];
const rule = new Map<string, string>();
const site = { paris: "", lyon: "", empty: "" };
const dev = { r1: "", r2: "", r3: "", off: "" };
let operatorId = "";

async function alert(data: {
  type: string;
  device: string;
  subject?: string;
  state: "pending" | "firing" | "resolved";
  firedAt?: Date;
  resolvedAt?: Date;
  ack?: string;
  silencedUntil?: Date;
}): Promise<string> {
  const device = await t.db.device.findUniqueOrThrow({ where: { id: data.device }, select: { siteId: true } });
  const ruleId = rule.get(data.type) ?? "";
  const row = await t.db.alert.create({
    data: {
      ruleId,
      objectKey: data.subject ? `${data.device}/${data.subject}` : data.device,
      deviceId: data.device,
      siteId: device.siteId,
      subject: data.subject ?? "",
      state: data.state,
      firstSeenAt: min(-60),
      lastSeenAt: min(0),
      firedAt: data.firedAt ?? null,
      resolvedAt: data.resolvedAt ?? null,
      values: JSON.stringify({ status: "negotiating" }),
      ...(data.ack ? { acknowledgedAt: min(-1), acknowledgedById: operatorId, ackNote: data.ack } : {}),
      silencedUntil: data.silencedUntil ?? null,
    },
    select: { id: true },
  });
  ids.push(row.id);
  return row.id;
}

beforeAll(async () => {
  t = await createTestDb();
  for (const [key, name] of [
    ["paris", "Paris"],
    ["lyon", "Lyon"],
    ["empty", "Quiet"],
  ] as const)
    site[key] = (await t.db.site.create({ data: { name }, select: { id: true } })).id;
  const device = async (name: string, siteId: string, enabled = true) =>
    (await t.db.device.create({ data: { name, siteId, enabled, apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" }, select: { id: true } })).id;
  dev.r1 = await device("core-par-01", site.paris);
  dev.r2 = await device("edge-par-02", site.paris);
  dev.r3 = await device("edge-lys-01", site.lyon);
  dev.off = await device("spare-par-09", site.paris, false);
  operatorId = (await t.db.user.create({ data: { email: "op@noc.local", name: "Olga Operator", role: "OPERATOR", passwordHash: "x" }, select: { id: true } }))
    .id;
  await ensureBuiltInRules(t.db);
  for (const r of await t.db.alertRule.findMany({ select: { id: true, type: true } })) rule.set(r.type, r.id);
  ids.push(...Object.values(site), ...Object.values(dev), operatorId, ...rule.values());

  await alert({ type: "macsec-not-encrypted", device: dev.r1, subject: "macsec1", state: "firing", firedAt: min(-30), ack: "CAK rotated on the far end" });
  await alert({ type: "mac-session-unknown", device: dev.r1, subject: "02:AB:CD:00:00:01", state: "firing", firedAt: min(-5), silencedUntil: min(60) });
  await alert({ type: "cpu-high", device: dev.r1, state: "pending" });
  await alert({ type: "device-down", device: dev.r1, state: "resolved", firedAt: min(-50), resolvedAt: min(-40) });
  await alert({ type: "macvlan-not-running", device: dev.r1, subject: "macvlan-iot", state: "resolved", firedAt: min(-50), resolvedAt: min(-20) });
  await alert({ type: "device-down", device: dev.r3, state: "firing", firedAt: min(-2) });
  await alert({ type: "device-down", device: dev.off, state: "firing", firedAt: min(-1) });
});

afterAll(async () => {
  await t?.cleanup();
});

describe("a device's alerts (its Alerts tab)", () => {
  it("lists its open alerts firing first and the most severe first, then its resolved ones newest first, with who acknowledged", async () => {
    const { open, resolved } = await queryDeviceAlerts(t.db, dev.r1, NOW);
    expect(open.map((a) => [a.rule.name, a.state, a.subject])).toEqual([
      ["MACsec link not encrypted", "firing", "macsec1"],
      ["MAC-server session from an unknown MAC", "firing", "02:AB:CD:00:00:01"],
      ["CPU load high", "pending", ""],
    ]);
    expect(resolved.map((a) => a.rule.name)).toEqual(["MACVLAN not running", "Device down or unauthorized"]);
    const macsec = at(open, 0);
    expect([macsec.acknowledgedBy, macsec.ackNote, macsec.values]).toEqual(["Olga Operator", "CAK rotated on the far end", { status: "negotiating" }]);
    expect([at(open, 1).silenced, at(open, 1).acknowledgedBy]).toEqual([true, null]);
    expect((await queryDeviceAlerts(t.db, dev.r2, NOW)).open).toEqual([]);
  });

  it("counts its firing alerts for the tab's badge", async () => {
    expect([await countDeviceFiring(t.db, dev.r1), await countDeviceFiring(t.db, dev.r2), await countDeviceFiring(t.db, dev.r3)]).toEqual([2, 0, 1]);
  });
});

describe("the overview's problems", () => {
  it("are the firing alerts, the most severe first then the newest, with their device and site, counted past the limit", async () => {
    const all = await queryFiringAlerts(t.db, 50, NOW);
    expect(all.total).toBe(4);
    expect(all.rows.map((a) => [a.rule.severity, a.device.name, a.site.name, a.subject])).toEqual([
      ["critical", "spare-par-09", "Paris", ""],
      ["critical", "edge-lys-01", "Lyon", ""],
      ["critical", "core-par-01", "Paris", "macsec1"],
      ["warning", "core-par-01", "Paris", "02:AB:CD:00:00:01"],
    ]);
    const macsec = at(all.rows, 2);
    expect([macsec.firedAt, macsec.acknowledged, macsec.silenced, macsec.device.id, macsec.site.id]).toEqual([
      min(-30).toISOString(),
      true,
      false,
      dev.r1,
      site.paris,
    ]);
    expect(at(all.rows, 3).silenced).toBe(true);
    const first = await queryFiringAlerts(t.db, 1, NOW);
    expect([first.total, first.rows.length]).toEqual([4, 1]);
  });
});

describe("firing alerts per site on /status and /share/<token>", () => {
  it("lists each site's firing alerts of its enabled devices as text, the most severe first", async () => {
    const status = await queryFleetStatus(t.db, { pollIntervalSec: 60 }, NOW);
    const bySite = new Map(status.sites.map((s) => [s.name, s]));
    expect(bySite.get("Paris")?.alerts).toEqual([
      { device: "core-par-01", rule: "MACsec link not encrypted", severity: "critical", subject: "macsec1", since: min(-30).toISOString(), acknowledged: true },
      {
        device: "core-par-01",
        rule: "MAC-server session from an unknown MAC",
        severity: "warning",
        subject: "02:AB:CD:00:00:01",
        since: min(-5).toISOString(),
        acknowledged: false,
      },
    ]);
    expect(bySite.get("Lyon")?.alerts.map((a) => a.device)).toEqual(["edge-lys-01"]);
    expect([bySite.get("Quiet")?.alerts, bySite.get("Quiet")?.alertsNotShown]).toEqual([[], 0]);
  });

  it("carries no internal id in the alerts of /status nor anywhere in the share page's payload", async () => {
    expect(ids.length).toBeGreaterThan(10);
    const status = await queryFleetStatus(t.db, { pollIntervalSec: 60 }, NOW);
    const alertsJson = JSON.stringify(status.sites.map((s) => s.alerts));
    expect(alertsJson).toContain("macsec1");
    for (const id of ids) expect(alertsJson).not.toContain(id);
    const shared = JSON.stringify(toPublicStatus(await queryFleetStatus(t.db, { siteId: site.paris, pollIntervalSec: 60 }, NOW)));
    expect(shared).toContain("MACsec link not encrypted");
    for (const id of ids) expect(shared).not.toContain(id);
  });

  it("shows a share link's site only, and a site whose only problem is a firing alert under problems only", async () => {
    const lyon = toPublicStatus(await queryFleetStatus(t.db, { siteId: site.lyon, pollIntervalSec: 60 }, NOW));
    expect(lyon.sites.flatMap((s) => s.alerts.map((a) => a.device))).toEqual(["edge-lys-01"]);
    await t.db.device.updateMany({ data: { status: "up", lastPollAt: NOW, lastOkAt: NOW } });
    const problems = await queryFleetStatus(t.db, { pollIntervalSec: 60, onlyProblems: true }, NOW);
    expect(problems.sites.map((s) => [s.name, s.devices.length, s.alerts.length])).toEqual([
      ["Lyon", 0, 1],
      ["Paris", 0, 2],
    ]);
  });

  it("lists at most a page's worth per site and counts the rest", async () => {
    const extra = STATUS_SITE_ALERTS_SHOWN.fleet + 2;
    for (let i = 0; i < extra; i++)
      await alert({ type: "mac-session-unknown", device: dev.r3, subject: `02:00:00:00:01:${String(i).padStart(2, "0")}`, state: "firing", firedAt: min(-10) });
    const lyon = (await queryFleetStatus(t.db, { pollIntervalSec: 60 }, NOW)).sites.find((s) => s.name === "Lyon");
    expect([lyon?.alerts.length, lyon?.alertsNotShown]).toEqual([STATUS_SITE_ALERTS_SHOWN.fleet, extra + 1 - STATUS_SITE_ALERTS_SHOWN.fleet]);
    expect(lyon?.alerts[0]?.rule).toBe("Device down or unauthorized");
    const shared = (await queryFleetStatus(t.db, { siteId: site.lyon, pollIntervalSec: 60 }, NOW)).sites[0];
    expect([shared?.alerts.length, shared?.alertsNotShown]).toEqual([extra + 1, 0]);
  });
});
