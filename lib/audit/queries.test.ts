import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { createTestDb, type TestDb } from "../testing/test-db";
import { appendAuditEvent } from "./log";
import { parseAuditListParams } from "./list-params";
import { auditWhere, queryAuditActions, queryAuditEntityTypes, queryAuditPage } from "./queries";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

const ada = { id: "u-ada", email: "ada@noc.local", clientIp: "10.0.0.1", requestId: "req-1" };
const oscar = { id: "u-oscar", email: "oscar@noc.local", clientIp: "10.0.0.2" };

async function seedLog() {
  await appendAuditEvent(t.db, ada, { action: "auth.login", entityType: "user", entityId: "u-ada" });
  await appendAuditEvent(t.db, oscar, { action: "change.propose", entityType: "change", entityId: "cr-1", after: { title: "Add MACVLAN macvlan-68" } });
  await appendAuditEvent(t.db, null, {
    action: "change.router_call",
    entityType: "change",
    entityId: "cr-1",
    after: { method: "PUT", path: "/rest/interface/macvlan", status: 201 },
  });
  await appendAuditEvent(t.db, ada, { action: "change.approve", entityType: "change", entityId: "cr-1" });
  await appendAuditEvent(t.db, ada, {
    action: "device.update",
    entityType: "device",
    entityId: "dev-1",
    before: { site: "A" },
    after: { site: "B", password: "hunter2" },
  });
}

async function actions(query: Parameters<typeof queryAuditPage>[1]) {
  return (await queryAuditPage(t.db, query)).rows.map((r) => r.action);
}

describe("audit queries", () => {
  it("lists newest first with pretty JSON, already redacted", async () => {
    await seedLog();
    const page = await queryAuditPage(t.db, {});
    expect(page.rows.map((r) => r.action)).toEqual(["device.update", "change.approve", "change.router_call", "change.propose", "auth.login"]);
    expect(page.total).toBe(5);
    expect(page.rows[0]?.after).toBe(JSON.stringify({ site: "B", password: "[redacted]" }, null, 2));
    expect(page.rows[0]?.ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(page.rows[4]).toMatchObject({ actorEmail: "ada@noc.local", clientIp: "10.0.0.1", requestId: "req-1" });
  });

  it("filters by exact action, action prefix, actor, entity and free text", async () => {
    await seedLog();
    expect(await actions({ action: "change." })).toEqual(["change.approve", "change.router_call", "change.propose"]);
    expect(await actions({ action: "change.approve" })).toEqual(["change.approve"]);
    expect(await actions({ action: "change" })).toEqual([]);
    expect(await actions({ action: "auth.log*" })).toEqual(["auth.login"]);
    expect(await actions({ actor: "oscar" })).toEqual(["change.propose"]);
    expect(await actions({ actor: "u-ada" })).toEqual(["device.update", "change.approve", "auth.login"]);
    expect(await actions({ entityType: "change", entityId: "cr-1", actor: "ada@" })).toEqual(["change.approve"]);
    expect(await actions({ q: "macvlan-68" })).toEqual(["change.propose"]);
    expect(await actions({ q: "/REST/interface" })).toEqual(["change.router_call"]);
    expect(await actions({ q: "hunter2" })).toEqual([]);
  });

  it("filters by time range (from inclusive, to exclusive, UTC)", async () => {
    await seedLog();
    const rows = await t.db.auditEvent.findMany({ orderBy: { id: "asc" } });
    const third = at(rows, 2).ts;
    expect((await queryAuditPage(t.db, { from: third })).rows.every((r) => Date.parse(r.ts) >= third.getTime())).toBe(true);
    expect((await queryAuditPage(t.db, { to: third })).rows.every((r) => Date.parse(r.ts) < third.getTime())).toBe(true);
    expect(await actions({ from: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await actions({ to: new Date(0) })).toEqual([]);
  });

  it("pages with keyset cursors in both directions and keeps the filter", async () => {
    for (let i = 0; i < 12; i++) await appendAuditEvent(t.db, null, { action: i % 2 ? "change.router_call" : "auth.login", entityId: `e${i}` });
    const first = await queryAuditPage(t.db, { action: "change." }, 2);
    expect(first.rows.map((r) => r.entityId)).toEqual(["e11", "e9"]);
    expect(first.total).toBe(6);
    expect(first.newerCursor).toBeNull();
    expect(first.olderCursor).not.toBeNull();
    const second = await queryAuditPage(t.db, { action: "change.", before: first.olderCursor ?? 0 }, 2);
    expect(second.rows.map((r) => r.entityId)).toEqual(["e7", "e5"]);
    const last = await queryAuditPage(t.db, { action: "change.", before: second.olderCursor ?? 0 }, 2);
    expect(last.rows.map((r) => r.entityId)).toEqual(["e3", "e1"]);
    expect(last.olderCursor).toBeNull();
    const back = await queryAuditPage(t.db, { action: "change.", after: last.newerCursor ?? 0 }, 2);
    expect(back.rows.map((r) => r.entityId)).toEqual(["e7", "e5"]);
    const top = await queryAuditPage(t.db, { action: "change.", after: back.newerCursor ?? 0 }, 2);
    expect(top.rows.map((r) => r.entityId)).toEqual(["e11", "e9"]);
    expect(top.newerCursor).toBeNull();
  });

  it("links devices and change requests only while they exist", async () => {
    const site = await t.db.site.create({ data: { name: "S" } });
    const device = await t.db.device.create({ data: { name: "r1", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x", siteId: site.id } });
    await appendAuditEvent(t.db, null, { action: "device.update", entityType: "device", entityId: device.id });
    await appendAuditEvent(t.db, null, { action: "device.delete", entityType: "device", entityId: "gone" });
    await appendAuditEvent(t.db, null, { action: "change.propose", entityType: "change", entityId: "no-such-change" });
    const rows = (await queryAuditPage(t.db, {})).rows;
    expect(rows.map((r) => r.entityHref)).toEqual([null, null, `/devices/${device.id}`]);
  });

  it("lists distinct actions and entity types; an empty log is an empty page", async () => {
    expect(await queryAuditPage(t.db, {})).toEqual({ rows: [], total: 0, olderCursor: null, newerCursor: null });
    await seedLog();
    expect(await queryAuditActions(t.db)).toEqual(["auth.login", "change.approve", "change.propose", "change.router_call", "device.update"]);
    expect(await queryAuditEntityTypes(t.db)).toEqual(["change", "device", "user"]);
    expect(auditWhere(t.db, {})).toEqual({});
  });
});

describe("audit list params", () => {
  it("parses the URL, dropping malformed values", () => {
    expect(parseAuditListParams({ action: " change. ", actor: "", from: "2026-01-02T03:04", to: "garbage", before: "12", after: "-1", q: ["a", "b"] })).toEqual(
      {
        action: "change.",
        actor: undefined,
        entityType: undefined,
        entityId: undefined,
        from: new Date("2026-01-02T03:04:00Z"),
        to: undefined,
        q: "a",
        before: 12,
        after: undefined,
      },
    );
    expect(parseAuditListParams({ from: "2026-01-02", to: "2026-01-02T05:00:00+02:00" })).toMatchObject({
      from: new Date("2026-01-02T00:00:00Z"),
      to: new Date("2026-01-02T03:00:00Z"),
    });
  });
});
