import { afterEach, describe, expect, it } from "vitest";
import { timeDomain, timeTicks, tooltipTimes } from "./time-axis";

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe("time axis", () => {
  it("spans the whole range ending at the fetch time", () => {
    expect(timeDomain(3600, 7_200_000)).toEqual([3_600_000, 7_200_000]);
  });

  it("puts 1 h ticks on round 10 minutes", () => {
    process.env.TZ = "UTC";
    const end = Date.parse("2026-11-21T11:03:00Z");
    const ticks = timeTicks(3600, timeDomain(3600, end)).map((t) => new Date(t).toISOString().slice(11, 16));
    expect(ticks).toEqual(["10:10", "10:20", "10:30", "10:40", "10:50", "11:00"]);
  });

  it("puts 7 d ticks on the viewer's local midnights (UTC+05:30 → 18:30 UTC)", () => {
    process.env.TZ = "Asia/Kolkata";
    const end = Date.parse("2026-11-21T12:00:00Z");
    const ticks = timeTicks(604_800, timeDomain(604_800, end));
    expect(ticks).toHaveLength(7);
    for (const t of ticks) expect(new Date(t).toISOString().slice(11, 16)).toBe("18:30");
  });

  it("gives tooltips the UTC time", () => {
    expect(tooltipTimes(Date.parse("2026-11-21T10:00:05Z")).utc).toBe("2026-11-21 10:00:05 UTC");
  });
});
