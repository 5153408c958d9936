import { describe, expect, it } from "vitest";
import { DEFAULT_RANGE, RANGE_KEYS, RANGES, isRangeKey, parseRange } from "./ranges";

describe("ranges", () => {
  it("gives every key a length, shortest first", () => {
    expect(Object.keys(RANGES)).toEqual([...RANGE_KEYS]);
    const lengths = RANGE_KEYS.map((k) => RANGES[k]);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(RANGES["7d"]).toBe(7 * 86_400);
    expect(RANGES["30d"]).toBe(30 * 86_400);
    expect(RANGES["1y"]).toBe(365 * 86_400);
  });

  it("parses ?range= leniently", () => {
    expect(parseRange("6h")).toBe("6h");
    expect(parseRange(undefined)).toBe(DEFAULT_RANGE);
    expect(parseRange("1y")).toBe("1y");
    expect(parseRange("2y")).toBe("1h");
    expect(parseRange(["6h", "7d"])).toBe("1h");
    expect(isRangeKey("7d")).toBe(true);
    expect(isRangeKey(7)).toBe(false);
  });
});
