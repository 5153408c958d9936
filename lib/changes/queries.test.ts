import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent } from "../audit/log";
import { createTestDb, type TestDb } from "../testing/test-db";
import { CHANGE_PAGE_SIZE, changeListHref, parseChangeListParams } from "./dto";
import { queryChangeDetail, queryChangeDeviceOptions, queryChangeFilterOptions, queryChangeList, queryChangeSuggestions } from "./queries";
import type { ObjectRef, ObjectSnapshot, PlannedOp } from "./types";
import type { StoredPlan } from "./workflow-shared";

let t: TestDb;
let op: { id: string };
let admin: { id: string };
let core: { id: string };
let edge: { id: string };
let macvlanId = "";
let macsecId = "";

const MACVLAN_REF: ObjectRef = {
  menu: "/interface/macvlan",
  key: { name: "macvlan-68" },
  fields: ["interface", "mode", "mac-address", "mtu"],
  label: "/interface/macvlan macvlan-68",
};
const MACSEC_REF: ObjectRef = {
  menu: "/interface/macsec",
  key: { name: "macsec1" },
  fields: ["interface", "disabled"],
  secretFields: ["cak"],
  label: "/interface/macsec macsec1",
};
const PING_REF: ObjectRef = { menu: "/tool/mac-server/ping", key: {}, singleton: true, fields: ["enabled"], label: "/tool/mac-server/ping" };

/** ChangeTarget.plan as proposeChange writes it. */
function stored(ops: PlannedOp[], notes: string[] = []): StoredPlan {
  return { ops, notes, disruptsInterfaces: [], cutsManagementPath: false, managementInterface: null };
}

async function addChange(data: {
  kind: string;
  title: string;
  status?: "PENDING" | "APPROVED" | "APPLIED" | "FAILED" | "CANCELLED";
  by: string;
  targets: { id: string; name: string; base: ObjectSnapshot[]; plan: StoredPlan; status?: "PENDING" | "APPLIED" | "FAILED"; steps?: unknown[] }[];
  params?: unknown;
  at: Date;
}) {
  return t.db.changeRequest.create({
    data: {
      kind: data.kind,
      title: data.title,
      params: JSON.stringify(data.params ?? {}),
      secretsSealed: "v1.sealed-do-not-show",
      hash: "a".repeat(64),
      approvedHash: data.status === "APPROVED" ? "a".repeat(64) : null,
      status: data.status ?? "PENDING",
      proposedById: data.by,
      proposedAt: data.at,
      targets: {
        create: data.targets.map((x, i) => ({
          deviceId: x.id,
          deviceName: x.name,
          position: i,
          baseState: JSON.stringify(x.base),
          plan: JSON.stringify(x.plan),
          status: x.status ?? "PENDING",
          steps: JSON.stringify(x.steps ?? []),
        })),
      },
    },
  });
}

