import { describe, expect, it } from "vitest";
import { badJson, errorFromResponse } from "./error-mapping";
import { RouterOsApiError, RouterOsPermissionError } from "./errors";
import { parseLenientJson } from "./lenient-json";

const REQUEST = { method: "GET", path: "/rest/interface" };

/** What parseLenientJson throws for `text`. */
function syntaxErrorOf(text: string): unknown {
  try {
    parseLenientJson(text);
  } catch (err) {
    return err;
  }
  throw new Error(`${text} parsed`);
}

describe("errorFromResponse", () => {
  it("keeps an ordinary RouterOS detail whole in the message", () => {
    const err = errorFromResponse(400, '{"error":400,"message":"Bad Request","detail":"input does not match any value of interface"}', REQUEST);
    expect(err.message).toBe("Router answered 400 Bad Request: input does not match any value of interface (GET /rest/interface)");
    const denied = errorFromResponse(500, '{"error":500,"message":"Internal Server Error","detail":"not enough permissions (9)"}', REQUEST);
    expect(denied).toBeInstanceOf(RouterOsPermissionError);
    expect(denied.message).toContain("(500 not enough permissions (9))");
  });

  it("quotes at most 200 characters of a JSON message and detail, ending a cut one with an ellipsis", () => {
    const body = JSON.stringify({ error: 400, message: "m".repeat(5000), detail: "d".repeat(5000) });
    const err = errorFromResponse(400, body, REQUEST);
    expect(err).toBeInstanceOf(RouterOsApiError);
    expect(err.message).toBe(`Router answered 400 ${"m".repeat(199)}…: ${"d".repeat(199)}… (GET /rest/interface)`);
    expect(err.detail).toBe("d".repeat(5000));
  });

  it("never cuts a surrogate pair in half", () => {
    const err = errorFromResponse(502, `<${"a".repeat(198)}\u{1f600}tail`, REQUEST);
    expect(err.detail).toBe(`<${"a".repeat(198)}`);
    const json = errorFromResponse(400, JSON.stringify({ detail: `${"a".repeat(198)}\u{1f600}${"b".repeat(300)}` }), REQUEST);
    expect(json.message).toContain(`${"a".repeat(198)}…`);
    expect(json.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe("badJson", () => {
  it("holds no part of the body, neither in its message nor as a cause", () => {
    const text = "password=hunter2";
    const err = badJson(syntaxErrorOf(text), text.length, REQUEST);
    expect(err.message).toBe("Unexpected answer from the router: body is not JSON (16 characters) (GET /rest/interface)");
    expect(err.cause).toBeUndefined();
  });
});
