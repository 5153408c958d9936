import { describe, expect, it } from "vitest";
import { clampPage } from "./pagination";

describe("clampPage", () => {
  it("keeps a page inside the list and counts the pages", () => {
    expect(clampPage(2, 134, 25)).toEqual({ page: 2, pageCount: 6 });
    expect(clampPage(6, 150, 25)).toEqual({ page: 6, pageCount: 6 });
  });

  it("clamps a page past the end to the last page, and a missing, low or fractional one to 1 or its floor", () => {
    expect(clampPage(99, 134, 25)).toEqual({ page: 6, pageCount: 6 });
    expect(clampPage(undefined, 134, 25)).toEqual({ page: 1, pageCount: 6 });
    expect(clampPage(0, 134, 25)).toEqual({ page: 1, pageCount: 6 });
    expect(clampPage(2.7, 134, 25)).toEqual({ page: 2, pageCount: 6 });
  });

  it("gives an empty list one page", () => {
    expect(clampPage(3, 0, 25)).toEqual({ page: 1, pageCount: 1 });
  });
});
