import { describe, expect, it } from "vitest";
import { at } from "../lib/testing/at";
import { compileGetFilters, compileQuery, parseProplist, project } from "./query";
import type { Row } from "./types";
import { isValidArgument, resolveSchemaDir, SchemaSet } from "./schema";

const rows: Row[] = [
  { ".id": "*1", name: "ether1", type: "ether", mtu: "1500" },
  { ".id": "*2", name: "vlan-68", type: "vlan", mtu: "1500", disabled: "true" },
  { ".id": "*3", name: "macvlan-iot", type: "macvlan", mtu: "1400" },
  { ".id": "*4", name: "bridge1", type: "bridge", mtu: "1500", disabled: "false" },
];
const ALL = ["ether1", "vlan-68", "macvlan-iot", "bridge1"];

describe(".query stack (API manual, Queries)", () => {
  const names = (words: string[]) => rows.filter(compileQuery(words)).map((r) => r.name);

  it("tests words: value, absence, equality, less and greater; leftover values are ANDed", () => {
    expect(names(["mtu=1500", "type=ether"])).toEqual(["ether1"]);
    expect(names(["<mtu=1500"])).toEqual(["macvlan-iot"]);
    expect(names([">mtu=1400"])).toEqual(["ether1", "vlan-68", "bridge1"]);
    expect(names(["disabled"])).toEqual(["vlan-68", "bridge1"]);
    expect(names(["-disabled"])).toEqual(["ether1", "macvlan-iot"]);
    expect(names([])).toEqual(ALL);
  });

  it("applies ! & | to the stack, chained in one word (#|! = neither)", () => {
    expect(names(["type=ether", "type=vlan", "#|"])).toEqual(["ether1", "vlan-68"]);
    expect(names(["type=ether", "type=vlan", "#|!"])).toEqual(["macvlan-iot", "bridge1"]);
    expect(names(["type=ether", "type=vlan", "#|", "#!"])).toEqual(["macvlan-iot", "bridge1"]);
    expect(names(["mtu=1500", "type=vlan", "#&"])).toEqual(["vlan-68"]);
    expect(names(["mtu=1500", "type=vlan", "#&!"])).toEqual(["ether1", "macvlan-iot", "bridge1"]);
    expect(names(["type=ether", "#!"])).toEqual(["vlan-68", "macvlan-iot", "bridge1"]);
  });

  it("pops true from the infinite bottom of the stack", () => {
    expect(names(["type=ether", "#&"])).toEqual(["ether1"]);
    expect(names(["type=ether", "#|"])).toEqual(ALL);
    expect(names(["#!"])).toEqual([]);
  });

  it("# . pushes a copy of the top, but does nothing after an index", () => {
    expect(names(["type=vlan", "#.", "#!", "#&"])).toEqual([]);
    expect(names(["type=vlan", "#.!&"])).toEqual([]);
    expect(names(["type=ether", "#1.|"])).toEqual(ALL);
    expect(names(["type=ether", "type=vlan", "#1.|"])).toEqual(["ether1"]);
  });

  it("an index followed by a character pushes a copy; at the end of the word it replaces all values", () => {
    expect(names(["type=ether", "type=vlan", "#1|"])).toEqual(["ether1"]);
    expect(names(["type=ether", "type=vlan", "#01|"])).toEqual(["ether1"]);
    expect(names(["type=ether", "type=vlan", "#0"])).toEqual(["vlan-68"]);
    expect(names(["type=ether", "type=vlan", "#1"])).toEqual(["ether1"]);
    expect(names(["type=vlan", "#0", "type=ether", "#|"])).toEqual(["vlan-68"]);
    expect(names(["type=ether", "#5"])).toEqual(ALL);
  });

  it("does not match a field the row lacks to =false or = (field reports of 7.23), in .query and GET filters", () => {
    expect(names(["disabled=false"])).toEqual(["bridge1"]);
    expect(names(["disabled="])).toEqual([]);
    expect(names(["disabled=false", "-disabled", "#|"])).toEqual(["ether1", "macvlan-iot", "bridge1"]);
    expect(names(["disabled=true", "#!"])).toEqual(["ether1", "macvlan-iot", "bridge1"]);
    const get = (q: string) => rows.filter(compileGetFilters(new URLSearchParams(q))).map((r) => r.name);
    expect(get("disabled=false")).toEqual(["bridge1"]);
    expect(get("disabled=")).toEqual([]);
    expect(get("mtu=1500&type=vlan&.proplist=name")).toEqual(["vlan-68"]);
  });

  it("refuses an unknown operation character", () => {
    expect(() => compileQuery(["type=ether", "#^"])).toThrow(/unknown query operator #\^/);
  });

  it("projects .proplist in order", () => {
    expect(parseProplist("name,type")).toEqual(["name", "type"]);
    expect(project(at(rows, 1), ["type", "name", "nope"])).toEqual({ type: "vlan", name: "vlan-68" });
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
