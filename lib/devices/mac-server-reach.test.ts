import { describe, expect, it } from "vitest";
import { macServerReach } from "./mac-server-reach";
import type { InterfaceListDto } from "./router-view-dto";

function list(name: string, members: Array<string | [string, "disabled"]>, extra: Partial<InterfaceListDto> = {}): InterfaceListDto {
  return {
    id: `*${name}`,
    name,
    builtin: false,
    dynamic: false,
    include: [],
    exclude: [],
    comment: null,
    usedBy: [],
    members: members.map((m, i) => ({
      id: `*${name}${i}`,
      interface: typeof m === "string" ? m : m[0],
      dynamic: false,
      disabled: typeof m !== "string",
      comment: null,
    })),
    ...extra,
  };
}

const LISTS = [
  list("all", [], { builtin: true }),
  list("dynamic", [], { builtin: true }),
  list("LAN", ["ether3", "ether2", ["ether5", "disabled"]]),
  list("WAN", ["ether1"]),
  list("mgmt", ["vlan-68"], { include: ["LAN", "WAN"], exclude: ["WAN"] }),
];

describe("macServerReach", () => {
  it("resolves a list to its enabled members, sorted", () => {
    expect(macServerReach("mac-telnet", "LAN", LISTS)).toEqual({
      service: "mac-telnet",
      allowedInterfaceList: "LAN",
      kind: "members",
      interfaces: ["ether2", "ether3"],
    });
  });

  it("adds the members of included lists and removes those of excluded lists", () => {
    expect(macServerReach("mac-winbox", "mgmt", LISTS).interfaces).toEqual(["ether2", "ether3", "vlan-68"]);
  });

  it("names all, none, built-in and missing lists without guessing members", () => {
    expect(macServerReach("mac-telnet", "all", LISTS).kind).toBe("all");
    expect(macServerReach("mac-telnet", "none", LISTS).kind).toBe("none");
    expect(macServerReach("mac-telnet", "dynamic", LISTS).kind).toBe("builtin");
    expect(macServerReach("mac-telnet", "gone", LISTS)).toMatchObject({ kind: "missing", interfaces: [] });
  });

  it("stops on a list that includes itself", () => {
    const loop = [list("a", ["ether1"], { include: ["a"] })];
    expect(macServerReach("mac-telnet", "a", loop).interfaces).toEqual(["ether1"]);
  });
});
