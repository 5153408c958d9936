import { describe, expect, it } from "vitest";
import { deviceApi, deviceKeys } from "./query-keys";

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
