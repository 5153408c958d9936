import { describe, expect, it } from "vitest";
import { approveSchema, proposalSchema, rejectSchema, scheduleSchema } from "./action-schemas";

const HASH = "ab".repeat(32);

describe("change action schemas", () => {
  it("accepts a proposal with string and boolean params and refuses extra keys or no device", () => {
    expect(proposalSchema.safeParse({ kind: "macvlan.add", deviceIds: ["d1"], params: { name: "mv1", enabled: true } }).success).toBe(true);
    expect(proposalSchema.safeParse({ kind: "macvlan.add", deviceIds: [], params: {} }).success).toBe(false);
    expect(proposalSchema.safeParse({ kind: "nope", deviceIds: ["d1"], params: {} }).success).toBe(false);
    expect(proposalSchema.safeParse({ kind: "macvlan.add", deviceIds: ["d1"], params: {}, extra: 1 }).success).toBe(false);
  });

  it("reads the management-cut checkbox from FormData values and requires a 64-hex hash", () => {
    expect(approveSchema.parse({ id: "c1", hash: HASH, allowManagementCut: "on" }).allowManagementCut).toBe(true);
    expect(approveSchema.parse({ id: "c1", hash: HASH }).allowManagementCut).toBeUndefined();
    expect(approveSchema.safeParse({ id: "c1", hash: "abc" }).success).toBe(false);
  });

  it("requires a reject reason", () => {
    expect(rejectSchema.safeParse({ id: "c1", reason: "  " }).success).toBe(false);
    expect(rejectSchema.parse({ id: "c1", reason: " drift " }).reason).toBe("drift");
  });

  it("takes no window (apply now) or a UTC window whose end follows its start", () => {
    expect(scheduleSchema.safeParse({ id: "c1" }).success).toBe(true);
    expect(scheduleSchema.safeParse({ id: "c1", windowStart: "2026-11-22T01:00:00.000Z", windowEnd: "2026-11-22T02:00:00.000Z" }).success).toBe(true);
    const backwards = scheduleSchema.safeParse({ id: "c1", windowStart: "2026-11-22T02:00:00.000Z", windowEnd: "2026-11-22T01:00:00.000Z" });
    expect(backwards.success).toBe(false);
    expect(backwards.error?.issues[0]?.path).toEqual(["windowEnd"]);
    expect(scheduleSchema.safeParse({ id: "c1", windowEnd: "2026-11-22T02:00:00.000Z" }).success).toBe(false);
    expect(scheduleSchema.safeParse({ id: "c1", windowStart: "tomorrow" }).success).toBe(false);
  });
});
