import { z } from "zod";

/**
 * Errors thrown by the RouterOS REST client (lib/routeros/client.ts). Every error the client throws
 * is a RouterOsError with a `kind` the UI and the poller can branch on; messages are written for a
 * NOC engineer and include the router's own `detail` when RouterOS sent one.
 *
 * RouterOS REST error bodies look like `{"error":400,"message":"Bad Request","detail":"..."}`
 * (400 bad input / unknown path / "Session closed" after 60 s, 401 bad credentials, 404 unknown `.id`,
 * 406 command not supported by the menu, 500 internal error): see docs/routeros.md. Field reports
 * of 7.23 (not the manual): a user whose group lacks a policy gets 500 `not enough permissions (9)`.
 */

/** Discriminant of every RouterOS client error. */
export type RouterOsErrorKind = "api" | "unauthorized" | "permission" | "timeout" | "unreachable" | "tls" | "bad-response";

/** Where a failed request went: HTTP method and REST path (e.g. `GET /rest/interface/macvlan`). */
export interface RouterOsRequestInfo {
  method: string;
  path: string;
}

function where(request?: RouterOsRequestInfo): string {
  return request ? ` (${request.method} ${request.path})` : "";
}

/** Most characters (UTF-16 code units) of one router text (`message`, `detail`, a non-JSON body) an error message quotes. */
export const ROUTER_TEXT_MAX = 200;

/**
 * The first `max` UTF-16 code units of `text`, one fewer when the cut would split a surrogate pair: never
 * more than `max` units, never half a character.
 */
