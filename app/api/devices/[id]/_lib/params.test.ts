import { describe, expect, it } from "vitest";
import { jsonOrNotFound, parseDeviceRequest } from "./params";

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const req = (query = "") => new Request(`http://localhost/api/devices/x/traffic${query}`);

describe("parseDeviceRequest", () => {
  it("defaults range to 1h and kind to all", async () => {
    expect(await parseDeviceRequest(req(), ctx("clx123"))).toEqual({ ok: true, id: "clx123", range: "1h", kind: "all" });
  });

  it("accepts every chart range and a traffic kind", async () => {
    for (const range of ["15m", "1h", "6h", "24h", "7d"]) {
      const p = await parseDeviceRequest(req(`?range=${range}&kind=macvlan`), ctx("d1"));
      expect(p).toEqual({ ok: true, id: "d1", range, kind: "macvlan" });
    }
  });

  it.each([
    ["an unknown range", "?range=1y", "d1"],
    ["an unknown parameter", "?range=1h&limit=5", "d1"],
    ["an unknown kind", "?kind=ether", "d1"],
    ["an id with path characters", "", "../etc"],
    ["an empty id", "", ""],
  ])("answers 400 with the issues for %s", async (_name, query, id) => {
    const p = await parseDeviceRequest(req(query), ctx(id));
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.response.status).toBe(400);
    const body = (await p.response.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe("bad-request");
    expect(body.issues.length).toBeGreaterThan(0);
  });
});

describe("jsonOrNotFound", () => {
  it("answers 404 for a missing device and 200 JSON otherwise", async () => {
    expect(jsonOrNotFound(null).status).toBe(404);
    const ok = jsonOrNotFound({ resolutionSec: 5, points: [] });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ resolutionSec: 5, points: [] });
  });
});
