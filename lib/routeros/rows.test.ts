import { describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { z } from "zod";
import { RouterOsBadResponseError } from "./errors";
import { toRouterOsRecord, toRouterOsRows } from "./rows";

const REQUEST = { method: "GET", path: "/rest/interface" };

describe("rows", () => {
  it("keeps a __proto__ key as an ordinary property, without changing any prototype", () => {
    const row = at(toRouterOsRows(JSON.parse('[{"__proto__":"x","a":"b"}]'), REQUEST), 0);
    expect(Object.entries(row)).toEqual([
      ["__proto__", "x"],
      ["a", "b"],
    ]);
    expect(Object.getPrototypeOf(row)).toBeNull();
    expect(Object.entries({ ...row })).toEqual([
      ["__proto__", "x"],
      ["a", "b"],
    ]);
    expect(z.object({ a: z.string() }).parse(row)).toEqual({ a: "b" });
  });

  it("reads a field the router did not print as undefined, never as an inherited method", () => {
    const row = toRouterOsRecord({ name: "ether1" }, REQUEST);
    expect(row.toString).toBeUndefined();
    expect(row.constructor).toBeUndefined();
    expect(row).toEqual({ name: "ether1" });
  });

  it("refuses a __proto__ object value and leaves Object.prototype alone", () => {
    expect(() => toRouterOsRecord(JSON.parse('{"__proto__":{"polluted":"yes"}}'), REQUEST)).toThrow(RouterOsBadResponseError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
