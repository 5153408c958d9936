import { describe, expect, it } from "vitest";
import { entityId } from "./ids";

describe("entityId", () => {
  it("accepts cuids and seed ids", () => {
    expect(entityId.parse("cmabc123xyz0000qwe")).toBe("cmabc123xyz0000qwe");
    expect(entityId.parse("dev_edge-par-01")).toBe("dev_edge-par-01");
    expect(entityId.parse("x".repeat(128))).toHaveLength(128);
  });

  it("refuses empty, too long and path-like ids with 'invalid id'", () => {
    for (const bad of ["", "x".repeat(129), "../etc", "a b", "*1A", "a/b"]) {
      const r = entityId.safeParse(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message).toBe("invalid id");
    }
  });
});
