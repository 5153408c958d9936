import { describe, expect, it } from "vitest";
import { bandKey, formatBucket, resolutionCaption, withBands } from "./bands";

describe("chart bands", () => {
  it("pairs each field's min and max, and leaves unknown or raw points without a band", () => {
    const points = [
      { t: 1, cpuLoad: 5, min: { cpuLoad: 1 }, max: { cpuLoad: 9 } },
      { t: 2, cpuLoad: null, min: { cpuLoad: null }, max: { cpuLoad: null } },
      { t: 3, cpuLoad: 4 },
    ];
    expect(withBands(points, ["cpuLoad"]).map((p) => p[bandKey("cpuLoad")])).toEqual([[1, 9], null, null]);
    expect(points[0]).not.toHaveProperty("cpuLoadBand");
  });

  it("names the resolution and the bucket width", () => {
    expect([10, 300, 7200, 86_400].map(formatBucket)).toEqual(["10 s", "5 min", "2 h", "1 day"]);
    expect(resolutionCaption(3600, 7200)).toBe("1-hour rollups, one point per 2 h: line = average, shaded band = min–max");
    expect(resolutionCaption(0, 10)).toBe("raw samples, one point per 10 s (averaged)");
  });
});