export function headOf(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** A router text as an error message quotes it: whole up to ROUTER_TEXT_MAX units, otherwise cut (headOf) and ended with `…`. */
function quoted(text: string): string {
  return text.length <= ROUTER_TEXT_MAX ? text : `${headOf(text, ROUTER_TEXT_MAX - 1)}…`;
}

/** Base class of every error thrown by the RouterOS client. `kind` says which subclass it is. */
export class RouterOsError extends Error {
  readonly kind: RouterOsErrorKind;
  readonly request?: RouterOsRequestInfo;

  constructor(kind: RouterOsErrorKind, message: string, options?: { cause?: unknown; request?: RouterOsRequestInfo }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.request = options?.request;
  }
}

/**
 * RouterOS answered with an HTTP error status (400, 404, 406, 500, ...). `routerMessage` is the body's
 * `message` (or the HTTP status text), `detail` the body's `detail` when present, both as the router sent
 * them; the error's `message` quotes at most ROUTER_TEXT_MAX characters of each (cut texts end with `…`).
 * A 400 on a write may still have applied the change: re-read after any failed write.
 */
export class RouterOsApiError extends RouterOsError {
  readonly status: number;
  readonly routerMessage: string;
  readonly detail?: string;

  constructor(
    status: number,
    routerMessage: string,
    detail?: string,
    options?: { request?: RouterOsRequestInfo; kind?: "api" | "unauthorized" | "permission" },
  ) {
    const text = detail ? `${quoted(routerMessage)}: ${quoted(detail)}` : quoted(routerMessage);
    super(options?.kind ?? "api", `Router answered ${status} ${text}${where(options?.request)}`, { request: options?.request });
    this.status = status;
    this.routerMessage = routerMessage;
    this.detail = detail;
  }
}

/** HTTP 401: wrong username/password, or the user's group lacks the `rest-api` policy (a missing `read`/`write` is a RouterOsPermissionError). */
export class RouterOsUnauthorizedError extends RouterOsApiError {
  constructor(routerMessage = "Unauthorized", detail?: string, request?: RouterOsRequestInfo) {
    super(401, routerMessage, detail, { request, kind: "unauthorized" });
    this.message =
      `Router refused the credentials (401 ${quoted(routerMessage)}${detail ? `: ${quoted(detail)}` : ""}): check the username, ` +
      `the password and that the user's group has the rest-api and read policies${where(request)}`;
  }
}

/**
 * The router user's group lacks a policy the request needs: RouterOS answers with a `detail` matching
 * `not enough permissions` (7.23 field reports: HTTP 500 `not enough permissions (9)`; any status is
 * accepted). `policy` is what the request tells: `write` for PUT, PATCH, DELETE and POST of any command
 * but `print`/`get`/`monitor`/`monitor-traffic`; `read` for GET and those; null when the request is
 * unknown. Never retried: the same request fails the same way until the group changes.
 */
export class RouterOsPermissionError extends RouterOsApiError {
  readonly policy: string | null;

  constructor(status: number, routerMessage: string, detail: string, policy: string | null, request?: RouterOsRequestInfo) {
    super(status, routerMessage, detail, { request, kind: "permission" });
    this.policy = policy;
    const fix = policy
      ? `the router user's group lacks the ${policy} policy: /user group set <group> policy=...,${policy}`
      : "the router user's group lacks a policy this request needs (read to poll, write to change): /user group set <group> policy=...";
    this.message = `Router refused the request (${status} ${quoted(detail)}): ${fix}${where(request)}`;
  }
}

/** No answer in time: TCP/TLS connect timeout or the total request timeout (milliseconds in `timeoutMs`). */
export class RouterOsTimeoutError extends RouterOsError {
  readonly phase: "connect" | "response";
  readonly timeoutMs: number;

  constructor(phase: "connect" | "response", timeoutMs: number, options?: { cause?: unknown; request?: RouterOsRequestInfo }) {
    const what = phase === "connect" ? "could not connect to the router" : "router did not answer";
    super("timeout", `Timed out: ${what} within ${(timeoutMs / 1000).toFixed(1)} s${where(options?.request)}`, options);
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}

/** The router could not be reached: connection refused or reset, DNS failure, host/network unreachable. */
export class RouterOsUnreachableError extends RouterOsError {
  readonly code?: string;

  constructor(reason: string, code?: string, options?: { cause?: unknown; request?: RouterOsRequestInfo }) {
    super("unreachable", `Router unreachable: ${reason}${code ? ` [${code}]` : ""}${where(options?.request)}`, options);
    this.code = code;
  }
}

/** TLS failed: certificate not trusted by the configured CA, pinned fingerprint mismatch, or handshake error. */
export class RouterOsTlsError extends RouterOsError {
  readonly code?: string;

  constructor(reason: string, code?: string, options?: { cause?: unknown; request?: RouterOsRequestInfo }) {
    super("tls", `TLS check failed: ${reason}${code ? ` [${code}]` : ""}${where(options?.request)}`, options);
    this.code = code;
  }
}

/** The router answered 2xx but the body is not JSON or not the expected shape. */
export class RouterOsBadResponseError extends RouterOsError {
  constructor(reason: string, options?: { cause?: unknown; request?: RouterOsRequestInfo }) {
    super("bad-response", `Unexpected answer from the router: ${reason}${where(options?.request)}`, options);
  }
}

/** A plain, serialisable description of an error (for the UI's "test connection", audit events, logs). */
export interface RouterOsErrorDescription {
  kind: string;
  message: string;
  status?: number;
  detail?: string;
}

/**
 * Describes any thrown value: RouterOS client errors keep their `kind`, `status` and `detail`; a
 * ZodError (invalid `apiUrl` or `tlsFingerprint` given to the client) becomes `{ kind: "config" }` with
 * the issues as message; anything else becomes `{ kind: "internal", message }`.
 */
export function describeRouterOsError(err: unknown): RouterOsErrorDescription {
  if (err instanceof RouterOsApiError) {
    return {
      kind: err.kind,
      message: err.message,
      status: err.status,
      ...(err.detail === undefined ? {} : { detail: err.detail }),
    };
  }
  if (err instanceof RouterOsError) return { kind: err.kind, message: err.message };
  if (err instanceof z.ZodError) return { kind: "config", message: err.issues.map((i) => i.message).join("; ") };
  if (err instanceof Error) return { kind: "internal", message: err.message };
  return { kind: "internal", message: String(err) };
}
