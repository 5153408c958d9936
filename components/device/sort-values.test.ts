import { describe, expect, it } from "vitest";
import { compareSortValues, matchesSearch, sortRows } from "./sort-values";

describe("compareSortValues", () => {
  it("sorts IPv4 addresses and CIDRs by address, then prefix", () => {
    const sorted = ["10.0.0.10", "10.0.0.9", "9.255.255.255", "10.0.0.9/24", "10.0.0.9/32", "192.168.1.1"].sort(compareSortValues);
    expect(sorted).toEqual(["9.255.255.255", "10.0.0.9/24", "10.0.0.9", "10.0.0.9/32", "10.0.0.10", "192.168.1.1"]);
  });

  it("sorts names with numbers naturally and case-insensitively, numbers by value, nulls last", () => {
    expect(["ether10", "Ether2", "bridge"].sort(compareSortValues)).toEqual(["bridge", "Ether2", "ether10"]);
    expect([10, null, 2, 33].sort(compareSortValues)).toEqual([2, 10, 33, null]);
  });
});

describe("sortRows", () => {
  const rows = [
    { n: "b", v: 2 },
    { n: "a", v: null },
    { n: "c", v: 1 },
    { n: "d", v: 2 },
  ];

  it("sorts both ways, keeps equal rows in their order and nulls last", () => {
    expect(sortRows(rows, (r) => r.v, "asc").map((r) => r.n)).toEqual(["c", "b", "d", "a"]);
    expect(sortRows(rows, (r) => r.v, "desc").map((r) => r.n)).toEqual(["b", "d", "c", "a"]);
    expect(rows.map((r) => r.n)).toEqual(["b", "a", "c", "d"]);
  });
});

describe("matchesSearch", () => {
  it("matches any field, case-insensitively, and everything for a blank search", () => {
    expect(matchesSearch("aa:bb", ["10.0.0.1", "AA:BB:CC:DD:EE:FF"])).toBe(true);
    expect(matchesSearch(" printer ", [null, "Printer-1"])).toBe(true);
    expect(matchesSearch("10.0.0.2", ["10.0.0.1", null])).toBe(false);
    expect(matchesSearch("  ", [null])).toBe(true);
  });
});
