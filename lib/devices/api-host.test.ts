import { describe, expect, it } from "vitest";
import { apiHostOf } from "./api-host";

describe("apiHostOf", () => {
  it("keeps host and port only, never credentials or path", () => {
    expect(apiHostOf("https://admin:pw@router.example:443/")).toBe("router.example");
    expect(apiHostOf("http://127.0.0.1:18728/core-1")).toBe("127.0.0.1:18728");
    expect(apiHostOf("not a url")).toBe("not a url");
  });
});
