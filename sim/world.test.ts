import { describe, expect, it } from "vitest";
import { at } from "../lib/testing/at";
import { required } from "../lib/testing/required";
import { startSimulator } from "./server";
import { rest, routerNamed } from "./test-client";
import type { Row } from "./types";

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

/** A printed counter as a BigInt; fails naming the field when the row lacks it. */
function counter(row: Row, field: string): bigint {
  return BigInt(required(row[field], field));
}

async function snapshot(seed: number, routers: number) {
  const sim = await startSimulator({ port: 0, routers, seed, clock: () => T0 });
  try {
    const out: Record<string, unknown> = { routers: sim.routers.map(({ apiUrl: _u, ...rest }) => rest) };
    for (const r of sim.routers) out[r.name] = (await rest(r, "/interface")).body;
    return out;
  } finally {
    await sim.close();
  }
}

describe("world evolution", () => {
  it("the same seed gives the same world, another seed another one", async () => {
    const a = await snapshot(11, 12);
    const b = await snapshot(11, 12);
    const c = await snapshot(12, 12);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it("counters grow with injected time and rates match their derivative", async () => {
    let now = T0;
    const sim = await startSimulator({ port: 0, routers: 6, seed: 5, clock: () => now });
    try {
      const soho = routerNamed(sim.routers, "guide-soho-macvlan");
      const read = async () => at((await rest(soho, "/interface?name=macvlan-iot")).body as Row[], 0);
      const before = await read();
      const rate = at((await rest(soho, "/interface/monitor-traffic", { method: "POST", body: { interface: "macvlan-iot", once: "" } })).body as Row[], 0);
      now += 1_000;
      const after = await read();
      const deltaBits = (counter(after, "rx-byte") - counter(before, "rx-byte")) * 8n;
      expect(deltaBits).toBeGreaterThan(0n);
      expect(counter(after, "rx-packet")).toBeGreaterThan(counter(before, "rx-packet"));
      const expected = Number(required(rate["rx-bits-per-second"], "rx-bits-per-second"));
      expect(Math.abs(Number(deltaBits) - expected) / expected).toBeLessThan(0.05);
      now += 3_600_000;
      const later = await read();
      expect(counter(later, "tx-byte")).toBeGreaterThan(counter(after, "tx-byte"));
    } finally {
      await sim.close();
    }
  });

  it("MACsec negotiates after a CAK change and opens when both peers agree", async () => {
    let now = T0;
    const sim = await startSimulator({ port: 0, routers: 5, seed: 5, clock: () => now });
    try {
      const a = routerNamed(sim.routers, "guide-macsec-a");
      const b = routerNamed(sim.routers, "guide-macsec-b");
      const status = async (r: typeof a) => at((await rest(r, "/interface/macsec?.proplist=status")).body as Row[], 0).status;
      expect(await status(a)).toBe("open-encrypted");
      const cak = "00112233445566778899aabbccddeeff";
      expect((await rest(a, "/interface/macsec/macsec1", { method: "PATCH", body: { cak } })).status).toBe(200);
      now += 60_000;
      expect(await status(a)).toBe("negotiating");
      expect(await status(b)).toBe("negotiating");
      await rest(b, "/interface/macsec/set", { method: "POST", body: { numbers: "macsec1", cak } });
      now += 60_000;
      expect(await status(a)).toBe("open-encrypted");
      expect(await status(b)).toBe("open-encrypted");
      const mon = await rest(a, "/interface/macsec/monitor", { method: "POST", body: { numbers: "macsec1", once: "" } });
      expect(mon.body).toEqual([{ name: "macsec1", status: "open-encrypted", peers: "1" }]);
      const stats = at((await rest(a, "/interface/macsec/print", { method: "POST", body: { stats: "" } })).body as Row[], 0);
      expect(stats["rx-sc-ok"]).toMatch(/^\d+$/);
      expect(stats["tx-sc-encrypted-byte"]).toMatch(/^\d+$/);
    } finally {
      await sim.close();
    }
  });

  it("MAC-server sessions arrive on the allowed list and uptime grows", async () => {
    let now = T0;
    const sim = await startSimulator({ port: 0, routers: 1, seed: 2, clock: () => now });
    try {
      const r = routerNamed(sim.routers, "guide-macserver");
      let sessions: Row[] = [];
      for (let i = 0; i < 48 && sessions.length === 0; i++) {
        sessions = (await rest(r, "/tool/mac-server/sessions")).body as Row[];
        if (sessions.length === 0) now += 300_000;
      }
      expect(sessions.length).toBeGreaterThan(0);
      expect(sessions.every((s) => s.interface === "vlan-68" && /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/.test(s["src-address"] ?? ""))).toBe(true);
      now += 30_000;
      const first = at(sessions, 0);
      const again = (await rest(r, `/tool/mac-server/sessions/${required(first[".id"], "session .id")}`)).body as Row;
      expect(again.uptime).not.toBe(first.uptime);
      await rest(r, "/tool/mac-server/set", { method: "POST", body: { "allowed-interface-list": "none" } });
      expect((await rest(r, "/tool/mac-server/sessions")).body).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
