import { describe, expect, it } from "vitest";
import { cancellationOf, CHANGE_STATUS_LABELS, historyCaughtUp, type ChangeDetailDto } from "./dto";

function event(action: string, after: unknown): ChangeDetailDto["history"][number] {
  return { id: 1, ts: "2026-11-22T00:00:00.000Z", action, actorEmail: null, before: null, after, hashShort: "0", clientIp: null, requestId: null };
}

describe("historyCaughtUp", () => {
  const applying = [
    event("change.propose", { title: "x" }),
    event("change.approve", { status: "APPROVED" }),
    event("change.schedule", { status: "SCHEDULED" }),
    event("change.apply_start", { status: "APPLYING" }),
  ];

  it("is false while the status is newer than the last transition event (a target event does not count)", () => {
    expect(historyCaughtUp({ status: "APPLIED", history: [...applying, event("change.target", { status: "APPLIED" })] })).toBe(false);
    expect(historyCaughtUp({ status: "APPLIED", history: [] })).toBe(false);
  });

  it("is true once the transition to the current status is recorded (propose means PENDING)", () => {
    expect(
      historyCaughtUp({
        status: "APPLIED",
        history: [...applying, event("change.target", { status: "APPLIED" }), event("change.finish", { status: "APPLIED" })],
      }),
    ).toBe(true);
    expect(historyCaughtUp({ status: "PENDING", history: [event("change.propose", { title: "x" })] })).toBe(true);
    expect(historyCaughtUp({ status: "NEEDS_ATTENTION", history: [...applying, event("change.reconcile", { status: "NEEDS_ATTENTION" })] })).toBe(true);
  });

  it("counts change.cancel as the transition to CANCELLED", () => {
    const scheduled = applying.slice(0, 3);
    expect(historyCaughtUp({ status: "CANCELLED", history: scheduled })).toBe(false);
    expect(historyCaughtUp({ status: "CANCELLED", history: [...scheduled, event("change.cancel", { status: "CANCELLED", reason: null })] })).toBe(true);
  });
});

describe("cancellationOf", () => {
  it("reads who cancelled, when and why from the change.cancel event; null without one", () => {
    const cancel = { ...event("change.cancel", { status: "CANCELLED", by: "op@x", reason: "postponed" }), actorEmail: "op@x", ts: "2026-11-22T10:00:00.000Z" };
    expect(cancellationOf([event("change.propose", { title: "x" }), cancel])).toEqual({ by: "op@x", at: "2026-11-22T10:00:00.000Z", reason: "postponed" });
    expect(cancellationOf([{ ...cancel, after: { status: "CANCELLED", reason: null } }])?.reason).toBeNull();
    expect(cancellationOf([event("change.propose", { title: "x" })])).toBeNull();
  });

  it("labels the CANCELLED status for the tabs and badges", () => {
    expect(CHANGE_STATUS_LABELS.CANCELLED).toBe("cancelled");
  });
});
