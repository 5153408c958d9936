import { describe, expect, it } from "vitest";
import { isCrossOriginServerAction, isPossibleServerAction, requestHost } from "./server-action-origin";

describe("server action origin check", () => {
  it("recognises server action posts to pages only", () => {
    expect(isPossibleServerAction("POST", "/devices/new", new Headers({ "next-action": "7f00" }))).toBe(true);
    expect(isPossibleServerAction("POST", "/devices/new", new Headers({ "content-type": "multipart/form-data; boundary=x" }))).toBe(true);
    expect(isPossibleServerAction("POST", "/devices/new", new Headers({ "content-type": "application/x-www-form-urlencoded" }))).toBe(false);
    expect(isPossibleServerAction("GET", "/devices/new", new Headers({ "next-action": "7f00" }))).toBe(false);
    expect(isPossibleServerAction("POST", "/api/auth/callback/credentials", new Headers({ "next-action": "7f00" }))).toBe(false);
  });

  it("takes the host from x-forwarded-host (first value), else Host", () => {
    expect(requestHost(new Headers({ host: "localhost:3000", "x-forwarded-host": "noc.example.net, proxy.local" }))).toBe("noc.example.net");
    expect(requestHost(new Headers({ host: "localhost:3000" }))).toBe("localhost:3000");
    expect(requestHost(new Headers())).toBeNull();
  });

  it("accepts the same origin and a request without Origin, as Next does", () => {
    expect(isCrossOriginServerAction(new Headers({ host: "noc.example.net", origin: "https://noc.example.net" }))).toBe(false);
    expect(isCrossOriginServerAction(new Headers({ host: "localhost:3000", "x-forwarded-host": "noc.example.net", origin: "https://noc.example.net" }))).toBe(
      false,
    );
    expect(isCrossOriginServerAction(new Headers({ host: "noc.example.net" }))).toBe(false);
  });

  it("refuses another host or port, an opaque or malformed Origin, and a request naming no host", () => {
    expect(isCrossOriginServerAction(new Headers({ host: "noc.example.net", origin: "https://evil.example" }))).toBe(true);
    expect(isCrossOriginServerAction(new Headers({ host: "noc.example.net", origin: "https://noc.example.net:8443" }))).toBe(true);
    expect(isCrossOriginServerAction(new Headers({ host: "noc.example.net", origin: "null" }))).toBe(true);
    expect(isCrossOriginServerAction(new Headers({ host: "noc.example.net", origin: "::" }))).toBe(true);
    expect(isCrossOriginServerAction(new Headers({ origin: "https://noc.example.net" }))).toBe(true);
  });
});
