import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../engine/testdata/harness";
import { approveChange, applyChange, scheduleChange } from "../workflow";
import { ChangeInputError } from "../workflow-types";
import { previewTemplate, proposeTemplate } from "./service";

/**
 * The MACsec link template end to end against the simulator, which pairs MACsec ends added over the API by
 * their CKN: both ends written with one generated CAK and CKN and up (open-encrypted) before the request is
 * APPLIED; a CAK rotation on both ends; a far end that never comes up undoes both ends.
 */

let h: Harness;
const A = "guide-macsec-a";
const B = "guide-macsec-b";

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** An ethernet interface of `router` (not ether1) whose `running` is `running`. */
async function parent(router: string, running: boolean): Promise<string> {
  const rows = await h.rows(router, "/interface");
  const found = rows.find((r) => r.type === "ether" && r.name !== "ether1" && (r.running === "true") === running);
  if (!found?.name) throw new Error(`${router} has no ${running ? "running" : "idle"} ethernet port`);
  return found.name;
}

async function apply(template: string, input: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const { id, hash } = await proposeTemplate(h.t.db, h.operator, template, input);
  await approveChange(h.t.db, h.admin, { id, hash });
  await scheduleChange(h.t.db, h.admin, { id });
  return { id, status: await applyChange(h.t.db, id, { owner: "w", settlePollMs: 250 }) };
}

async function macsec(router: string, name: string): Promise<Record<string, string> | undefined> {
  return (await h.rows(router, "/interface/macsec")).find((r) => r.name === name);
}

describe("MACsec link template", () => {
  it("writes both ends with one server-generated CAK and CKN, waits for open-encrypted, and rotates the CAK on both ends", async () => {
    const input = {
      name: "macsec-lab",
      a: { deviceId: await h.deviceId(A), interface: await parent(A, true) },
      b: { deviceId: await h.deviceId(B), interface: await parent(B, true) },
      waitSec: 60,
    };
    const preview = await previewTemplate(h.t.db, "macsec-link", input);
    expect(preview.steps.map((s) => [s.deviceName, s.kind, s.ok])).toEqual([
      [A, "macsec.add", true],
      [B, "macsec.add", true],
    ]);
    expect(JSON.stringify(preview.steps)).toMatch(/<sealed, fingerprint [0-9a-f]{8}>/);
    const { id, status } = await apply("macsec-link", input);
    expect(status).toBe("APPLIED");
    const [ea, eb] = [await macsec(A, "macsec-lab"), await macsec(B, "macsec-lab")];
    expect(ea?.ckn).toMatch(/^[0-9a-f]{64}$/);
    expect(eb?.ckn).toBe(ea?.ckn);
    const cak = await h.cakOf(A, "macsec-lab");
    expect(cak).toMatch(/^[0-9a-f]{32}$/);
    expect(await h.cakOf(B, "macsec-lab")).toBe(cak);
    const row = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(row.params).not.toContain(cak);
    expect(row.secretsSealed).toBeNull();
    const calls = await h.t.db.changeTarget.findMany({ where: { changeRequestId: id }, select: { steps: true } });
    expect(calls.some((c) => (JSON.parse(c.steps) as { phase: string }[]).some((s) => s.phase === "settle"))).toBe(true);

    const rotated = await apply("macsec-link", {
      action: "rotate-cak",
      name: "macsec-lab",
      a: { deviceId: input.a.deviceId },
      b: { deviceId: input.b.deviceId },
    });
    expect(rotated.status).toBe("APPLIED");
    const newCak = await h.cakOf(A, "macsec-lab");
    expect(newCak).not.toBe(cak);
    expect(await h.cakOf(B, "macsec-lab")).toBe(newCak);
    await h.expectChainOk();
  }, 120_000);

  it("undoes both ends when the far end does not reach open-encrypted in time, naming it", async () => {
    const idle = await parent(B, false);
    const { id, status } = await apply("macsec-link", {
      name: "macsec-dark",
      a: { deviceId: await h.deviceId(A), interface: await parent(A, true) },
      b: { deviceId: await h.deviceId(B), interface: idle },
      waitSec: 5,
    });
    expect(status).toBe("ROLLED_BACK");
    expect(await macsec(A, "macsec-dark")).toBeUndefined();
    expect(await macsec(B, "macsec-dark")).toBeUndefined();
    const row = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(row.error).toContain(`MACsec macsec-dark on ${B} did not reach open-encrypted within 5 s (status initializing)`);
  }, 60_000);

  it("refuses one router for both ends, pasted keys of the wrong length and a missing parent", async () => {
    const deviceId = await h.deviceId(A);
    const err = await previewTemplate(h.t.db, "macsec-link", {
      a: { deviceId, interface: "ether2" },
      b: { deviceId },
      keys: "paste",
      cak: "abc",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChangeInputError);
    expect(Object.keys((err as ChangeInputError).fieldErrors ?? {}).sort()).toEqual(["b", "b.interface", "cak", "ckn"]);
  });
});
