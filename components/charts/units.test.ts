import { describe, expect, it } from "vitest";
import { byteScale, unitFormat } from "./units";

describe("chart units", () => {
  it("scales bytes with IEC prefixes from the largest value", () => {
    expect(byteScale(512)).toEqual({ unit: "B", divisor: 1 });
    expect(byteScale(3 * 1024 ** 2)).toEqual({ unit: "MiB", divisor: 1024 ** 2 });
    expect(byteScale(Number.NaN)).toEqual({ unit: "B", divisor: 1 });
  });

  it("formats every descriptor unit", () => {
    expect(unitFormat("bits/s").format(1234)).toBe("1.23 kbit/s");
    expect(unitFormat("packets/s").format(0.5)).toBe("0.5 packets/s");
    expect(unitFormat("bytes").format(1536)).toBe("1.5 KiB");
    expect(unitFormat("%").format(12.34)).toBe("12.3%");
    expect(unitFormat("%").scale(100)).toEqual({ unit: "%", divisor: 1 });
    expect(unitFormat("count").format(2.25)).toBe("2.3");
  });
});
