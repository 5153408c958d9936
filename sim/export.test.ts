import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { at } from "../lib/testing/at";
import { FILE_CONTENTS_MAX } from "./files";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import { DEFAULT_POLICIES, type SimRouterInfo } from "./types";

type Row = Record<string, string>;

const NOW = Date.parse("2026-11-21T13:01:02Z");
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 30, seed: 1, clock: () => NOW });
});
afterAll(() => sim.close());
afterEach(async () => {
  await fetch(`${sim.url}/_sim/routers/guide-macsec-a/user`, { method: "PUT", body: JSON.stringify({ policies: DEFAULT_POLICIES }) });
});

async function exportText(r: SimRouterInfo, body: Record<string, string> = { terse: "" }): Promise<string> {
  const res = await rest(r, "/export", { method: "POST", body });
  expect(res.status).toBe(200);
  return (res.body as { ret: string }).ret;
}

function byVersion(prefix: string): SimRouterInfo {
  const r = sim.routers.find((x) => x.version.startsWith(prefix) && !x.name.startsWith("guide-"));
  if (!r) throw new Error(`no generated router on ${prefix}`);
  return r;
}

describe("export (POST /rest/export)", () => {
  it("prints the volatile header, then one terse line per object with its menu path", async () => {
    const text = await exportText(routerNamed(sim.routers, "guide-soho-macvlan"));
    const lines = text.trimEnd().split("\n");
    expect(at(lines, 0)).toBe("# 2026-11-21 13:01:02 by RouterOS 7.21.5");
    expect(at(lines, 1)).toMatch(/^# software id = [0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const body = lines.filter((l) => !l.startsWith("#"));
    expect(body.length).toBeGreaterThan(10);
    for (const line of body) expect(line).toMatch(/^\/[a-z-]+( [a-z-]+)* (add|set) \S/);
    expect(body.some((l) => l.endsWith("\\"))).toBe(false);
    expect(body).toContain("/interface macvlan add interface=ether2 mac-address=52:80:75:52:4D:C1 mode=private name=macvlan-iot");
    expect(body).toContain('/ip firewall filter add action=drop chain=forward comment="isolate IoT from LAN" in-interface=macvlan-iot out-interface-list=LAN');
    expect(body).toContain("/tool mac-server set allowed-interface-list=LAN");
    expect(text).not.toMatch(/running=|rx-byte=|dynamic=|builtin=/);
  });

  it("without terse: one header per menu in RouterOS order, long lines continued; dates before 7.10 as jan/02/2006", async () => {
    const r = byVersion("7.9");
    const text = await exportText(r, {});
    expect(text.startsWith(`# nov/21/2026 13:01:02 by RouterOS ${r.version}\n`)).toBe(true);
    const headers = text.split("\n").filter((l) => /^\/[a-z]/.test(l));
    expect(headers.length).toBeGreaterThan(5);
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers.indexOf("/ip pool")).toBeLessThan(headers.indexOf("/ip dhcp-server"));
    expect(headers.indexOf("/ip address")).toBeLessThan(headers.indexOf("/ip firewall filter"));
    expect(text).toMatch(/ \\\n {4}\S/);
  });

  it("follows the router's state: a change over REST shows in the next export", async () => {
    const r = routerNamed(sim.routers, "guide-macserver");
    const before = await exportText(r);
    const added = await rest(r, "/ip/address", { method: "PUT", body: { address: "10.99.0.1/24", interface: "ether2", comment: "by hand" } });
    expect(added.status).toBe(200);
    const after = await exportText(r);
    expect(before).not.toContain("10.99.0.1/24");
    expect(after).toContain('/ip address add address=10.99.0.1/24 comment="by hand" interface=ether2 network=10.99.0.0');
  });

  it("hides cak unless show-sensitive, and always without the sensitive policy", async () => {
    const r = routerNamed(sim.routers, "guide-macsec-a");
    expect(await exportText(r)).not.toContain("cak=");
    expect(await exportText(r, { terse: "", "show-sensitive": "" })).toMatch(/ cak=[0-9a-f]{32} /);
    await fetch(`${sim.url}/_sim/routers/${r.name}/user`, { method: "PUT", body: JSON.stringify({ policies: ["read", "write", "rest-api"] }) });
    expect(await exportText(r, { terse: "", "show-sensitive": "" })).not.toContain("cak=");
  });

  it("refuses arguments the version's export lacks", async () => {
    const res = await rest(byVersion("7.12"), "/export", { method: "POST", body: { terse: "", where: "" } });
    expect(res).toMatchObject({ status: 400, body: { detail: "unknown parameter where" } });
  });
});

describe("export file= and the /file menu", () => {
  it("writes <name>.rsc, prints its size and contents, reads it in chunks (7.16+), removes it", async () => {
    const r = byVersion("7.16");
    expect((await rest(r, "/export", { method: "POST", body: { terse: "", file: "noc-1" } })).body).toEqual([]);
    const file = at((await rest(r, "/file?name=noc-1.rsc")).body as Row[], 0);
    expect(file).toMatchObject({ name: "noc-1.rsc", type: "script" });
    const contents = file.contents ?? "";
    expect(Number(file.size)).toBe(Buffer.byteLength(contents));
    expect(contents).toBe(await exportText(r));
    const chunks: string[] = [];
    for (let offset = 0; offset < Number(file.size); offset += 1000) {
      const res = await rest(r, "/file/read", { method: "POST", body: { file: "noc-1.rsc", "chunk-size": "1000", offset: String(offset) } });
      chunks.push(at(res.body as Row[], 0).data ?? "");
    }
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(contents);
    expect((await rest(r, "/file/remove", { method: "POST", body: { numbers: "noc-1.rsc" } })).status).toBe(200);
    expect((await rest(r, "/file?name=noc-1.rsc")).body).toEqual([]);
  });

  it("has no /file/read before 7.16 (schema of 7.12.2); large files print no contents but read whole", async () => {
    const old = byVersion("7.12");
    await rest(old, "/export", { method: "POST", body: { terse: "", file: "noc-2" } });
    const res = await rest(old, "/file/read", { method: "POST", body: { file: "noc-2.rsc", "chunk-size": "1000", offset: "0" } });
    expect(res).toMatchObject({ status: 400, body: { detail: "no such command or directory (read)" } });

    const r = byVersion("7.23");
    const port = at((await rest(r, "/interface/ethernet")).body as Row[], 0).name;
    for (let i = 0; i < 60; i++) {
      const added = await rest(r, "/ip/address", { method: "PUT", body: { address: `10.98.${i}.1/24`, interface: port, comment: `bulk address ${i}` } });
      expect(added).toMatchObject({ status: 200 });
    }
    await rest(r, "/export", { method: "POST", body: { terse: "", file: "noc-3.rsc" } });
    const file = at((await rest(r, "/file?name=noc-3.rsc")).body as Row[], 0);
    expect(Number(file.size)).toBeGreaterThan(FILE_CONTENTS_MAX);
    expect(file.contents).toBeUndefined();
    const whole = await rest(r, "/file/read", { method: "POST", body: { file: "noc-3.rsc", "chunk-size": "1000000", offset: "0" } });
    expect(Buffer.byteLength(at(whole.body as Row[], 0).data ?? "")).toBe(Number(file.size));
    const past = await rest(r, "/file/read", { method: "POST", body: { file: "noc-3.rsc", "chunk-size": "100", offset: file.size ?? "0" } });
    expect(past.body).toEqual([{ data: "" }]);
  });
});
