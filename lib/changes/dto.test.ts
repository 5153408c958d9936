import { describe, expect, it } from "vitest";
import { historyCaughtUp, type ChangeDetailDto } from "./dto";

function event(action: string, after: unknown): ChangeDetailDto["history"][number] {
  return { id: 1, ts: "2026-11-22T00:00:00.000Z", action, actorEmail: null, before: null, after, hashShort: "0", clientIp: null, requestId: null };
}

describe("historyCaughtUp", () => {
  const applying = [event("change.propose", { title: "x" }), event("change.approve", { status: "APPROVED" }), event("change.schedule", { status: "SCHEDULED" }), event("change.apply_start", { status: "APPLYING" })];

  it("is false while the status is newer than the last transition event (a target event does not count)", () => {
    expect(historyCaughtUp({ status: "APPLIED", history: [...applying, event("change.target", { status: "APPLIED" })] })).toBe(false);
    expect(historyCaughtUp({ status: "APPLIED", history: [] })).toBe(false);
  });

  it("is true once the transition to the current status is recorded (propose means PENDING)", () => {
    expect(historyCaughtUp({ status: "APPLIED", history: [...applying, event("change.target", { status: "APPLIED" }), event("change.finish", { status: "APPLIED" })] })).toBe(true);
    expect(historyCaughtUp({ status: "PENDING", history: [event("change.propose", { title: "x" })] })).toBe(true);
    expect(historyCaughtUp({ status: "NEEDS_ATTENTION", history: [...applying, event("change.reconcile", { status: "NEEDS_ATTENTION" })] })).toBe(true);
  });
});
