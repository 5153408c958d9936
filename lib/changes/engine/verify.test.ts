import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../sim/server";
import { compareVersions, RouterOsClient } from "../../routeros";
import type { ObjectRef } from "../types";
import { checkExpected } from "./verify";
import { required } from "../../testing/required";

let sim: Simulator;
let client: RouterOsClient;
let cak: string;

const macsec1: ObjectRef = {
  menu: "/interface/macsec",
  key: { name: "macsec1" },
  fields: ["interface"],
  secretFields: ["cak"],
  label: "/interface/macsec macsec1",
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 25, seed: 3 });
  const r = sim.routers.find((x) => x.name === "guide-macsec-a");
  if (!r) throw new Error("no guide-macsec-a");
  client = new RouterOsClient({ apiUrl: r.apiUrl, username: r.username, password: r.password, maxRetries: 0 });
  const [row] = await client.print("/interface/macsec", { where: { name: "macsec1" }, proplist: ["name", "cak"], args: { "show-sensitive": "" } });
  cak = required(row?.cak, "macsec1's cak");
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

describe("checkExpected", () => {
  it("reports secret fields that differ from the sealed value as structured secretMismatches (no wording to parse)", async () => {
    const expected = { ref: macsec1, present: true, values: { interface: "ether1", cak: { secret: "cak" } } };
    const other = await checkExpected(client, expected, { cak: "0123456789abcdef0123456789abcdef" }, true);
    expect(other.secretMismatches).toEqual(["cak"]);
    expect(other.unknownSecrets).toEqual([]);
    expect(other.differences).toHaveLength(1);
    const same = await checkExpected(client, expected, { cak }, true);
    expect(same).toMatchObject({ differences: [], secretMismatches: [], unknownSecrets: [] });
  });

  it("on 7.21+ reads secrets only with show-sensitive: without it they are unknown, never compared", async () => {
    const expected = { ref: macsec1, present: true, values: { interface: "ether1", cak: { secret: "cak" } } };
    expect(cak).toMatch(/^[0-9a-f]{32}$/);
    const hidden = await checkExpected(client, expected, { cak }, false);
    expect(hidden).toMatchObject({ differences: [], secretMismatches: [], unknownSecrets: ["cak"] });
    const unknownVersion = await checkExpected(client, expected, { cak }, null);
    expect(unknownVersion).toMatchObject({ differences: [], secretMismatches: [], unknownSecrets: [] });
  });

  it("on a router before 7.21 (no show-sensitive argument) an unknown version falls back to a plain print", async () => {
    const old = sim.routers.find((x) => compareVersions(x.version, "7.21") < 0);
    if (!old) throw new Error("no router before 7.21 in the fleet");
    const oldClient = new RouterOsClient({ apiUrl: old.apiUrl, username: old.username, password: old.password, maxRetries: 0 });
    try {
      const oldCak = "00112233445566778899aabbccddeeff";
      await oldClient.add("/interface/macsec", { name: "macsec-old", interface: "ether2", cak: oldCak, ckn: "ab".repeat(32) });
      const ref: ObjectRef = { ...macsec1, key: { name: "macsec-old" }, label: "/interface/macsec macsec-old" };
      const expected = { ref, present: true, values: { interface: "ether2", cak: { secret: "cak" } } };
      await expect(checkExpected(oldClient, expected, { cak: oldCak }, true)).rejects.toThrow(/show-sensitive/);
      expect(await checkExpected(oldClient, expected, { cak: oldCak }, false)).toMatchObject({ differences: [], unknownSecrets: [] });
      expect(await checkExpected(oldClient, expected, { cak: oldCak }, null)).toMatchObject({ differences: [], unknownSecrets: [] });
    } finally {
      await oldClient.close();
    }
  });
});
