import { describe, expect, it } from "vitest";
import { approveSchema, cancelSchema, proposalSchema, rejectSchema, scheduleSchema } from "./action-schemas";

const HASH = "ab".repeat(32);

/** ISO 8601 UTC instant `hours` from now (negative = in the past). */
function inHours(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000).toISOString();
}

/** The issue paths of a schedule input (empty when it is accepted). */
function paths(input: Record<string, string>): PropertyKey[][] {
  return scheduleSchema.safeParse(input).error?.issues.map((i) => i.path) ?? [];
}

describe("change action schemas", () => {
  it("accepts a proposal with string and boolean params and refuses extra keys or no device", () => {
    expect(proposalSchema.safeParse({ kind: "macvlan.add", deviceIds: ["d1"], params: { name: "mv1", enabled: true } }).success).toBe(true);
    expect(proposalSchema.safeParse({ kind: "macvlan.add", deviceIds: [], params: {} }).success).toBe(false);
    expect(proposalSchema.safeParse({ kind: "nope", deviceIds: ["d1"], params: {} }).success).toBe(false);
    expect(proposalSchema.safeParse({ kind: "macvlan.add", deviceIds: ["d1"], params: {}, extra: 1 }).success).toBe(false);
  });

  it("takes a cancel with an optional reason (trimmed, at most 500 characters) and nothing else", () => {
    expect(cancelSchema.parse({ id: "c1" })).toEqual({ id: "c1" });
    expect(cancelSchema.parse({ id: "c1", reason: `  ${"r".repeat(500)}  ` }).reason).toBe("r".repeat(500));
    expect(cancelSchema.safeParse({ id: "c1", reason: "r".repeat(501) }).error?.issues).toEqual([expect.objectContaining({ path: ["reason"] })]);
    expect(cancelSchema.safeParse({ id: "c1", reason: "ok", force: true }).success).toBe(false);
    expect(cancelSchema.safeParse({ reason: "no id" }).success).toBe(false);
  });

  it("reads the management-cut checkbox (value=true) from FormData values and requires a 64-hex hash", () => {
    expect(approveSchema.parse({ id: "c1", hash: HASH, allowManagementCut: "true" }).allowManagementCut).toBe(true);
    expect(approveSchema.parse({ id: "c1", hash: HASH, allowManagementCut: "false" }).allowManagementCut).toBe(false);
    expect(approveSchema.parse({ id: "c1", hash: HASH, allowManagementCut: true }).allowManagementCut).toBe(true);
    expect(approveSchema.parse({ id: "c1", hash: HASH }).allowManagementCut).toBeUndefined();
    expect(approveSchema.safeParse({ id: "c1", hash: "abc" }).success).toBe(false);
  });

  it.each(["maybe", "1", "yes", "on", ""])("refuses allowManagementCut=%j with the field named", (value) => {
    const result = approveSchema.safeParse({ id: "c1", hash: HASH, allowManagementCut: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["allowManagementCut"], message: "must be true or false" })]);
  });

  it("takes a checkbox param only as a boolean or true/false and a select param only as one of its options, keyed by the param", () => {
    const ping = (enabled: unknown) => proposalSchema.safeParse({ kind: "mac-server.set-ping", deviceIds: ["d1"], params: { enabled } });
    expect(ping(true).success).toBe(true);
    expect(ping("false").success).toBe(true);
    for (const bad of ["maybe", "1", "yes"])
      expect(ping(bad).error?.issues).toEqual([expect.objectContaining({ path: ["enabled"], message: "must be true or false" })]);
    const set = (disabled: string) => proposalSchema.safeParse({ kind: "macvlan.set", deviceIds: ["d1"], params: { name: "mv1", disabled } });
    expect(set("").success && set("true").success && set("false").success).toBe(true);
    expect(set("yes").error?.issues).toEqual([expect.objectContaining({ path: ["disabled"], message: "must be one of: false, true" })]);
  });

  it("requires a reject reason", () => {
    expect(rejectSchema.safeParse({ id: "c1", reason: "  " }).success).toBe(false);
    expect(rejectSchema.parse({ id: "c1", reason: " drift " }).reason).toBe("drift");
  });

  it("takes no window (apply now) or a UTC window whose end follows its start", () => {
    expect(scheduleSchema.safeParse({ id: "c1" }).success).toBe(true);
    expect(scheduleSchema.safeParse({ id: "c1", windowStart: inHours(1), windowEnd: inHours(2) }).success).toBe(true);
    expect(scheduleSchema.safeParse({ id: "c1", windowStart: inHours(1).replace("Z", "+00:00") }).success).toBe(true);
    expect(paths({ id: "c1", windowStart: inHours(2), windowEnd: inHours(1) })).toEqual([["windowEnd"]]);
    expect(paths({ id: "c1", windowEnd: inHours(2) })).toEqual([["windowStart"]]);
    expect(scheduleSchema.safeParse({ id: "c1", windowStart: "tomorrow" }).success).toBe(false);
  });

  it("bounds the window: no start in year 9999, past or beyond 90 days (89 days is fine), no window longer than 24 hours", () => {
    expect(paths({ id: "c1", windowStart: "9999-12-31T00:00:00.000Z" })).toEqual([["windowStart"]]);
    expect(paths({ id: "c1", windowStart: inHours(91 * 24) })).toEqual([["windowStart"]]);
    expect(scheduleSchema.safeParse({ id: "c1", windowStart: inHours(89 * 24), windowEnd: inHours(89 * 24 + 4) }).success).toBe(true);
    expect(paths({ id: "c1", windowStart: inHours(-1) })).toEqual([["windowStart"]]);
    expect(paths({ id: "c1", windowStart: inHours(1), windowEnd: inHours(26) })).toEqual([["windowEnd"]]);
    expect(paths({ id: "c1", windowStart: inHours(1), windowEnd: "9999-12-31T00:00:00.000Z" })).toEqual([["windowEnd"]]);
    expect(scheduleSchema.safeParse({ id: "c1", windowStart: inHours(1), windowEnd: inHours(24) }).success).toBe(true);
  });
});
