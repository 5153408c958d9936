import { describe, expect, it } from "vitest";
import { compileQuery, parseProplist, project } from "./query";
import type { Row } from "./types";
import { isValidArgument, resolveSchemaDir, SchemaSet } from "./schema";

const rows: Row[] = [
  { ".id": "*1", name: "ether1", type: "ether", mtu: "1500" },
  { ".id": "*2", name: "vlan-68", type: "vlan", mtu: "1500", disabled: "true" },
  { ".id": "*3", name: "macvlan-iot", type: "macvlan", mtu: "1400" },
];

describe(".query stack", () => {
  const names = (words: string[]) => rows.filter(compileQuery(words)).map((r) => r.name);

  it("ANDs leftover words and applies #| #& #! #.", () => {
    expect(names(["type=ether", "type=vlan", "#|"])).toEqual(["ether1", "vlan-68"]);
    expect(names(["mtu=1500", "type=vlan", "#&"])).toEqual(["vlan-68"]);
    expect(names(["type=ether", "#!"])).toEqual(["vlan-68", "macvlan-iot"]);
    expect(names(["mtu=1500", "type=ether"])).toEqual(["ether1"]);
    expect(names(["<mtu=1500"])).toEqual(["macvlan-iot"]);
    expect(names(["disabled"])).toEqual(["vlan-68"]);
    expect(names(["-disabled"])).toEqual(["ether1", "macvlan-iot"]);
    expect(names(["disabled=false"])).toEqual(["ether1", "macvlan-iot"]);
    expect(names(["type=vlan", "#.", "#&"])).toEqual(["vlan-68"]);
  });

  it("refuses a stack underflow", () => {
    expect(() => compileQuery(["type=ether", "#|"])).toThrow(/stack underflow/);
  });

  it("projects .proplist in order", () => {
    expect(parseProplist("name,type")).toEqual(["name", "type"]);
    expect(project(rows[1], ["type", "name", "nope"])).toEqual({ type: "vlan", name: "vlan-68" });
  });
});

describe("schema", () => {
  it("loads every version and gates menus by version", () => {
    const set = new SchemaSet(resolveSchemaDir());
    expect(set.versions).toEqual(["7.9.2", "7.12.2", "7.16.2", "7.20.8", "7.21.5", "7.22.3", "7.23.3", "7.24"]);
    expect(set.menu("7.9.2", "/interface/macvlan")).toBeUndefined();
    expect(set.menu("7.12.2", "/interface/macvlan")?.add).toHaveProperty("mode");
    expect(set.menu("7.22.3", "/interface/macsec")?.monitor).toBeUndefined();
    expect(set.menu("7.23.3", "/interface/macsec")?.monitor).toHaveProperty("once");
    expect(() => resolveSchemaDir("/nonexistent/dir")).toThrow(/not found/);
  });

  it("checks values by inspect type", () => {
    const mac = "AB[:|-|.]CD[:|-|.]EF[:|-|.]GH[:|-|.]IJ[:|-|.]KL    (MAC address)";
    expect(isValidArgument("mac-address", mac, "00:11:22:33:44:55")).toBe(true);
    expect(isValidArgument("mac-address", mac, "00:11:22:33:44")).toBe(false);
    expect(isValidArgument("cak", "hexadecimal string value, max length 16", "0".repeat(32))).toBe(true);
    expect(isValidArgument("cak", "hexadecimal string value, max length 16", "0".repeat(34))).toBe(false);
    expect(isValidArgument("cak", "string value, max length 16", "g".repeat(32))).toBe(false);
    expect(isValidArgument("mode", "private|bridge[,Mode*]", "private")).toBe(true);
    expect(isValidArgument("mode", "private|bridge[,Mode*]", "vepa")).toBe(false);
    expect(isValidArgument("lease-time", "1s..7101w3d6h28m15s    (time interval)", "30m")).toBe(true);
    expect(isValidArgument("lease-time", "1s..7101w3d6h28m15s    (time interval)", "0s")).toBe(false);
    expect(isValidArgument("ranges", "A.B.C.D[-A.B.C.D |0..32 |/A.B.C.D ]    (IP address range)", "192.168.99.10-192.168.99.254")).toBe(true);
    expect(isValidArgument("address", "A.B.C.D    (IP address)", "192.168.99.1/24")).toBe(true);
    expect(isValidArgument("gateway", "A.B.C.D    (IP address)", "192.168.99.1/24")).toBe(false);
    expect(isValidArgument("mtu", "", "abc")).toBe(false);
    expect(isValidArgument("disabled", "", "yes")).toBe(true);
  });
});
