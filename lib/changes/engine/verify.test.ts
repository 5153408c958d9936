import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../sim/server";
import { RouterOsClient } from "../../routeros";
import type { ObjectRef } from "../types";
import { checkExpected } from "./verify";

let sim: Simulator;
let client: RouterOsClient;
let cak: string;

const macsec1: ObjectRef = { menu: "/interface/macsec", key: { name: "macsec1" }, fields: ["interface"], secretFields: ["cak"], label: "/interface/macsec macsec1" };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 3 });
  const r = sim.routers.find((x) => x.name === "guide-macsec-a");
  if (!r) throw new Error("no guide-macsec-a");
  client = new RouterOsClient({ apiUrl: r.apiUrl, username: r.username, password: r.password, maxRetries: 0 });
  const [row] = await client.print("/interface/macsec", { where: { name: "macsec1" }, proplist: ["name", "cak"] });
  cak = row.cak;
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

describe("checkExpected", () => {
  it("reports secret fields that differ from the sealed value as structured secretMismatches (no wording to parse)", async () => {
    const expected = { ref: macsec1, present: true, values: { interface: "ether1", cak: { secret: "cak" } } };
    const other = await checkExpected(client, expected, { cak: "0123456789abcdef0123456789abcdef" });
    expect(other.secretMismatches).toEqual(["cak"]);
    expect(other.unknownSecrets).toEqual([]);
    expect(other.differences).toHaveLength(1);
    const same = await checkExpected(client, expected, { cak });
    expect(same).toMatchObject({ differences: [], secretMismatches: [], unknownSecrets: [] });
  });
});
