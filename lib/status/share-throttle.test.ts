import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createShareThrottle, throttledSharePath, throttledShareResponse, UNKNOWN_TOKEN_LIMIT, VALID_TOKEN_LIMIT, type ShareAdmission } from "./share-throttle";

const TOKEN = "A".repeat(43);
const site = { siteName: "Paris-DC1" };

/** A lookup of an unknown token and one of a valid token, counting how often they reach "the database". */
function lookups() {
  const calls = { unknown: 0, valid: 0 };
  return {
    calls,
    unknown: async () => {
      calls.unknown++;
      return null;
    },
    valid: async () => {
      calls.valid++;
      return site;
    },
  };
}

async function hammer<T>(n: number, once: () => Promise<ShareAdmission<T>>): Promise<ShareAdmission<T>["status"][]> {
  const statuses: ShareAdmission<T>["status"][] = [];
  for (let i = 0; i < n; i++) statuses.push((await once()).status);
  return statuses;
}

const times = (n: number, status: string) => Array<string>(n).fill(status);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-12-02T12:00:00Z") });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("share throttle (rate-limiter-flexible in memory, fake clock)", () => {
  it("refuses a source after 10 unknown tokens a minute, before any lookup, and leaves other sources alone", async () => {
    const throttle = createShareThrottle();
    const l = lookups();
    const statuses = await hammer(30, () => throttle.run("198.51.100.7", l.unknown));
    expect(statuses).toEqual([...times(UNKNOWN_TOKEN_LIMIT.points, "not-found"), ...times(30 - UNKNOWN_TOKEN_LIMIT.points, "throttled")]);
    expect(l.calls.unknown).toBe(UNKNOWN_TOKEN_LIMIT.points);

    const refused = await throttle.run("198.51.100.7", l.valid);
    expect(refused).toEqual({ status: "throttled", retryAfterSec: 60 });
    expect(l.calls.valid).toBe(0);

    expect((await throttle.run("203.0.113.9", l.unknown)).status).toBe("not-found");
    expect(await throttle.run("203.0.113.9", l.valid)).toEqual({ status: "ok", value: site });

    vi.advanceTimersByTime(45_000);
    expect(await throttle.run("198.51.100.7", l.unknown)).toEqual({ status: "throttled", retryAfterSec: 15 });
    vi.advanceTimersByTime(15_000);
    expect(await throttle.run("198.51.100.7", l.valid)).toEqual({ status: "ok", value: site });
  });

  it("allows 120 views of a valid link a minute per source, then refuses that source only", async () => {
    const throttle = createShareThrottle();
    const l = lookups();
    const statuses = await hammer(150, () => throttle.run("192.0.2.10", l.valid));
    expect(statuses).toEqual([...times(VALID_TOKEN_LIMIT.points, "ok"), ...times(150 - VALID_TOKEN_LIMIT.points, "throttled")]);
    expect(l.calls.valid).toBe(VALID_TOKEN_LIMIT.points);
    expect(await throttle.run("192.0.2.11", l.valid)).toEqual({ status: "ok", value: site });
    vi.advanceTimersByTime(60_000);
    expect((await throttle.run("192.0.2.10", l.valid)).status).toBe("ok");
  });

  it("counts valid views apart from unknown tokens: 120 views do not use up the 10 guesses", async () => {
    const throttle = createShareThrottle();
    const l = lookups();
    expect(await hammer(VALID_TOKEN_LIMIT.points - 1, () => throttle.run("192.0.2.20", l.valid))).toEqual(times(VALID_TOKEN_LIMIT.points - 1, "ok"));
    expect((await throttle.run("192.0.2.20", l.unknown)).status).toBe("not-found");
  });

  it("refuses a concurrent burst before it reaches the lookup", async () => {
    const throttle = createShareThrottle();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    const slowUnknown = async () => {
      started++;
      await gate;
      return null;
    };
    const burst = Array.from({ length: 40 }, () => throttle.run("198.51.100.8", slowUnknown));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(UNKNOWN_TOKEN_LIMIT.points);
    release();
    const statuses = (await Promise.all(burst)).map((a) => a.status);
    expect(statuses.filter((s) => s === "not-found")).toHaveLength(UNKNOWN_TOKEN_LIMIT.points);
    expect(statuses.filter((s) => s === "throttled")).toHaveLength(40 - UNKNOWN_TOKEN_LIMIT.points);
  });

  it("gives the points back when the lookup fails, and puts requests without an address in one shared bucket", async () => {
    const throttle = createShareThrottle();
    const l = lookups();
    const failing = async (): Promise<null> => {
      throw new Error("database is locked");
    };
    for (let i = 0; i < 20; i++) await expect(throttle.run("192.0.2.30", failing)).rejects.toThrow("database is locked");
    expect((await throttle.run("192.0.2.30", l.unknown)).status).toBe("not-found");

    await hammer(UNKNOWN_TOKEN_LIMIT.points, () => throttle.run(null, l.unknown));
    expect((await throttle.run(null, l.valid)).status).toBe("throttled");
    expect((await throttle.run("192.0.2.31", l.valid)).status).toBe("ok");
  });
});

describe("the 429 page", () => {
  it("answers 429 with Retry-After, no caching and a way back to a well-formed share path only", async () => {
    const path = throttledSharePath(42, TOKEN, true);
    expect(path).toBe(`/share/throttled?retry=42&back=%2Fshare%2F${TOKEN}%3Fproblems%3D1`);
    const res = throttledShareResponse(new URL(path, "https://noc.example.net").searchParams);
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("42");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    const html = await res.text();
    expect(html).toContain("Too many requests");
    expect(html).toContain(`content="42;url=/share/${TOKEN}?problems=1"`);

    expect(throttledSharePath(5, "../../login", false)).toBe("/share/throttled?retry=5");
    const hostile = throttledShareResponse(new URLSearchParams({ retry: "999999", back: "https://evil.example/" }));
    expect(hostile.headers.get("Retry-After")).toBe("3600");
    const hostileHtml = await hostile.text();
    expect(hostileHtml).not.toContain("evil.example");
    expect(hostileHtml).not.toContain("http-equiv");
    expect(throttledShareResponse(new URLSearchParams({ retry: "soon" })).headers.get("Retry-After")).toBe("60");
  });
});