beforeAll(async () => {
  t = await createTestDb();
  op = await t.db.user.create({ data: { email: "op@x", name: "Olga Operator", role: "OPERATOR", passwordHash: "x" } });
  admin = await t.db.user.create({ data: { email: "ad@x", name: "Ada Admin", role: "ADMIN", passwordHash: "x" } });
  await t.db.user.create({ data: { email: "v@x", name: "Vic Viewer", role: "VIEWER", passwordHash: "x" } });
  const site = await t.db.site.create({ data: { name: "Zurich" } });
  const lab = await t.db.site.create({ data: { name: "Lab" } });
  core = await t.db.device.create({
    data: {
      name: "core-1",
      siteId: site.id,
      apiUrl: "http://h/core-1",
      username: "u",
      passwordSealed: "s",
      version: "7.23.3 (stable)",
      tags: { create: [{ tag: "core" }] },
    },
  });
  edge = await t.db.device.create({
    data: {
      name: "edge-1",
      siteId: lab.id,
      apiUrl: "http://h/edge-1",
      username: "u",
      passwordSealed: "s",
      macTelnetAllowedList: "mgmt",
      macWinboxAllowedList: "all",
    },
  });
  await t.db.device.create({ data: { name: "idle-1", siteId: lab.id, apiUrl: "http://h/idle-1", username: "u", passwordSealed: "s" } });
  await t.db.macvlanInterface.create({ data: { deviceId: edge.id, name: "macvlan-10", parent: "ether2", mode: "bridge" } });
  await t.db.macsecInterface.create({ data: { deviceId: edge.id, name: "macsec1", parent: "ether1" } });

  const add: PlannedOp[] = [{ op: "add", ref: MACVLAN_REF, values: { name: "macvlan-68", interface: "ether2", mode: "bridge" } }];
  const m = await addChange({
    kind: "macvlan.add",
    title: "Add MACVLAN macvlan-68 on ether2",
    by: op.id,
    at: new Date("2026-11-20T10:00:00Z"),
    targets: [
      {
        id: core.id,
        name: "core-1",
        base: [{ ref: MACVLAN_REF, values: null }],
        plan: stored(add, ["parent ether2 mtu 1500"]),
        steps: [
          {
            at: "2026-11-20T10:05:00.000Z",
            phase: "apply",
            method: "PUT",
            path: "/rest/interface/macvlan",
            status: 400,
            ok: false,
            detail: "failure: already have interface with such name",
          },
        ],
      },
    ],
  });
  macvlanId = m.id;
  const rotate: PlannedOp[] = [{ op: "set", ref: MACSEC_REF, values: { cak: { secret: "cak" } } }];
  const s = await addChange({
    kind: "macsec.rotate-cak",
    title: "Rotate CAK of macsec1",
    status: "APPROVED",
    by: admin.id,
    params: { name: "macsec1", cak: "3f2a9c1d" },
    at: new Date("2026-11-20T11:00:00Z"),
    targets: [
      { id: edge.id, name: "edge-1", base: [{ ref: MACSEC_REF, values: { name: "macsec1", interface: "ether1", disabled: "false" } }], plan: stored(rotate) },
    ],
  });
  macsecId = s.id;
  const ping: PlannedOp[] = [{ op: "set", ref: PING_REF, values: { enabled: "false" } }];
  await addChange({
    kind: "mac-server.set-ping",
    title: "Disable MAC ping",
    status: "APPLIED",
    by: op.id,
    at: new Date("2026-11-20T12:00:00Z"),
    targets: [core, edge].map((d, i) => ({
      id: d.id,
      name: i === 0 ? "core-1" : "edge-1",
      base: [{ ref: PING_REF, values: { enabled: "true" } }],
      plan: stored(ping),
      status: "APPLIED" as const,
    })),
  });
  for (let i = 0; i < CHANGE_PAGE_SIZE + 2; i++) {
    await addChange({
      kind: "dhcp-lease.remove",
      title: `Remove lease ${i}`,
      status: "FAILED",
      by: admin.id,
      at: new Date(Date.UTC(2026, 9, 1, 0, i)),
      targets: [{ id: edge.id, name: "edge-1", base: [], plan: stored([]), status: "FAILED" }],
    });
  }
  await appendAuditEvent(
    t.db,
    { id: op.id, email: "op@x" },
    { action: "change.propose", entityType: "change", entityId: macvlanId, after: { title: "Add MACVLAN" } },
  );
  await appendAuditEvent(t.db, null, { action: "device.create", entityType: "device", entityId: core.id });
  await appendAuditEvent(
    t.db,
    { id: admin.id, email: "ad@x" },
    { action: "change.approve", entityType: "change", entityId: macvlanId, after: { comment: "ok" } },
  );
});

afterAll(() => t.cleanup());

