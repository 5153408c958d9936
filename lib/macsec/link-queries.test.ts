import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { createTestDb, type TestDb } from "../testing/test-db";
import { FAR_END_MISSING, selectMacsecFarEnds } from "./far-ends";
import { queryMacsecLinks } from "./link-queries";
import { MACSEC_LINKS_PAGE_SIZE, type MacsecLinkDto, type MacsecLinkQuery } from "./link-types";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const CKN = (c: string) => c.repeat(64);
const SEALED = "SEALED-PASSWORD-MUST-NOT-LEAK";
/** Links whose interfaces are named `bulk-<n>`, one end each: enough for two pages. */
const BULK = MACSEC_LINKS_PAGE_SIZE + 2;

let t: TestDb;

async function device(id: string, siteId: string, status: "up" | "down" = "up", enabled = true) {
  await t.db.device.create({
    data: {
      id,
      name: id,
      identity: `id-${id}`,
      siteId,
      apiUrl: "https://10.0.0.1",
      username: "api",
      passwordSealed: SEALED,
      status,
      enabled,
      lastPollAt: new Date(NOW),
    },
  });
}

async function macsec(deviceId: string, name: string, ckn: string | null, status: string | null) {
  await t.db.macsecInterface.create({ data: { deviceId, name, parent: "ether1", ckn, status, mtu: 1468, running: status === "open-encrypted" } });
}

/** Raw `macsec-stats` samples of an interface: [seconds before NOW, status] (and `resolution` for rollup rows). */
async function statusSamples(deviceId: string, name: string, samples: [number, string | null][], resolution = 0) {
  const s = await t.db.sampleSeries.upsert({
    where: { deviceId_metric_series: { deviceId, metric: "macsec-stats", series: name } },
    create: { deviceId, metric: "macsec-stats", series: name },
    update: {},
  });
  await t.db.metricSample.createMany({ data: samples.map(([ago, status]) => ({ seriesId: s.id, resolution, ts: BigInt(NOW - ago * 1000), status })) });
}

const read = (query: MacsecLinkQuery = {}) => queryMacsecLinks(t.db, query);
const endsOf = (link: MacsecLinkDto) => link.ends.map((e) => `${e.router}/${e.name}`);

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.createMany({
    data: [
      { id: "s-a", name: "Alpha" },
      { id: "s-b", name: "Bravo" },
    ],
  });
  await device("r-a1", "s-a");
  await device("r-a2", "s-a", "down");
  await device("r-b1", "s-b");
  await device("r-c", "s-b");
  await device("r-off", "s-b", "up", false);
  // A secured pair across sites; a pair whose far end's router is down (its CKN printed in upper case there).
  await macsec("r-a1", "macsec1", CKN("1"), "open-encrypted");
  await macsec("r-b1", "macsec1", CKN("1"), "open-encrypted");
  await macsec("r-a1", "macsec2", CKN("b"), "open-encrypted");
  await macsec("r-a2", "macsec1", CKN("B"), "open-encrypted");
  // Far ends not in the inventory: a CKN nobody else has, an interface without CKN, a disabled device's end.
  await macsec("r-b1", "macsec2", CKN("3"), "negotiating");
  await macsec("r-c", "macsec2", null, "invalid");
  await macsec("r-off", "macsec1", CKN("5"), "open-encrypted");
  // A CKN on three interfaces.
  await macsec("r-a1", "macsec3", CKN("4"), "open-encrypted");
  await macsec("r-b1", "macsec3", CKN("4"), "negotiating");
  await macsec("r-c", "macsec1", CKN("4"), "open-encrypted");
  for (let i = 0; i < BULK; i++) await macsec("r-c", `bulk-${String(i).padStart(2, "0")}`, `b${String(i).padStart(2, "0")}`.padEnd(64, "f"), "open-encrypted");

  await statusSamples("r-a1", "macsec1", [
    [100, "open-encrypted"],
    [50, "open-encrypted"],
  ]);
  await statusSamples("r-b1", "macsec2", [
    [300, "open-encrypted"],
    [200, "negotiating"],
    [100, "negotiating"],
  ]);
  // A rollup row with another status is not a raw sample: the raw ones alone say how long.
  await statusSamples("r-a1", "macsec1", [[600, "negotiating"]], 300);
});

afterAll(async () => {
  await t.cleanup();
});

