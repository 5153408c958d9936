import { describe, expect, it } from "vitest";
import { can } from "./permissions";

describe("permission map", () => {
  it("gives viewers read access only", () => {
    expect(can("VIEWER", "devices.read")).toBe(true);
    expect(can("VIEWER", "status.read")).toBe(true);
    expect(can("VIEWER", "devices.manage")).toBe(false);
    expect(can("VIEWER", "changes.propose")).toBe(false);
  });
  it("lets operators propose but not approve or manage devices", () => {
    expect(can("OPERATOR", "changes.propose")).toBe(true);
    expect(can("OPERATOR", "changes.approve")).toBe(false);
    expect(can("OPERATOR", "devices.manage")).toBe(false);
  });
  it("gives admins everything and unknown roles nothing", () => {
    expect(can("ADMIN", "devices.manage")).toBe(true);
    expect(can("ADMIN", "users.manage")).toBe(true);
    expect(can("ROOT", "devices.read")).toBe(false);
    expect(can(null, "devices.read")).toBe(false);
  });
});
