import { describe, expect, it } from "vitest";
import { computeBitsPerSecond, computeRate, isWrapPlausible } from "./rates";

const t0 = new Date("2026-11-21T10:00:00.000Z");
const at = (sec: number) => new Date(t0.getTime() + sec * 1000);

describe("computeRate", () => {
  it("turns a byte delta into bits/s", () => {
    const bps = computeBitsPerSecond({ ts: t0, value: 1_000n }, { ts: at(10), value: 11_000n });
    expect(bps).toBe(8_000);
  });

  it("turns a packet delta into packets/s over a fractional interval", () => {
    expect(computeRate({ ts: t0, value: 0n }, { ts: at(0.5), value: 50n })).toBe(100);
  });

  it("returns 0 for an unchanged counter", () => {
    expect(computeRate({ ts: t0, value: 42n }, { ts: at(60), value: 42n })).toBe(0);
  });

  it("returns null without a previous sample", () => {
    expect(computeRate(undefined, { ts: t0, value: 5n })).toBeNull();
  });

  it("returns null for a zero or negative interval", () => {
    expect(computeRate({ ts: t0, value: 1n }, { ts: t0, value: 9n })).toBeNull();
    expect(computeRate({ ts: at(5), value: 1n }, { ts: t0, value: 9n })).toBeNull();
  });

  it("treats a decrease as a reset when no wrap width is configured", () => {
    expect(computeRate({ ts: t0, value: 4_294_967_000n }, { ts: at(10), value: 100n })).toBeNull();
  });

  it("follows a plausible 32-bit wrap", () => {
    const rate = computeRate({ ts: t0, value: 4_294_967_000n }, { ts: at(1), value: 704n }, { wrapBits: 32 });
    expect(rate).toBe(1_000);
  });

  it("treats an implausible 32-bit wrap (big drop) as a reset", () => {
    expect(computeRate({ ts: t0, value: 1_000_000n }, { ts: at(10), value: 10n }, { wrapBits: 32 })).toBeNull();
  });

  it("treats a 64-bit decrease from a small value as a reset", () => {
    expect(computeRate({ ts: t0, value: 9_000_000_000n }, { ts: at(10), value: 5n }, { wrapBits: 64 })).toBeNull();
  });

  it("follows a 64-bit wrap from near 2^64", () => {
    const prev = (1n << 64n) - 100n;
    expect(computeRate({ ts: t0, value: prev }, { ts: at(2), value: 100n }, { wrapBits: 64 })).toBe(100);
  });

  it("keeps precision for counters above 2^53", () => {
    const base = 2n ** 60n;
    expect(computeRate({ ts: t0, value: base }, { ts: at(1), value: base + 3n })).toBe(3);
  });
});

describe("isWrapPlausible", () => {
  it("rejects values outside the width", () => {
    expect(isWrapPlausible(1n << 33n, 5n, 32)).toBe(false);
  });
  it("rejects an increase", () => {
    expect(isWrapPlausible(5n, 6n, 32)).toBe(false);
  });
});
