import fc from "fast-check";
import { STATUS_CODES } from "node:http";
import { describe, expect, it } from "vitest";
import { badJson, errorFromResponse } from "./error-mapping";
import { RouterOsApiError, RouterOsBadResponseError, RouterOsPermissionError, RouterOsUnauthorizedError, type RouterOsRequestInfo } from "./errors";
import { parseLenientJson } from "./lenient-json";
import {
  REQUEST,
  SOME,
  bodyText,
  errorResponseText,
  garbage,
  jsonStringUnit,
  leaks,
  notJsonWithToken,
  outcome,
  routerOsJson,
} from "./testdata/reply-arbitraries";

/*
 * Property-based tests of the RouterOS reply parser: error bodies (errorFromResponse, badJson). Whatever a
 * router (or something posing as one) answers, the parser returns well-formed values or throws one of its
 * documented errors. Shared generators: lib/routeros/testdata/reply-arbitraries.ts.
 */

const METHODS = ["GET", "PUT", "PATCH", "DELETE", "POST", "HEAD"] as const;
const requestArb = fc
  .tuple(
    fc.constantFrom(...METHODS),
    fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { maxLength: 3 }),
    fc.constantFrom("print", "get", "monitor", "monitor-traffic", "set", "add", "remove", "export", "*1B"),
  )
  .map(([method, menu, last]): RouterOsRequestInfo => ({ method, path: `/rest/${[...menu, last].join("/")}` }));

/** The policy the documentation says a request needs. */
function policyOf(request: RouterOsRequestInfo): "read" | "write" | null {
  if (request.method === "GET") return "read";
  if (["PUT", "PATCH", "DELETE"].includes(request.method)) return "write";
  if (request.method !== "POST") return null;
  return ["print", "get", "monitor", "monitor-traffic"].includes(request.path.split("/").pop() ?? "") ? "read" : "write";
}

/** True when `s` holds no lone surrogate (String.prototype.isWellFormed). */
function isWellFormed(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** Fixed wording of the longest error message, without the router's texts (see errors.ts). */
const MESSAGE_OVERHEAD = 400;
/** Characters of the body an error message may quote. */
const BODY_SLICE = 200;

describe("errorFromResponse", () => {
  it("returns, for any status 400-599 and any body, the documented RouterOsApiError subclass", () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), errorResponseText, requestArb, (status, text, request) => {
        const err = errorFromResponse(status, text, request);
        expect(err).toBeInstanceOf(RouterOsApiError);
        expect(err.status).toBe(status);
        expect(err.request).toEqual(request);
        const body = outcome(() => parseLenientJson(text));
        const fields =
          "value" in body && typeof body.value === "object" && body.value !== null && !Array.isArray(body.value) ? (body.value as Record<string, unknown>) : {};
        const routerMessage = typeof fields.message === "string" && fields.message !== "" ? fields.message : (STATUS_CODES[status] ?? `HTTP ${status}`);
        expect(err.routerMessage).toBe(routerMessage);
        if (err.detail !== undefined && /not enough permissions/i.test(err.detail)) {
          expect(err).toBeInstanceOf(RouterOsPermissionError);
          expect(err.kind).toBe("permission");
          expect((err as RouterOsPermissionError).policy).toBe(policyOf(request));
        } else if (status === 401) {
          expect(err).toBeInstanceOf(RouterOsUnauthorizedError);
          expect(err.kind).toBe("unauthorized");
        } else {
          expect(err.constructor).toBe(RouterOsApiError);
          expect(err.kind).toBe("api");
        }
      }),
      SOME,
    );
  });

  it("keeps a JSON body's message and detail, raw control characters included", () => {
    const field = fc.string({ unit: jsonStringUnit, minLength: 1, maxLength: 60 }).filter((s) => !/not enough permissions/i.test(s));
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }).filter((s) => s !== 401),
        field,
        field,
        fc.boolean(),
        (status, message, detail, raw) => {
          const body = { error: status, message, detail };
          const err = errorFromResponse(status, raw ? routerOsJson(body, false) : JSON.stringify(body), REQUEST);
          expect(err.routerMessage).toBe(message);
          expect(err.detail).toBe(detail);
          expect(err.message).toContain(detail);
        },
      ),
      SOME,
    );
  });

  it("keeps a non-JSON body only as a trimmed detail of at most 200 characters, behind the HTTP status text", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }),
        fc.oneof(bodyText, garbage).map((t) => `<${t}`),
        (status, text) => {
          const err = errorFromResponse(status, text, REQUEST);
          expect(err.routerMessage).toBe(STATUS_CODES[status] ?? `HTTP ${status}`);
          expect(err.detail).toBeDefined();
          expect(text.trim().startsWith(err.detail ?? "")).toBe(true);
          expect((err.detail ?? "").length).toBeLessThanOrEqual(BODY_SLICE);
        },
      ),
      SOME,
    );
  });

  it("never puts more than a bounded slice of the body into the message", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }),
        fc.oneof(
          errorResponseText,
          fc.record({ message: bodyText, detail: bodyText }).map((b) => JSON.stringify(b)),
        ),
        requestArb,
        (status, text, request) => {
          const err = errorFromResponse(status, text, request);
          expect(err.message.length).toBeLessThanOrEqual(2 * BODY_SLICE + MESSAGE_OVERHEAD + request.method.length + request.path.length);
        },
      ),
    );
  });

  it("never cuts a character in half when it shortens a body", () => {
    const wellFormedBody = fc
      .tuple(
        fc.integer({ min: 180, max: 210 }),
        fc.string({ unit: fc.constantFrom("a", " ", "\u00e9", "\u{1f600}", "\u{10348}"), minLength: 10, maxLength: 40 }),
      )
      .map(([n, tail]) => `<${"a".repeat(n)}${tail}`);
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), wellFormedBody, (status, text) => {
        const err = errorFromResponse(status, text, REQUEST);
        expect(isWellFormed(err.message)).toBe(true);
      }),
    );
  });
});

describe("badJson", () => {
  it("never includes any part of the body in its message (a 2xx body may hold secrets)", () => {
    fc.assert(
      fc.property(notJsonWithToken, ({ secret, text }) => {
        const parsed = outcome(() => parseLenientJson(text));
        const err = badJson("error" in parsed ? parsed.error : undefined, text.length, REQUEST);
        expect(err).toBeInstanceOf(RouterOsBadResponseError);
        expect(leaks(err.message, secret)).toBe(false);
      }),
    );
  });
});
