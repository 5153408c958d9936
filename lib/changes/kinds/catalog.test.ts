import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CHANGE_KIND_IDS } from "../types";
import { KIND_INFOS, kindInfo } from "./catalog";
import { KINDS, getKind } from "./index";

describe("catalogue and registry", () => {
  it("lists every kind once, each registered with its own catalogue entry", () => {
    expect(KIND_INFOS.map((k) => k.id).sort()).toEqual([...CHANGE_KIND_IDS].sort());
    for (const id of CHANGE_KIND_IDS) {
      expect(KINDS[id].info).toBe(kindInfo(id));
      expect(getKind(id)).toBe(KINDS[id]);
    }
    expect(getKind("macvlan.explode")).toBeNull();
    expect(getKind("toString")).toBeNull();
  });

  it("form fields are exactly the schema's params; secret params are secret fields", () => {
    for (const info of KIND_INFOS) {
      const schema = KINDS[info.id].schema;
      expect(schema).toBeInstanceOf(z.ZodObject);
      const shape = Object.keys((schema as z.ZodObject).shape).sort();
      expect(info.fields.map((f) => f.name).sort(), info.id).toEqual(shape);
      const secrets = info.fields.filter((f) => f.type === "secret").map((f) => f.name);
      expect(secrets, info.id).toEqual(info.secretParams);
      for (const f of info.fields) if (f.type === "select") expect(f.options?.length, `${info.id} ${f.name}`).toBeGreaterThan(0);
    }
  });

  it("every kind refuses unknown keys (strict objects)", () => {
    for (const id of CHANGE_KIND_IDS) {
      const result = KINDS[id].schema.safeParse({ unexpected: "x" });
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toContain("unexpected");
    }
  });

  it("describes changes in RouterOS terms", () => {
    const add = KINDS["macvlan.add"];
    expect(add.describe(add.schema.parse({ name: "macvlan-68", interface: "ether2" }))).toBe("Add MACVLAN macvlan-68 on ether2");
    const ping = KINDS["mac-server.set-ping"];
    expect(ping.describe(ping.schema.parse({ enabled: false }))).toBe("Disable MAC ping (/tool/mac-server/ping enabled=no)");
  });
});
