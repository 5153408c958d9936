import { describe, expect, it } from "vitest";
import { auditApi, auditKeys, changeApi, changeKeys, deviceApi, deviceKeys } from "./query-keys";

describe("deviceKeys", () => {
  it("prefixes every key of a device with deviceKeys.detail(id), so one invalidation covers them", () => {
    const prefix = deviceKeys.detail("d1");
    const keys = [
      deviceKeys.sessionSeries("d1", "1h"),
      deviceKeys.trafficSeries("d1", "6h", "macvlan"),
      deviceKeys.macsecSeries("d1", "7d"),
      deviceKeys.liveSessions("d1"),
      deviceKeys.liveMacvlans("d1"),
      deviceKeys.liveMacsec("d1"),
    ];
    for (const key of keys) expect(key.slice(0, prefix.length)).toEqual([...prefix]);
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
  });

  it("differs per range and per traffic kind", () => {
    expect(deviceKeys.sessionSeries("d1", "1h")).not.toEqual(deviceKeys.sessionSeries("d1", "6h"));
    expect(deviceKeys.trafficSeries("d1", "1h", "macvlan")).not.toEqual(deviceKeys.trafficSeries("d1", "1h", "macsec"));
  });
});

describe("deviceApi", () => {
  it("builds the route handler URLs and encodes the id", () => {
    expect(deviceApi.sessionSeries("d1", "15m")).toBe("/api/devices/d1/sessions?range=15m");
    expect(deviceApi.trafficSeries("d1", "24h", "macvlan")).toBe("/api/devices/d1/traffic?range=24h&kind=macvlan");
    expect(deviceApi.macsecSeries("a/b", "1h")).toBe("/api/devices/a%2Fb/macsec?range=1h");
    expect(deviceApi.liveMacsec("d1")).toBe("/api/devices/d1/live/macsec");
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
