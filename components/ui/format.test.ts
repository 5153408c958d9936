import { formatDistanceStrict } from "date-fns";
import { describe, expect, it } from "vitest";
import {
  bitRateScale,
  formatBitRate,
  formatBytes,
  formatDuration,
  formatPacketRate,
  formatPercent,
  formatRelativeTime,
  formatUtcTime,
  packetRateScale,
  shortenHex,
} from "./format";

describe("bit rates (SI prefixes)", () => {
  it("formats bits/s with decimal prefixes", () => {
    expect(formatBitRate(0)).toBe("0 bit/s");
    expect(formatBitRate(999)).toBe("999 bit/s");
    expect(formatBitRate(1000)).toBe("1 kbit/s");
    expect(formatBitRate(1234)).toBe("1.23 kbit/s");
    expect(formatBitRate(12_345_678)).toBe("12.3 Mbit/s");
    expect(formatBitRate(987_654_321)).toBe("988 Mbit/s");
    expect(formatBitRate(2.5e9)).toBe("2.5 Gbit/s");
    expect(formatBitRate(Number.NaN)).toBe("–");
  });

  it("picks the axis unit from the largest value", () => {
    expect(bitRateScale(0)).toEqual({ unit: "bit/s", divisor: 1 });
    expect(bitRateScale(850_000)).toEqual({ unit: "kbit/s", divisor: 1e3 });
    expect(bitRateScale(94_000_000)).toEqual({ unit: "Mbit/s", divisor: 1e6 });
    expect(bitRateScale(1e10)).toEqual({ unit: "Gbit/s", divisor: 1e9 });
    expect(bitRateScale(Number.POSITIVE_INFINITY)).toEqual({ unit: "bit/s", divisor: 1 });
  });
});

describe("packet rates", () => {
  it("formats packets/s", () => {
    expect(formatPacketRate(0.5)).toBe("0.5 packets/s");
    expect(formatPacketRate(1500)).toBe("1.5 kpackets/s");
    expect(packetRateScale(2_000_000)).toEqual({ unit: "Mpackets/s", divisor: 1e6 });
  });
});

describe("bytes (IEC prefixes)", () => {
  it("formats byte counts with binary prefixes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(268_435_456)).toBe("256 MiB");
    expect(formatBytes(4_294_967_296)).toBe("4 GiB");
  });
});

describe("durations", () => {
  it("keeps the two largest units", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(59)).toBe("59s");
    expect(formatDuration(3725)).toBe("1h 2m");
    expect(formatDuration(93_600)).toBe("1d 2h");
    expect(formatDuration(86_400)).toBe("1d");
    expect(formatDuration(86_430)).toBe("1d");
    expect(formatDuration(1_300_000)).toBe("15d 1h");
    expect(formatDuration(-5)).toBe("0s");
  });
});

describe("percent and hex", () => {
  it("formats a used/total ratio", () => {
    expect(formatPercent(768, 1024)).toBe("75%");
    expect(formatPercent(1, 3)).toBe("33.3%");
    expect(formatPercent(1, 0)).toBeNull();
    expect(formatPercent(null, 10)).toBeNull();
  });

  it("shortens a 64-hex CKN and leaves short values alone", () => {
    const ckn = "0123456789abcdef".repeat(4);
    expect(shortenHex(ckn)).toBe("01234567…cdef");
    expect(shortenHex("abcd")).toBe("abcd");
  });
});

describe("times", () => {
  it("prints UTC to the second, whatever the process time zone", () => {
    expect(formatUtcTime(new Date("2026-11-21T10:00:05.987Z"))).toBe("2026-11-21 10:00:05 UTC");
    expect(formatUtcTime(new Date(Date.UTC(2027, 0, 1, 23, 59, 59)))).toBe("2027-01-01 23:59:59 UTC");
  });
});

describe("relative times (the wording of date-fns formatDistanceToNowStrict with addSuffix)", () => {
  const now = new Date("2026-06-15T12:00:00.000Z");
  const offsetsSec = [
    -0.4, 0, 0.6, 1, 29, 59.4, 59.6, 60, 89, 90, 3_599, 3_600, 5_400, 86_399, 86_400, 129_600, 2_591_999, 2_592_000, 31_535_999, 31_536_000, 47_304_000,
    94_608_000,
  ];
  it("reads the same as date-fns in the past and the future, for every unit and boundary", () => {
    expect(offsetsSec.length).toBeGreaterThan(0);
    for (const sec of offsetsSec) {
      for (const sign of [-1, 1]) {
        const date = new Date(now.getTime() + sign * sec * 1000);
        expect(formatRelativeTime(date, now), `${sign * sec} s`).toBe(formatDistanceStrict(date, now, { addSuffix: true }));
      }
    }
  });
  it("words it as the pages show it", () => {
    expect(formatRelativeTime(new Date(now.getTime() - 5 * 60_000), now)).toBe("5 minutes ago");
    expect(formatRelativeTime(new Date(now.getTime() + 3_600_000), now)).toBe("in 1 hour");
    expect(formatRelativeTime(now, now)).toBe("0 seconds ago");
  });
});
