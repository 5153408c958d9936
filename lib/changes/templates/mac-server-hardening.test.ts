import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at } from "../../testing/at";
import { beforeBackupCalls, startHarness, type Harness } from "../engine/testdata/harness";
import { approveChange, applyChange, scheduleChange } from "../workflow";
import { ChangeInputError } from "../workflow-types";
import { previewTemplate, proposeTemplate } from "./service";

/**
 * The MAC-server hardening template end to end against the simulator: the list, its members, both MAC server
 * services restricted to it and MAC ping off on two routers; a failure on the second router undoes both; steps
 * that would refuse an existing list or member are left out with a note; bad input is refused by field.
 */

let h: Harness;
const MACSERVER = "guide-macserver";
const SOHO = "guide-soho-macvlan";
const LINK_A = "guide-macsec-a";
const LINK_B = "guide-macsec-b";
const MENUS = ["/interface/list", "/interface/list/member", "/tool/mac-server", "/tool/mac-server/mac-winbox", "/tool/mac-server/ping"];
const TEMPLATE = "mac-server-hardening";

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Every menu the template touches on `router`, without `.id`. */
async function menus(router: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const m of MENUS) {
    const body = (await h.rest(router, "GET", m)).body;
    out[m] = Array.isArray(body) ? (body as Record<string, string>[]).map(({ ".id": _id, ...rest }) => rest) : body;
  }
  return out;
}

async function approveAndApply(id: string, hash: string): Promise<string> {
  await approveChange(h.t.db, h.admin, { id, hash });
  await scheduleChange(h.t.db, h.admin, { id });
  return applyChange(h.t.db, id, { owner: "w" });
}

async function fieldErrorsOf(input: unknown): Promise<Record<string, string[]> | undefined> {
  const err = await previewTemplate(h.t.db, TEMPLATE, input).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ChangeInputError);
  return (err as ChangeInputError).fieldErrors;
}