describe("queryChangeList", () => {
  it("counts per status under the other filters and filters by status", async () => {
    const all = await queryChangeList(t.db, {});
    expect(all.total).toBe(3 + CHANGE_PAGE_SIZE + 2);
    expect(all.counts).toMatchObject({ PENDING: 1, APPROVED: 1, APPLIED: 1, FAILED: CHANGE_PAGE_SIZE + 2, REJECTED: 0 });
    const pending = await queryChangeList(t.db, { status: "PENDING", device: core.id });
    expect(pending.rows.map((r) => r.id)).toEqual([macvlanId]);
    expect(pending.counts).toMatchObject({ PENDING: 1, APPLIED: 1, FAILED: 0 });
  });

  it("counts, filters and lists CANCELLED requests (the status tab and ?status=CANCELLED)", async () => {
    const c = await addChange({
      kind: "macvlan.add",
      title: "Add MACVLAN macvlan-99 (cancelled)",
      status: "CANCELLED",
      by: op.id,
      at: new Date("2026-11-21T10:00:00Z"),
      targets: [{ id: core.id, name: "core-1", base: [], plan: stored([]) }],
    });
    try {
      expect((await queryChangeList(t.db, {})).counts).toMatchObject({ CANCELLED: 1, PENDING: 1 });
      const query = parseChangeListParams({ status: "CANCELLED" });
      expect(query.status).toBe("CANCELLED");
      const cancelled = await queryChangeList(t.db, query);
      expect(cancelled.rows).toEqual([expect.objectContaining({ id: c.id, status: "CANCELLED" })]);
      expect((await queryChangeDetail(t.db, c.id))?.status).toBe("CANCELLED");
    } finally {
      await t.db.changeRequest.delete({ where: { id: c.id } });
    }
    expect((await queryChangeList(t.db, {})).counts.CANCELLED).toBe(0);
  });

  it("filters by kind, device, proposer and free text (title or device name)", async () => {
    expect((await queryChangeList(t.db, { kind: "macsec.rotate-cak" })).rows.map((r) => r.id)).toEqual([macsecId]);
    expect((await queryChangeList(t.db, { device: core.id })).total).toBe(2);
    expect((await queryChangeList(t.db, { proposer: op.id })).total).toBe(2);
    expect((await queryChangeList(t.db, { q: "macvlan-68" })).rows.map((r) => r.id)).toEqual([macvlanId]);
    expect((await queryChangeList(t.db, { q: "edge-1", status: "APPLIED" })).rows[0]?.title).toBe("Disable MAC ping");
  });

  it("sorts newest first by default, paginates and reports bulk progress", async () => {
    const first = await queryChangeList(t.db, {});
    expect(first.rows[0]?.title).toBe("Disable MAC ping");
    expect(first.rows[0]).toMatchObject({ targetCount: 2, appliedCount: 2, deviceNames: ["core-1", "edge-1"], proposer: { name: "Olga Operator" } });
    expect(first.rows).toHaveLength(CHANGE_PAGE_SIZE);
    const last = await queryChangeList(t.db, { page: 99 });
    expect(last.page).toBe(2);
    expect(last.rows).toHaveLength(5);
    const asc = await queryChangeList(t.db, { sort: "proposedAt", dir: "asc" });
    expect(asc.rows[0]?.title).toBe("Remove lease 0");
  });

  it("never returns the sealed secrets", async () => {
    expect(JSON.stringify(await queryChangeList(t.db, {}))).not.toContain("sealed-do-not-show");
  });
});

describe("queryChangeDetail", () => {
  it("shows the diff from the stored base state, the REST calls, the steps and only this request's audit events", async () => {
    const d = await queryChangeDetail(t.db, macvlanId);
    expect(d).not.toBeNull();
    const target = d!.targets[0]!;
    expect(target.diff).toEqual([
      { object: "/interface/macvlan macvlan-68", field: "name", current: null, proposed: "macvlan-68" },
      { object: "/interface/macvlan macvlan-68", field: "interface", current: null, proposed: "ether2" },
      { object: "/interface/macvlan macvlan-68", field: "mode", current: null, proposed: "bridge" },
    ]);
    expect(target.calls).toEqual([{ method: "PUT", path: "/rest/interface/macvlan", body: { name: "macvlan-68", interface: "ether2", mode: "bridge" } }]);
    expect(target.notes).toEqual(["parent ether2 mtu 1500"]);
    expect(target.steps[0]).toMatchObject({ status: 400, ok: false, detail: "failure: already have interface with such name" });
    expect(d!.history.map((e) => e.action)).toEqual(["change.propose", "change.approve"]);
    expect(d!.history[0]!.id).toBeLessThan(d!.history[1]!.id);
    expect(d!.approvalValid).toBe(false);
  });

  it("shows a secret only as its fingerprint and a set by key", async () => {
    const d = await queryChangeDetail(t.db, macsecId);
    expect(d!.approvalValid).toBe(true);
    expect(d!.targets[0]!.calls).toEqual([
      { method: "PATCH", path: "/rest/interface/macsec/<.id of name=macsec1>", body: { cak: "<sealed, fingerprint 3f2a9c1d>" } },
    ]);
    expect(d!.targets[0]!.diff).toEqual([
      { object: "/interface/macsec macsec1", field: "cak", current: "<secret>", proposed: "<sealed, fingerprint 3f2a9c1d>" },
    ]);
    expect(JSON.stringify(d)).not.toContain("sealed-do-not-show");
  });

  it("shows a note instead of the plan when a stored row cannot be parsed", async () => {
    const ping: PlannedOp[] = [{ op: "set", ref: PING_REF, values: { enabled: "true" } }];
    const r = await addChange({
      kind: "mac-server.set-ping",
      title: "Enable MAC ping",
      by: op.id,
      at: new Date("2026-11-19T12:00:00Z"),
      targets: [{ id: core.id, name: "core-1", base: [], plan: stored(ping) }],
    });
    await t.db.changeTarget.updateMany({ where: { changeRequestId: r.id }, data: { steps: "[{" } });
    const target = (await queryChangeDetail(t.db, r.id))!.targets[0]!;
    expect(target).toMatchObject({ diff: [], calls: [], steps: [], cutsManagementPath: false });
    expect(target.notes).toEqual([expect.stringMatching(/^the stored plan cannot be read: /)]);
    await t.db.changeRequest.delete({ where: { id: r.id } });
  });

  it("is null for an unknown id", async () => {
    expect(await queryChangeDetail(t.db, "nope")).toBeNull();
  });
});