describe("queryMacsecLinks", () => {
  it("pairs the ends of each link by CKN (ignoring case), problems first", async () => {
    const page = await read({ q: "macsec" });
    expect(page.total).toBe(6);
    expect(page.rows.map((l) => [l.kind, l.secured, endsOf(l)])).toEqual([
      ["conflict", false, ["r-a1/macsec3", "r-b1/macsec3", "r-c/macsec1"]],
      ["pair", false, ["r-a1/macsec2", "r-a2/macsec1"]],
      ["far-end-missing", false, ["r-b1/macsec2"]],
      ["far-end-missing", false, ["r-c/macsec2"]],
      ["far-end-missing", false, ["r-off/macsec1"]],
      ["pair", true, ["r-a1/macsec1", "r-b1/macsec1"]],
    ]);
  });

  it("shows each end's router, site, parent, status, MTU, state and last poll; an end of a router not up is not secured", async () => {
    const [link] = (await read({ q: "r-a2" })).rows;
    expect(link?.ckn).toBe(CKN("b"));
    expect(link?.ends).toEqual([
      expect.objectContaining({ router: "r-a1", site: "Alpha", deviceStatus: "up", parent: "ether1", status: "open-encrypted", mtu: 1468, secured: true }),
      expect.objectContaining({
        router: "r-a2",
        site: "Alpha",
        deviceStatus: "down",
        status: "open-encrypted",
        running: true,
        disabled: false,
        secured: false,
      }),
    ]);
    expect(at(link?.ends ?? [], 1).lastPollAt).toBe(new Date(NOW).toISOString());
    const [off] = (await read({ q: "r-off" })).rows;
    expect(off?.ends.map((e) => [e.deviceEnabled, e.secured])).toEqual([[false, false]]);
  });

  it("says since when an end has its status, from the raw samples (at least since the oldest when it never changed)", async () => {
    const links = (await read({ q: "macsec", sort: "router" })).rows;
    const ends = links.flatMap((l) => l.ends);
    const end = (key: string) => ends.find((e) => `${e.router}/${e.name}` === key);
    expect(end("r-b1/macsec2")).toMatchObject({ statusSince: new Date(NOW - 200_000).toISOString(), statusSinceAtLeast: false });
    expect(end("r-a1/macsec1")).toMatchObject({ statusSince: new Date(NOW - 100_000).toISOString(), statusSinceAtLeast: true });
    expect(end("r-c/macsec1")).toMatchObject({ statusSince: null });
  });

  it("filters by site (an end there), by not secured, and searches router, identity or interface (LIKE wildcards literal)", async () => {
    const keys = async (q: MacsecLinkQuery) => (await read(q)).rows.map((l) => endsOf(l).join(" "));
    expect(await keys({ site: "Alpha" })).toEqual(["r-a1/macsec3 r-b1/macsec3 r-c/macsec1", "r-a1/macsec2 r-a2/macsec1", "r-a1/macsec1 r-b1/macsec1"]);
    expect(await keys({ site: "Bravo", status: "not-secured", q: "macsec" })).toEqual([
      "r-a1/macsec3 r-b1/macsec3 r-c/macsec1",
      "r-b1/macsec2",
      "r-c/macsec2",
      "r-off/macsec1",
    ]);
    expect(await keys({ q: "ID-R-A2" })).toEqual(["r-a1/macsec2 r-a2/macsec1"]);
    expect(await keys({ q: "MACSEC2", sort: "router" })).toEqual(["r-a1/macsec2 r-a2/macsec1", "r-b1/macsec2", "r-c/macsec2"]);
    expect(await keys({ q: "bulk_0" })).toEqual([]);
    expect(await keys({ q: "%" })).toEqual([]);
    expect(await keys({ site: "Nowhere" })).toEqual([]);
  });

  it("pages the links and clamps a page past the end to the last one", async () => {
    const first = await read({ q: "bulk", sort: "router" });
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: BULK, pageSize: MACSEC_LINKS_PAGE_SIZE });
    expect(first.rows).toHaveLength(MACSEC_LINKS_PAGE_SIZE);
    expect(endsOf(at(first.rows, 0))).toEqual(["r-c/bulk-00"]);
    const last = await read({ q: "bulk", sort: "router", page: 9 });
    expect(last).toMatchObject({ page: 2, pageCount: 2, total: BULK });
    expect(last.rows.map((l) => endsOf(l).join())).toEqual([`r-c/bulk-${BULK - 2}`, `r-c/bulk-${BULK - 1}`]);
    expect(await read({ q: "nothing-matches", page: 3 })).toMatchObject({ rows: [], page: 1, pageCount: 1, total: 0, pageSize: MACSEC_LINKS_PAGE_SIZE });
  });

  it("sends no secret", async () => {
    const json = JSON.stringify(await read());
    expect(json).toContain("macsec1");
    expect(json).not.toContain(SEALED);
    expect(json).not.toMatch(/cak|password|apiUrl/i);
  });
});

describe("selectMacsecFarEnds", () => {
  it("names each interface's far end with the links view's pairing", async () => {
    const a1 = await selectMacsecFarEnds(t.db, "r-a1");
    expect(Object.fromEntries(a1)).toEqual({
      macsec1: { kind: "pair", deviceId: "r-b1", router: "r-b1", name: "macsec1", status: "open-encrypted", secured: true },
      macsec2: { kind: "pair", deviceId: "r-a2", router: "r-a2", name: "macsec1", status: "open-encrypted", secured: false },
      macsec3: { kind: "conflict", interfaces: 3 },
    });
    const b1 = await selectMacsecFarEnds(t.db, "r-b1");
    expect(b1.get("macsec1")).toMatchObject({ router: "r-a1", secured: true });
    expect(b1.get("macsec2") ?? FAR_END_MISSING).toEqual({ kind: "far-end-missing" });
    expect((await selectMacsecFarEnds(t.db, "r-c")).has("macsec2")).toBe(false);
    expect((await selectMacsecFarEnds(t.db, "no-such-device")).size).toBe(0);
  });
});