describe("MAC-server hardening template", () => {
  it("creates the list with its members on two routers, restricts MAC-Telnet and MAC-Winbox to it and turns MAC ping off", async () => {
    const input = {
      routers: [
        { deviceId: await h.deviceId(SOHO), interfaces: "ether2, ether3" },
        { deviceId: await h.deviceId(MACSERVER), interfaces: "vlan-68,ether2,vlan-68" },
      ],
    };
    const preview = await previewTemplate(h.t.db, TEMPLATE, input);
    expect(preview.title).toBe("MAC-server hardening (MGMT) on 2 routers");
    expect(preview.steps.every((s) => s.ok)).toBe(true);
    const kinds = (router: string) => preview.steps.filter((s) => s.deviceName === router).map((s) => s.kind);
    const expected = [
      "interface-list.add",
      "interface-list.add-member",
      "interface-list.add-member",
      "mac-server.set-allowed-list",
      "mac-server.set-allowed-list",
      "mac-server.set-ping",
    ];
    expect(kinds(SOHO)).toEqual(expected);
    expect(kinds(MACSERVER)).toEqual(expected);
    // The simulator is reached at 127.0.0.1, which no /ip/address holds: the management check says it could not run.
    expect(preview.templateNotes).toHaveLength(2);
    expect(at(preview.templateNotes, 0)).toMatch(new RegExp(`^${SOHO}: could not check that MGMT holds the management interface \\(no /ip/address holds`));

    const { id, hash } = await proposeTemplate(h.t.db, h.operator, TEMPLATE, input);
    expect(await approveAndApply(id, hash)).toBe("APPLIED");
    for (const [router, members] of [
      [SOHO, ["ether2", "ether3"]],
      [MACSERVER, ["vlan-68", "ether2"]],
    ] as const) {
      const after = await menus(router);
      expect((after["/interface/list"] as Record<string, string>[]).filter((l) => l.name === "MGMT")).toMatchObject([{ builtin: "false" }]);
      const mgmt = (after["/interface/list/member"] as Record<string, string>[]).filter((m) => m.list === "MGMT");
      expect(mgmt.map((m) => [m.interface, m.disabled])).toEqual(members.map((m) => [m, "false"]));
      expect(after["/tool/mac-server"]).toMatchObject({ "allowed-interface-list": "MGMT" });
      expect(after["/tool/mac-server/mac-winbox"]).toMatchObject({ "allowed-interface-list": "MGMT" });
      expect(after["/tool/mac-server/ping"]).toMatchObject({ enabled: "false" });
    }
    await h.expectChainOk();
  });

  it("a failure at a middle step on the second router undoes every step on both routers", async () => {
    const input = {
      list: "NOC-MGMT",
      routers: [
        { deviceId: await h.deviceId(LINK_A), interfaces: "ether2,ether3" },
        { deviceId: await h.deviceId(LINK_B), interfaces: "ether2,ether3" },
      ],
    };
    const before = { a: await menus(LINK_A), b: await menus(LINK_B) };
    expect(before.a["/tool/mac-server/ping"]).toMatchObject({ enabled: "true" });
    const { id, hash } = await proposeTemplate(h.t.db, h.operator, TEMPLATE, input);
    // B's second `POST …/set` (MAC-Winbox, step 5 of 6 on B; after the POSTs of its before_change backup) answers 500 without being carried out.
    await h.setFault(LINK_B, { mode: "http500", methods: ["POST"], skip: 1 + beforeBackupCalls(["POST"]), count: 1 });
    const status = await approveAndApply(id, hash);
    await h.clearFault(LINK_B);
    expect(status).toBe("ROLLED_BACK");
    expect(await menus(LINK_A)).toEqual(before.a);
    expect(await menus(LINK_B)).toEqual(before.b);
    const targets = await h.t.db.changeTarget.findMany({ where: { changeRequestId: id }, orderBy: { position: "asc" } });
    expect(targets.map((t) => t.status)).toEqual([...Array(10).fill("ROLLED_BACK"), "FAILED", "SKIPPED"]);
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(request.error).toContain(`step 11 on ${LINK_B}`);
    await h.expectChainOk();
  });

  it("leaves out the list and members that exist, with notes, and warns when the list will not hold the management interface", async () => {
    const deviceId = await h.deviceId(SOHO);
    const added = await h.rest(SOHO, "PUT", "/ip/address", { address: "127.0.0.1/8", interface: "ether1" });
    expect(added.status).toBe(200);
    try {
      const preview = await previewTemplate(h.t.db, TEMPLATE, { list: "LAN", routers: [{ deviceId, interfaces: "ether3, ether2" }] });
      expect(preview.steps.every((s) => s.ok)).toBe(true);
      expect(preview.steps.map((s) => [s.kind, s.title])).toEqual([
        ["interface-list.add-member", "Add ether2 to interface list LAN"],
        ["mac-server.set-allowed-list", "Set MAC-Telnet allowed-interface-list=LAN"],
        ["mac-server.set-allowed-list", "Set MAC-Winbox allowed-interface-list=LAN"],
        ["mac-server.set-ping", "Disable MAC ping (/tool/mac-server/ping enabled=no)"],
      ]);
      // The first test turned MAC ping off: the step stays, as a no-op.
      expect(preview.steps.map((s) => s.calls.length)).toEqual([1, 1, 1, 0]);
      expect(preview.templateNotes).toEqual([
        `${SOHO}: interface list LAN already exists; not added`,
        `${SOHO}: ether3 is already a member of LAN; not added`,
        `${SOHO}: LAN also holds ether4, ether5: MAC-Telnet and MAC-Winbox will answer there too`,
        `${SOHO}: LAN will not hold ether1, the interface with the address the app reaches the router at: MAC-Telnet and MAC-Winbox will no longer answer on it`,
      ]);
      const withMgmt = await previewTemplate(h.t.db, TEMPLATE, { list: "LAN", routers: [{ deviceId, interfaces: "ether1" }] });
      expect(withMgmt.templateNotes.filter((n) => n.includes("will not hold"))).toEqual([]);
    } finally {
      await h.rest(SOHO, "DELETE", `/ip/address/${(added.body as Record<string, string>)[".id"] ?? ""}`);
    }
  });

  it("refuses bad input by form field: no interface, bad names, built-in list, same router twice", async () => {
    const deviceId = await h.deviceId(MACSERVER);
    expect(
      await fieldErrorsOf({
        list: "all",
        routers: [
          { deviceId, interfaces: " , " },
          { deviceId, interfaces: "ether2, bad name" },
        ],
      }),
    ).toEqual({
      list: ["all, none, dynamic and static are built-in lists: choose a list of your own"],
      "routers.0.interfaces": ["enter at least one interface (names separated by commas)"],
      "routers.1.interfaces": ['"bad name" is not a valid interface name'],
      "routers.1.deviceId": ["each router once"],
    });
    expect(await fieldErrorsOf({ routers: [] })).toEqual({ routers: ["choose at least one router"] });
  });

  it("refuses, by router row, an interface the router lacks and a chosen interface that is a disabled member of the list", async () => {
    const member = await h.rest(MACSERVER, "PUT", "/interface/list/member", { list: "mac-allowed", interface: "ether3", disabled: "true" });
    expect(member.status).toBe(200);
    const input = {
      list: "mac-allowed",
      routers: [
        { deviceId: await h.deviceId(SOHO), interfaces: "ether2" },
        { deviceId: await h.deviceId(MACSERVER), interfaces: "ether3, ether99" },
      ],
    };
    expect(await fieldErrorsOf(input)).toEqual({
      "routers.1.interfaces": [
        `${MACSERVER} has no interface ether99`,
        `ether3 is a disabled member of mac-allowed on ${MACSERVER}: enable or remove it on the router first`,
      ],
    });
    const err = await proposeTemplate(h.t.db, h.operator, TEMPLATE, input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChangeInputError);
    expect(await h.t.db.changeRequest.count({ where: { kind: "set-up", title: { contains: "mac-allowed" } } })).toBe(0);
  });
});
