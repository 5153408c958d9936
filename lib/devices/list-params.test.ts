import { describe, expect, it } from "vitest";
import { deviceListHref, parseDeviceListParams } from "./list-params";

describe("parseDeviceListParams", () => {
  it("reads every list parameter from the URL", () => {
    expect(parseDeviceListParams({ q: " edge ", site: "Paris-DC1", status: "down", sort: "lastPoll", dir: "desc", page: "3" })).toEqual({
      q: "edge",
      site: "Paris-DC1",
      status: "down",
      sort: "lastPoll",
      dir: "desc",
      page: 3,
    });
  });

  it("drops unknown or malformed values and uses the first of repeated keys", () => {
    expect(parseDeviceListParams({ q: "", site: "", status: "broken", sort: "password", dir: "sideways", page: "-2" })).toEqual({
      q: undefined,
      site: undefined,
      status: undefined,
      sort: undefined,
      dir: "asc",
      page: 1,
    });
    expect(parseDeviceListParams({ status: ["up", "down"], page: "abc" })).toMatchObject({ status: "up", page: 1 });
    expect(parseDeviceListParams({ q: "x".repeat(500) }).q).toHaveLength(100);
  });
});

describe("deviceListHref", () => {
  it("writes only non-default values and round-trips through the parser", () => {
    expect(deviceListHref({})).toBe("/devices");
    expect(deviceListHref({ sort: "name", dir: "asc", page: 1 })).toBe("/devices");
    const state = { q: "core & edge", site: "Lyon POP", status: "up" as const, sort: "version" as const, dir: "desc" as const, page: 2 };
    const href = deviceListHref(state);
    expect(href).toBe("/devices?q=core+%26+edge&site=Lyon+POP&status=up&sort=version&dir=desc&page=2");
    const params = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(parseDeviceListParams(params)).toEqual(state);
  });

  it("applies a change on top of the current state (e.g. a sort header resets to page 1)", () => {
    expect(deviceListHref({ q: "a", page: 4 }, { sort: "site", dir: "asc", page: 1 })).toBe("/devices?q=a&sort=site");
  });
});
