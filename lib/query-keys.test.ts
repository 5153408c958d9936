import { describe, expect, it } from "vitest";
import { auditApi, auditKeys, changeApi, changeKeys, deviceApi, deviceKeys } from "./query-keys";

describe("deviceKeys", () => {
  it("prefixes every key of a device with deviceKeys.detail(id), so one invalidation covers them", () => {
    const prefix = deviceKeys.detail("d1");
    const keys = [
      deviceKeys.series("d1", "mac-server-sessions", "1h"),
      deviceKeys.series("d1", "macvlan-traffic", "6h"),
      deviceKeys.series("d1", "macvlan-traffic", "6h", "macvlan1"),
      deviceKeys.series("d1", "macsec-stats", "7d"),
      deviceKeys.liveSessions("d1"),
      deviceKeys.liveMacvlans("d1"),
      deviceKeys.liveMacsec("d1"),
      deviceKeys.routerView("d1", "addressing"),
      deviceKeys.routerView("d1", "firewall"),
    ];
    for (const key of keys) expect(key.slice(0, prefix.length)).toEqual([...prefix]);
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
  });

  it("differs per range, per metric and per series", () => {
    expect(deviceKeys.series("d1", "cpu-load", "1h")).not.toEqual(deviceKeys.series("d1", "cpu-load", "6h"));
    expect(deviceKeys.series("d1", "macvlan-traffic", "1h")).not.toEqual(deviceKeys.series("d1", "macsec-traffic", "1h"));
    expect(deviceKeys.series("d1", "macvlan-traffic", "1h", "a")).not.toEqual(deviceKeys.series("d1", "macvlan-traffic", "1h", "b"));
  });
});

describe("deviceApi", () => {
  it("builds the route handler URLs and encodes the id", () => {
    expect(deviceApi.series("d1", "mac-server-sessions", "15m")).toBe("/api/devices/d1/series/mac-server-sessions?range=15m");
    expect(deviceApi.series("d1", "macvlan-traffic", "24h", "vlan 1&x")).toBe("/api/devices/d1/series/macvlan-traffic?range=24h&series=vlan%201%26x");
    expect(deviceApi.series("a/b", "macsec-stats", "1h")).toBe("/api/devices/a%2Fb/series/macsec-stats?range=1h");
    expect(deviceApi.liveMacsec("d1")).toBe("/api/devices/d1/live/macsec");
    expect(deviceApi.routerView("d 1", "interface-lists")).toBe("/api/devices/d%201/router/interface-lists");
  });
});

describe("changeKeys and changeApi", () => {
  it("keeps a request's detail key apart from the suggestions key, whatever the id (no key prefixes the other)", () => {
    const isPrefix = (prefix: readonly string[], key: readonly string[]) => prefix.every((x, i) => key[i] === x);
    expect(isPrefix(changeKeys.suggestions([]), changeKeys.detail("suggestions"))).toBe(false);
    expect(isPrefix(changeKeys.detail("suggestions"), changeKeys.suggestions(["suggestions"]))).toBe(false);
    for (const key of [changeKeys.detail("c1"), changeKeys.suggestions(["d1", "d2"])]) expect(isPrefix(changeKeys.all, key)).toBe(true);
    expect(changeKeys.suggestions(["d1", "d2"])).not.toEqual(changeKeys.suggestions(["d1"]));
  });

  it("builds the route handler URLs and encodes the ids", () => {
    expect(changeApi.detail("a/b")).toBe("/api/changes/a%2Fb");
    expect(changeApi.suggestions(["d1", "x&y"])).toBe("/api/changes/suggestions?device=d1&device=x%26y");
  });
});

describe("auditKeys and auditApi", () => {
  it("keys the chain status under audit and names its route", () => {
    expect(auditKeys.chain()).toEqual(["audit", "chain"]);
    expect(auditApi.chain).toBe("/api/audit/chain");
  });
});
