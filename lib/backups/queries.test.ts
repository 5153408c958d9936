import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devicePasswordAad, generateKey, seal } from "../crypto/seal";
import { at } from "../testing/at";
import { createTestDb, type TestDb } from "../testing/test-db";
import { sha256Hex } from "./content";
import { queryOutsideChanges } from "./outside";
import { maskSecrets, queryBackupDiff, queryBackupHistory, readBackupText, setIncludeSecrets } from "./queries";
import { backupAad, encodeContent } from "./store";

const secretKey = generateKey();
let t: TestDb;

const V1 = "/interface macsec add cak=00112233445566778899aabbccddeeff interface=ether1 name=macsec1\n/ip address add address=10.0.0.1/24 interface=ether1\n";
const V2 = "/interface macsec add cak=ffeeddccbbaa99887766554433221100 interface=ether1 name=macsec1\n/ip address add address=10.0.0.2/24 interface=ether1\n";

async function addVersion(deviceId: string, text: string, takenAt: string, outsideChange: boolean): Promise<string> {
  const sha256 = sha256Hex(text);
  const row = await t.db.configBackup.create({
    data: {
      deviceId,
      takenAt: new Date(takenAt),
      trigger: "scheduled",
      sha256,
      sizeBytes: text.length,
      linesAdded: 2,
      linesRemoved: 0,
      content: encodeContent(text, true, backupAad(deviceId, sha256), secretKey),
      sealed: true,
      outsideChange,
    },
  });
  return row.id;
}

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s1", name: "S1" } });
  for (const id of ["d1", "d2"]) {
    await t.db.device.create({
      data: { id, name: `r-${id}`, siteId: "s1", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: seal("p", devicePasswordAad(id), secretKey) },
    });
  }
});
afterAll(() => t.cleanup());

describe("backup reads", () => {
  it("masks secrets in diffs and in downloads without the right, audits downloads, lists outside changes", async () => {
    const a = await addVersion("d1", V1, "2026-11-20T00:00:00Z", false);
    const b = await addVersion("d1", V2, "2026-11-21T00:00:00Z", true);
    await addVersion("d2", V1, "2026-11-20T00:00:00Z", true);
    await addVersion("d2", V2, "2026-11-21T00:00:00Z", false);

    const diff = await queryBackupDiff(t.db, "d1", a, b, secretKey);
    const lines = diff.hunks.flatMap((h) => h.lines);
    expect(lines).toEqual(
      expect.arrayContaining(["-/ip address add address=10.0.0.1/24 interface=ether1", "+/ip address add address=10.0.0.2/24 interface=ether1"]),
    );
    expect(lines.join("\n")).not.toMatch(/00112233|ffeeddcc/);
    await expect(queryBackupDiff(t.db, "d2", a, b, secretKey)).rejects.toThrow("No such backup");

    const masked = await readBackupText(t.db, null, "d1", b, { withSecrets: false, secretKey });
    expect(masked.text).toContain("cak=******** ");
    expect(masked.fileName).toBe("r-d1-2026-11-21T00-00-00-000Z.rsc");
    expect((await readBackupText(t.db, null, "d1", b, { withSecrets: true, secretKey })).text).toBe(V2);
    const downloads = await t.db.auditEvent.findMany({ where: { action: "config_backup.download" } });
    expect(downloads.map((d) => JSON.parse(d.after ?? "{}") as unknown)).toEqual([
      { backupId: b, sensitiveShown: false },
      { backupId: b, sensitiveShown: true },
    ]);

    expect((await queryOutsideChanges(t.db, { view: "unreviewed", secretKey })).items.map((o) => o.deviceName)).toEqual(["r-d1"]);
    const history = await queryBackupHistory(t.db, "d1");
    expect(history?.versions.map((v) => v.id)).toEqual([b, a]);
    expect(at(history?.versions ?? [], 0)).toMatchObject({ outsideChange: true, sealed: true, takenAt: "2026-11-21T00:00:00.000Z" });
    expect(await queryBackupHistory(t.db, "nope")).toBeNull();

    await setIncludeSecrets(t.db, null, "d2", true);
    expect((await queryBackupHistory(t.db, "d2"))?.includeSecrets).toBe(true);
    expect(maskSecrets('set x password="a b" cak=12')).toBe("set x password=******** cak=********");
  });
});
