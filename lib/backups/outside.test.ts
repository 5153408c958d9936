import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devicePasswordAad, generateKey, seal } from "../crypto/seal";
import { at } from "../testing/at";
import { createTestDb, type TestDb } from "../testing/test-db";
import { sha256Hex } from "./content";
import { countUnreviewedOutsideChanges, queryOutsideChanges, reviewOutsideChange } from "./outside";
import { backupAad, encodeContent } from "./store";

const secretKey = generateKey();
let t: TestDb;
let admin: { id: string; email: string };

const BASE = "/ip address add address=10.0.0.1/24 interface=ether1\n/system identity set name=r\n";
const BY_HAND = "/ip address add address=10.0.0.9/24 interface=ether1\n/system identity set name=r\n";

async function addVersion(deviceId: string, text: string, takenAt: string, outsideChange: boolean): Promise<string> {
  const sha256 = sha256Hex(text);
  const row = await t.db.configBackup.create({
    data: {
      deviceId,
      takenAt: new Date(takenAt),
      trigger: "scheduled",
      sha256,
      sizeBytes: text.length,
      linesAdded: outsideChange ? 1 : 2,
      linesRemoved: outsideChange ? 1 : 0,
      content: encodeContent(text, false, backupAad(deviceId, sha256), secretKey),
      outsideChange,
    },
  });
  return row.id;
}

beforeAll(async () => {
  t = await createTestDb();
  for (const s of ["north", "south"]) await t.db.site.create({ data: { id: s, name: s } });
  for (const [id, siteId] of [
    ["d1", "north"],
    ["d2", "north"],
    ["d3", "south"],
  ] as const) {
    await t.db.device.create({
      data: { id, name: `r-${id}`, siteId, apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: seal("p", devicePasswordAad(id), secretKey) },
    });
  }
  admin = await t.db.user.create({
    data: { email: "lead@example.test", name: "Lead", role: "ADMIN", passwordHash: "unused" },
    select: { id: true, email: true },
  });
});
afterAll(() => t.cleanup());

describe("outside changes across the fleet", () => {
  it("lists devices whose newest version is flagged and unreviewed, with the diff, by site; a review moves them to Reviewed, audited", async () => {
    await addVersion("d1", BASE, "2026-11-20T00:00:00Z", false);
    const d1Flagged = await addVersion("d1", BY_HAND, "2026-11-21T00:00:00Z", true);
    // d2: flagged once, then a newer unflagged version (e.g. after a change request): not listed.
    await addVersion("d2", BASE, "2026-11-20T00:00:00Z", false);
    await addVersion("d2", BY_HAND, "2026-11-21T00:00:00Z", true);
    await addVersion("d2", BASE, "2026-11-22T00:00:00Z", false);
    // d3: two flagged versions in a row; the newest is listed, a review covers both.
    await addVersion("d3", BASE, "2026-11-19T00:00:00Z", false);
    const d3Older = await addVersion("d3", BY_HAND, "2026-11-20T00:00:00Z", true);
    const d3Newest = await addVersion("d3", BASE, "2026-11-23T00:00:00Z", true);

    const all = await queryOutsideChanges(t.db, { view: "unreviewed", secretKey });
    expect(all.items.map((o) => [o.deviceName, o.version.id, o.siteName])).toEqual([
      ["r-d3", d3Newest, "south"],
      ["r-d1", d1Flagged, "north"],
    ]);
    expect(all.page).toMatchObject({ page: 1, total: 2, pageCount: 1 });
    const d1 = at(all.items, 1);
    expect(d1.hunks.flatMap((h) => h.lines.filter((l) => /^[+-]/.test(l)))).toEqual([
      "-/ip address add address=10.0.0.1/24 interface=ether1",
      "+/ip address add address=10.0.0.9/24 interface=ether1",
    ]);
    expect(d1.previousId).not.toBeNull();
    expect((await queryOutsideChanges(t.db, { view: "unreviewed", siteId: "north", secretKey })).items.map((o) => o.deviceName)).toEqual(["r-d1"]);
    expect(await countUnreviewedOutsideChanges(t.db)).toBe(2);

    expect(await reviewOutsideChange(t.db, admin, d3Newest, "Rolled out by the field team")).toEqual({ reviewed: 2 });
    expect((await queryOutsideChanges(t.db, { view: "unreviewed", secretKey })).items.map((o) => o.deviceName)).toEqual(["r-d1"]);
    expect(await countUnreviewedOutsideChanges(t.db)).toBe(1);
    const reviewed = await queryOutsideChanges(t.db, { view: "reviewed", secretKey });
    expect(reviewed.items.map((o) => [o.version.id, o.reviewedBy, o.reviewNote])).toEqual(
      expect.arrayContaining([
        [d3Newest, "lead@example.test", "Rolled out by the field team"],
        [d3Older, "lead@example.test", "Rolled out by the field team"],
      ]),
    );
    expect(reviewed.items).toHaveLength(2);
    const events = await t.db.auditEvent.findMany({ where: { action: "backup.outside.review" } });
    expect(events.map((e) => [e.entityId, e.actorEmail, JSON.parse(e.after ?? "{}") as unknown])).toEqual([
      ["d3", "lead@example.test", { backupId: d3Newest, versions: 2, note: "Rolled out by the field team" }],
    ]);

    await expect(reviewOutsideChange(t.db, admin, d3Newest, null)).rejects.toThrow("already reviewed");
    const plain = at(await t.db.configBackup.findMany({ where: { deviceId: "d1", outsideChange: false } }), 0);
    await expect(reviewOutsideChange(t.db, admin, plain.id, null)).rejects.toThrow("not changed outside");
    await expect(reviewOutsideChange(t.db, admin, "nope", null)).rejects.toThrow("No such backup");
    expect(await t.db.auditEvent.count({ where: { action: "backup.outside.review" } })).toBe(1);
  });
});
