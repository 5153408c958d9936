import { describe, expect, it } from "vitest";
import { jsonOrNotFound, parseLiveRequest, parseSeriesRequest } from "./params";

const seriesCtx = (id: string, metric: string) => ({ params: Promise.resolve({ id, metric }) });
const liveCtx = (id: string, menu: string) => ({ params: Promise.resolve({ id, menu }) });
const req = (query = "") => new Request(`http://localhost/api/devices/x/series/y${query}`);

async function expectBadRequest(parsed: Promise<{ ok: true } | { ok: false; response: Response }>): Promise<void> {
  const p = await parsed;
  expect(p.ok).toBe(false);
  if (p.ok) return;
  expect(p.response.status).toBe(400);
  const body = (await p.response.json()) as { error: string; issues: { path: string; message: string }[] };
  expect(body.error).toBe("bad-request");
  expect(body.issues.length).toBeGreaterThan(0);
}

describe("parseSeriesRequest", () => {
  it("defaults range to 1h and reads every series", async () => {
    expect(await parseSeriesRequest(req(), seriesCtx("clx123", "cpu-load"))).toEqual({ ok: true, id: "clx123", metric: "cpu-load", range: "1h" });
  });

  it("accepts every chart range, every metric and a series", async () => {
    for (const range of ["15m", "1h", "6h", "24h", "7d"]) {
      const p = await parseSeriesRequest(req(`?range=${range}&series=macvlan1`), seriesCtx("d1", "macvlan-traffic"));
      expect(p).toEqual({ ok: true, id: "d1", metric: "macvlan-traffic", range, series: "macvlan1" });
    }
    for (const metric of ["mac-server-sessions", "macvlan-traffic", "macsec-traffic", "macsec-stats", "cpu-load", "memory"]) {
      expect((await parseSeriesRequest(req(), seriesCtx("d1", metric))).ok).toBe(true);
    }
  });

  it.each([
    ["an unknown range", "?range=2y", "d1", "cpu-load"],
    ["an unknown parameter", "?range=1h&limit=5", "d1", "cpu-load"],
    ["an empty series", "?series=", "d1", "cpu-load"],
    ["an unknown metric", "", "d1", "ether-traffic"],
    ["an inherited property as metric", "", "d1", "toString"],
    ["an id with path characters", "", "../etc", "cpu-load"],
    ["an empty id", "", "", "cpu-load"],
  ])("answers 400 with the issues for %s", async (_name, query, id, metric) => {
    await expectBadRequest(parseSeriesRequest(req(query), seriesCtx(id, metric)));
  });
});

describe("parseLiveRequest", () => {
  it("accepts the three current-state menus", async () => {
    for (const menu of ["sessions", "macvlan", "macsec"]) expect(await parseLiveRequest(req(), liveCtx("d1", menu))).toEqual({ ok: true, id: "d1", menu });
  });

  it.each([
    ["another menu", "", "d1", "ether"],
    ["a query parameter", "?range=1h", "d1", "macvlan"],
    ["a bad id", "", "a/b", "macvlan"],
  ])("answers 400 for %s", async (_name, query, id, menu) => {
    await expectBadRequest(parseLiveRequest(req(query), liveCtx(id, menu)));
  });
});

describe("jsonOrNotFound", () => {
  it("answers 404 for a missing device and 200 JSON otherwise", async () => {
    expect(jsonOrNotFound(null).status).toBe(404);
    const ok = jsonOrNotFound({ resolutionSec: 5, series: [] });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ resolutionSec: 5, series: [] });
  });
});
