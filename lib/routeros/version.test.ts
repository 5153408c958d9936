import { describe, expect, it } from "vitest";
import { compareVersions, knownSupport, parseRouterOsVersion, supportsFeature } from "./version";

describe("parseRouterOsVersion", () => {
  it("parses /system/resource version strings", () => {
    expect(parseRouterOsVersion("7.23.3 (stable)")).toEqual({ major: 7, minor: 23, patch: 3, prerelease: null, channel: "stable", raw: "7.23.3 (stable)" });
    expect(parseRouterOsVersion("7.12 (stable)")).toMatchObject({ major: 7, minor: 12, patch: 0, channel: "stable" });
    expect(parseRouterOsVersion("7.16.2 (long-term)")).toMatchObject({ minor: 16, patch: 2, channel: "long-term" });
    expect(parseRouterOsVersion("7.24beta2 (testing)")).toMatchObject({ minor: 24, patch: 0, prerelease: "beta2", channel: "testing" });
    expect(parseRouterOsVersion("7.24")).toMatchObject({ minor: 24, channel: null });
  });

  it("rejects non-versions", () => {
    expect(() => parseRouterOsVersion("v7")).toThrow(RangeError);
    expect(() => parseRouterOsVersion("")).toThrow(RangeError);
  });
});

describe("compareVersions", () => {
  it("orders numerically, not as text", () => {
    expect(compareVersions("7.9.2", "7.12")).toBeLessThan(0);
    expect(compareVersions("7.23.3 (stable)", "7.23.3 (long-term)")).toBe(0);
    expect(compareVersions("7.21.5", "7.21")).toBeGreaterThan(0);
    expect(compareVersions("6.49.10", "7.1")).toBeLessThan(0);
  });

  it("puts a pre-release before its release", () => {
    expect(compareVersions("7.24beta2", "7.24")).toBeLessThan(0);
    expect(compareVersions("7.24rc1", "7.24beta2")).toBeGreaterThan(0);
    expect(compareVersions("7.24beta10", "7.24beta2")).toBeGreaterThan(0);
  });
});

describe("supportsFeature", () => {
  it("gates MACVLAN at 7.12", () => {
    expect(supportsFeature("7.9.2 (stable)", "macvlan")).toBe(false);
    expect(supportsFeature("7.11.3", "macvlan")).toBe(false);
    expect(supportsFeature("7.12 (stable)", "macvlan")).toBe(true);
    expect(supportsFeature("8.0", "macvlan")).toBe(true);
  });

  it("gates MACsec stats at 7.21 and monitor/ciphers at 7.23", () => {
    expect(supportsFeature("7.20.8", "macsecStats")).toBe(false);
    expect(supportsFeature("7.21.5", "macsecStats")).toBe(true);
    expect(supportsFeature("7.22.3", "macsecMonitor")).toBe(false);
    expect(supportsFeature("7.22.3", "macsecCiphers")).toBe(false);
    expect(supportsFeature(parseRouterOsVersion("7.23.3 (stable)"), "macsecMonitor")).toBe(true);
    expect(supportsFeature("7.23beta1", "macsecCiphers")).toBe(true);
  });
});

describe("knownSupport", () => {
  it("answers for stored versions and null when the version is unknown or unparsable", () => {
    expect(knownSupport("7.20.8 (long-term)", "macsecStats")).toBe(false);
    expect(knownSupport("7.9.2", "macsecStats")).toBe(false);
    expect(knownSupport("7.21.5 (stable)", "macsecStats")).toBe(true);
    expect(knownSupport("7.20.8", "showSensitive")).toBe(false);
    expect(knownSupport("7.21.5 (stable)", "showSensitive")).toBe(true);
    expect(knownSupport("8.0", "macsecStats")).toBe(true);
    expect(knownSupport(null, "macsecStats")).toBeNull();
    expect(knownSupport("garbage", "showSensitive")).toBeNull();
  });
});
