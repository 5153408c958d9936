import { describe, expect, it } from "vitest";
import { compressText, decompressText, lineChanges, normaliseExport, sha256Hex, unifiedDiff } from "./content";
import { effectivePlan, isDue } from "./plan";

describe("normaliseExport", () => {
  it("drops the dated header line, keeps the stable ones, and ignores line ends and trailing blanks", () => {
    const a = "# 2026-11-21 13:01:02 by RouterOS 7.21.5\r\n# software id = AB12-CD34\r\n/ip address add address=10.0.0.1/24 interface=ether1  \r\n\r\n";
    const b = "# nov/22/2026 01:00:00 by RouterOS 7.22.3\n# software id = AB12-CD34\n/ip address add address=10.0.0.1/24 interface=ether1\n";
    expect(normaliseExport(a)).toEqual({ text: "# software id = AB12-CD34\n/ip address add address=10.0.0.1/24 interface=ether1\n", routerVersion: "7.21.5" });
    expect(normaliseExport(b).routerVersion).toBe("7.22.3");
    expect(sha256Hex(normaliseExport(a).text)).toBe(sha256Hex(normaliseExport(b).text));
    expect(normaliseExport("/system identity set name=x").routerVersion).toBeNull();
  });

  it("counts changed lines, writes a unified diff and round-trips gzip", () => {
    const before = "/a add x=1\n/b add y=2\n/c add z=3\n";
    const after = "/a add x=1\n/b add y=20\n/c add z=3\n/d add w=4\n";
    expect(lineChanges(before, after)).toEqual({ added: 2, removed: 1 });
    const patch = unifiedDiff("old.rsc", before, "new.rsc", after);
    expect(patch).toContain("-/b add y=2\n+/b add y=20\n");
    expect(patch).toContain("+/d add w=4");
    expect(decompressText(compressText(after))).toBe(after);
  });
});

describe("backup plan", () => {
  it("takes the device's setting, else the site's, else daily; retries a failure after an hour", () => {
    expect(effectivePlan({ intervalHours: 6, keepVersions: null, keepDays: null }, { intervalHours: 12, keepVersions: 5, keepDays: null })).toEqual({
      enabled: true,
      timeOfDayMin: null,
      intervalHours: 6,
      keepVersions: 5,
      keepDays: 365,
    });
    const plan = effectivePlan(null, null);
    const now = new Date("2026-11-21T12:00:00Z");
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    expect(isDue(plan, null, now)).toBe(true);
    expect(isDue(plan, { lastAttemptAt: hoursAgo(23), lastSuccessAt: hoursAgo(23) }, now)).toBe(false);
    expect(isDue(plan, { lastAttemptAt: hoursAgo(24), lastSuccessAt: hoursAgo(24) }, now)).toBe(true);
    expect(isDue(plan, { lastAttemptAt: hoursAgo(0.5), lastSuccessAt: hoursAgo(30) }, now)).toBe(false);
    expect(isDue(plan, { lastAttemptAt: hoursAgo(1), lastSuccessAt: hoursAgo(30) }, now)).toBe(true);
  });

  it("skips devices turned off (device over site); with a time of day, runs once a day after that UTC time", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const at = (iso: string) => ({ lastAttemptAt: new Date(iso), lastSuccessAt: new Date(iso) });
    const off = effectivePlan(null, { enabled: false, intervalHours: null, keepVersions: null, keepDays: null });
    expect(off.enabled).toBe(false);
    expect(isDue(off, null, now)).toBe(false);
    const on = effectivePlan(
      { enabled: true, intervalHours: null, keepVersions: null, keepDays: null },
      { enabled: false, intervalHours: null, keepVersions: null, keepDays: null },
    );
    expect(isDue(on, null, now)).toBe(true);

    const at0230 = effectivePlan({ timeOfDayMin: 150, intervalHours: null, keepVersions: null, keepDays: null }, null);
    expect(at0230.timeOfDayMin).toBe(150);
    expect(isDue(at0230, at("2026-11-21T02:31:00Z"), now)).toBe(false);
    expect(isDue(at0230, at("2026-11-21T02:29:00Z"), now)).toBe(true);
    expect(isDue(at0230, at("2026-11-20T23:00:00Z"), new Date("2026-11-21T02:00:00Z"))).toBe(false);
    expect(isDue(at0230, at("2026-11-20T23:00:00Z"), new Date("2026-11-21T02:30:00Z"))).toBe(true);
  });
});
