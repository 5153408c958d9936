import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

const ORIGIN = "https://noc.example.net";

/** Where a browser on ORIGIN ends up when the app navigates to `path` (router.replace / Location). */
function landing(path: string): URL {
  return new URL(path, ORIGIN);
}

// Each as the login page receives it (Next decodes the query once) and, where it differs, the raw query text decoded.
const HOSTILE = [
  "/..//evil.example/",
  decodeURIComponent("%2F..%2F%2Fevil.example%2F"),
  "/.//evil.example/x",
  "/a/../..//evil.example",
  "/./..//evil.example",
  "/%2e%2e//evil.example/",
  "/%2E//evil.example",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  " //evil.example",
  "https://evil.example",
  "https://evil.example/",
  "HTTPS://evil.example",
  "https:evil.example",
  "http://noc.example.net@evil.example/",
  "https://noc.example.net.evil.example/",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  decodeURIComponent("%2F%2Fevil.example"),
  decodeURIComponent("%5C%5Cevil.example"),
  decodeURIComponent("https%3A%2F%2Fevil.example%2F"),
];

describe("safeCallbackPath", () => {
  it.each(HOSTILE)("keeps %j on the app's origin", (raw) => {
    const path = safeCallbackPath(raw, ORIGIN);
    expect(path.startsWith("/")).toBe(true);
    expect(path.startsWith("//")).toBe(false);
    expect(landing(path).origin).toBe(ORIGIN);
  });

  it("sends the dot-segment tricks of the report to / instead of a protocol-relative path", () => {
    for (const raw of ["/..//evil.example/", "/.//evil.example/x", "/a/../..//evil.example"]) expect(safeCallbackPath(raw, ORIGIN)).toBe("/");
  });

  it("still encoded (double-encoded in the URL) stays a harmless path on this origin", () => {
    expect(safeCallbackPath("%2F%2Fevil.example", ORIGIN)).toBe("/%2F%2Fevil.example");
    expect(landing(safeCallbackPath("%2F%2Fevil.example", ORIGIN)).origin).toBe(ORIGIN);
  });

  it("keeps same-origin paths with their query and hash, and same-origin absolute URLs as paths", () => {
    expect(safeCallbackPath("/devices?q=core#top", ORIGIN)).toBe("/devices?q=core#top");
    expect(safeCallbackPath("/devices/abc/../xyz", ORIGIN)).toBe("/devices/xyz");
    expect(safeCallbackPath("https://noc.example.net/changes/7?tab=diff", ORIGIN)).toBe("/changes/7?tab=diff");
    expect(safeCallbackPath("/", ORIGIN)).toBe("/");
  });

  it("gives / for anything that is not a usable string", () => {
    for (const raw of [undefined, null, 42, ["/devices"], "", "/".padEnd(3000, "a")]) expect(safeCallbackPath(raw, ORIGIN)).toBe("/");
    expect(safeCallbackPath("/devices", "not an origin")).toBe("/");
  });
});
