import { describe, expect, it } from "vitest";
import { expectedStepSec, maxKnown, withGaps } from "./gaps";

const at = (sec: number, rxBitsPerSecond: number) => ({ t: sec * 1000, rxBitsPerSecond, txBitsPerSecond: rxBitsPerSecond / 2 });

describe("withGaps", () => {
  it("leaves a series without gaps untouched, jitter up to twice the step included", () => {
    const points = [at(0, 1), at(10, 2), at(21, 3), at(41, 4)];
    expect(withGaps(points, 10)).toEqual(points);
  });

  it("inserts one null point, one step after the last sample, into each gap longer than twice the step", () => {
    const points = [at(0, 1), at(10, 2), at(100, 3), at(110, 4), at(300, 5)];
    expect(withGaps(points, 10)).toEqual([
      at(0, 1),
      at(10, 2),
      { t: 20_000, rxBitsPerSecond: null, txBitsPerSecond: null },
      at(100, 3),
      at(110, 4),
      { t: 120_000, rxBitsPerSecond: null, txBitsPerSecond: null },
      at(300, 5),
    ]);
  });

  it("nulls every field but t, status included", () => {
    const gapped = withGaps(
      [
        { t: 0, status: "open-encrypted", inPktsOk: 5 },
        { t: 60_000, status: "negotiating", inPktsOk: null },
      ],
      5,
    );
    expect(gapped[1]).toEqual({ t: 5_000, status: null, inPktsOk: null });
    expect(gapped).toHaveLength(3);
  });

  it("returns empty and one-point series as they are, and inserts nothing for a step of 0", () => {
    expect(withGaps([], 10)).toEqual([]);
    expect(withGaps([at(0, 1)], 10)).toEqual([at(0, 1)]);
    expect(withGaps([at(0, 1), at(1000, 2)], 0)).toEqual([at(0, 1), at(1000, 2)]);
  });
});

describe("expectedStepSec", () => {
  it("is the bucket width, or the poll interval when polls are sparser", () => {
    expect(expectedStepSec(5, 30)).toBe(30);
    expect(expectedStepSec(3600, 30)).toBe(3600);
  });
});

describe("maxKnown", () => {
  it("ignores nulls and is 0 when nothing is known", () => {
    expect(maxKnown([null, 3, null, 7.5, 2])).toBe(7.5);
    expect(maxKnown([null, null])).toBe(0);
    expect(maxKnown([])).toBe(0);
  });
});