describe("picker and suggestions", () => {
  it("lists filter options, devices with version and the polled names of a device", async () => {
    const f = await queryChangeFilterOptions(t.db);
    expect(f.devices.map((d) => d.name)).toEqual(["core-1", "edge-1"]);
    expect(f.proposers.map((u) => u.name)).toEqual(["Ada Admin", "Olga Operator"]);
    const devices = await queryChangeDeviceOptions(t.db);
    expect(devices[0]).toMatchObject({ name: "core-1", site: "Zurich", tags: ["core"], version: "7.23.3" });
    expect(await queryChangeSuggestions(t.db, [edge.id])).toEqual({
      macvlans: ["macvlan-10"],
      macsecs: ["macsec1"],
      interfaces: ["ether1", "ether2", "macsec1", "macvlan-10"],
      "interface-lists": ["mgmt"],
    });
    expect(await queryChangeSuggestions(t.db, [core.id])).toEqual({ macvlans: [], macsecs: [], interfaces: [], "interface-lists": [] });
  });

  it("merges the suggestions of several devices, each name once, sorted", async () => {
    const other = await t.db.device.create({
      data: {
        name: "edge-2",
        siteId: (await t.db.site.findFirstOrThrow()).id,
        apiUrl: "http://h/edge-2",
        username: "u",
        passwordSealed: "s",
        macTelnetAllowedList: "mgmt",
        macWinboxAllowedList: "lab",
      },
    });
    await t.db.macvlanInterface.create({ data: { deviceId: other.id, name: "macvlan-10", parent: "bridge1", mode: "private" } });
    await t.db.macvlanInterface.create({ data: { deviceId: other.id, name: "macvlan-02", parent: "ether2", mode: "bridge" } });
    expect(await queryChangeSuggestions(t.db, [edge.id, other.id, "no-such-device"])).toEqual({
      macvlans: ["macvlan-02", "macvlan-10"],
      macsecs: ["macsec1"],
      interfaces: ["bridge1", "ether1", "ether2", "macsec1", "macvlan-02", "macvlan-10"],
      "interface-lists": ["lab", "mgmt"],
    });
    await t.db.device.delete({ where: { id: other.id } });
  });
});

describe("queue URL state", () => {
  it("parses known values, drops unknown ones and writes only non-defaults", () => {
    const q = parseChangeListParams({ status: "PENDING", kind: "macvlan.add", sort: "bogus", dir: "asc", page: "2", device: "a b", q: "  x " });
    expect(q).toEqual({ status: "PENDING", kind: "macvlan.add", device: undefined, proposer: undefined, q: "x", sort: undefined, dir: "asc", page: 2 });
    expect(changeListHref(q, { page: 1 })).toBe("/changes?status=PENDING&kind=macvlan.add&q=x&dir=asc");
    expect(changeListHref(parseChangeListParams({}))).toBe("/changes");
  });
});
