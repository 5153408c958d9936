import { describe, expect, it } from "vitest";
import { parseAddressPlanCsv } from "./csv";
import { CSV_MAX_CHARS } from "./limits";

describe("parseAddressPlanCsv", () => {
  it("reads rows with and without a header, keeping each row's line, skipping blank and # lines", () => {
    const plain = parseAddressPlanCsv("02-00-00-00-00-01,10.0.0.10,printer\n\n# spare\n02:00:00:00:00:02, 10.0.0.11\n");
    expect(plain).toEqual({
      ok: true,
      rows: [
        { macAddress: "02:00:00:00:00:01", address: "10.0.0.10", comment: "printer", line: 1 },
        { macAddress: "02:00:00:00:00:02", address: "10.0.0.11", line: 4 },
      ],
    });
    const headed = parseAddressPlanCsv('\uFEFFAddress,MAC-Address,Comment\r\n10.0.0.10,02:00:00:00:00:01,"rack 4, shelf 2"\r\n');
    expect(headed).toEqual({ ok: true, rows: [{ macAddress: "02:00:00:00:00:01", address: "10.0.0.10", comment: "rack 4, shelf 2", line: 2 }] });
  });

  it("names the line and column of every bad row, and duplicates with the line they repeat", () => {
    const bad = parseAddressPlanCsv("mac-address,address\n01:00:5E:00:00:FB,10.0.0.10\n02:00:00:00:00:02,10.0.0.300\n02:00:00:00:00:03,10.0.0.12,a,b\n");
    expect(bad.ok).toBe(false);
    const problems = bad.ok ? [] : bad.problems;
    expect(problems.map((p) => p.split(": ").slice(0, 2).join(": "))).toEqual([
      "line 2: mac-address",
      "line 3: address",
      "line 3: address",
      "line 4: 4 fields, expected at most 2 (mac-address,address); quote a comment that has a comma",
    ]);
    const dup = parseAddressPlanCsv("02:00:00:00:00:01,10.0.0.10\n02:00:00:00:00:01,10.0.0.11\n02:00:00:00:00:03,10.0.0.10\n");
    expect(dup).toEqual({
      ok: false,
      problems: ["line 2: mac-address 02:00:00:00:00:01 is already on line 1", "line 3: address 10.0.0.10 is already on line 1"],
    });
  });

  it("refuses a bad header, an empty file, malformed quoting, too many rows and too long a text", () => {
    expect(parseAddressPlanCsv("mac-address,ip\n02:00:00:00:00:01,10.0.0.10")).toEqual({
      ok: false,
      problems: ["line 1: unknown column ip (columns: mac-address, address, comment)"],
    });
    expect(parseAddressPlanCsv("mac-address,address,comment\n")).toEqual({ ok: false, problems: ["the CSV has no rows"] });
    const quoted = parseAddressPlanCsv('02:00:00:00:00:01,10.0.0.10,"open\n');
    expect(quoted.ok ? [] : quoted.problems).toEqual([expect.stringMatching(/Quote Not Closed/i)]);
    const many = Array.from(
      { length: 5_001 },
      (_, i) => `02:00:00:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")},10.1.${i >> 8}.${(i & 255) + 1}`,
    );
    expect(parseAddressPlanCsv(many.join("\n"))).toEqual({ ok: false, problems: ["the CSV has 5001 rows; at most 5000 per address plan"] });
    expect(parseAddressPlanCsv("x".repeat(CSV_MAX_CHARS + 1)).ok).toBe(false);
  });
});
