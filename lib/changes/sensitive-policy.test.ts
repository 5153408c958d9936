import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./engine/testdata/harness";
import { secretThenFailKinds } from "./engine/testdata/secret-then-fail-kind";
import { applyChange, approveChange, proposeChange, scheduleChange, type KindLookup } from "./workflow";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const WITHOUT_SENSITIVE = ["read", "write", "api", "rest-api"];
const ALL = [...WITHOUT_SENSITIVE, "sensitive"];

type Step = { phase: string; method: string; path: string; detail: string | null };

async function rotate(router: string, cak: string, getKind?: KindLookup): Promise<string> {
  const input = { kind: "macsec.rotate-cak" as const, params: { name: "macsec1", cak }, deviceIds: [await h.deviceId(router)] };
  const { id, hash } = await proposeChange(h.t.db, h.operator, input, getKind ? { getKind } : {});
  await approveChange(h.t.db, h.admin, { id, hash });
  await scheduleChange(h.t.db, h.admin, { id });
  return id;
}

async function cakOf(router: string): Promise<string | undefined> {
  return h.cakOf(router, "macsec1");
}

describe("a router user without the sensitive policy (cak never returned)", () => {
  it("rotate-cak: the write goes through, verification of the cak is skipped with a note → APPLIED", async () => {
    const cak = "0011223344556677889900aabbccddee";
    const id = await rotate("guide-macsec-a", cak);
    await h.setUserPolicies("guide-macsec-a", WITHOUT_SENSITIVE);
    try {
      expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("APPLIED");
    } finally {
      await h.setUserPolicies("guide-macsec-a", ALL);
    }
    expect(await cakOf("guide-macsec-a")).toBe(cak);
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } });
    const notes = (JSON.parse(target.steps) as Step[]).filter((s) => s.method === "NOTE");
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ phase: "apply", detail: expect.stringMatching(/did not return cak .*an undo cannot restore it/) }),
        expect.objectContaining({ phase: "verify", detail: expect.stringMatching(/cak not returned by the router .*not verified/) }),
      ]),
    );
    await h.expectChainOk();
  });

  it("an undo that needs the old cak → NEEDS_ATTENTION naming it; the sealed value is kept for the human", async () => {
    const before = await cakOf("guide-macsec-b");
    const cak = "99887766554433221100ffeeddccbbaa";
    const id = await rotate("guide-macsec-b", cak, secretThenFailKinds);
    await h.setUserPolicies("guide-macsec-b", WITHOUT_SENSITIVE);
    try {
      expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("NEEDS_ATTENTION");
    } finally {
      await h.setUserPolicies("guide-macsec-b", ALL);
    }
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(request.error).toMatch(/undo incomplete: .*the old cak was not readable, so it cannot be restored/);
    expect(request.secretsSealed).not.toBeNull();
    expect(await cakOf("guide-macsec-b")).toBe(cak);
    expect(cak).not.toBe(before);
    await h.expectChainOk();
  });
});
