import { STATUS_CODES } from "node:http";
import {
  ROUTER_TEXT_MAX,
  RouterOsApiError,
  RouterOsBadResponseError,
  RouterOsError,
  RouterOsPermissionError,
  RouterOsTimeoutError,
  RouterOsTlsError,
  RouterOsUnauthorizedError,
  RouterOsUnreachableError,
  headOf,
  type RouterOsRequestInfo,
} from "./errors";
import { parseLenientJson } from "./lenient-json";

/** `code` of the Error the TLS connect hook (agent.ts) raises when the pinned fingerprint does not match. */
export const FINGERPRINT_MISMATCH = "ERR_ROUTEROS_FINGERPRINT_MISMATCH";

/** Node/undici error codes meaning "could not reach the router", with a readable reason. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: "connection refused (is the www/www-ssl service enabled and the port right?)",
  ECONNRESET: "connection reset by the router",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection closed while sending",
  ENOTFOUND: "host name not found (DNS)",
  EAI_AGAIN: "DNS lookup failed (temporary)",
  EHOSTUNREACH: "host unreachable",
  EHOSTDOWN: "host is down",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed by the router",
  UND_ERR_CLOSED: "connection closed",
};

/** OpenSSL/Node certificate verification codes, with advice for the NOC engineer. */
const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the router's certificate is self-signed and not trusted: add its CA (PEM) or pin its SHA-256 fingerprint",
  SELF_SIGNED_CERT_IN_CHAIN: "the router's certificate chain ends in an untrusted self-signed CA: add that CA (PEM) or pin the fingerprint",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the router's certificate is not signed by a trusted CA",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the router's certificate issuer is not trusted: add the CA (PEM) or pin the fingerprint",
  UNABLE_TO_GET_ISSUER_CERT: "the router's certificate issuer is unknown",
  CERT_HAS_EXPIRED: "the router's certificate has expired",
  CERT_NOT_YET_VALID: "the router's certificate is not valid yet (check clocks)",
  CERT_SIGNATURE_FAILURE: "the router's certificate signature is invalid",
  CERT_UNTRUSTED: "the router's certificate is not trusted",
  CERT_REJECTED: "the router's certificate was rejected",
  ERR_TLS_CERT_ALTNAME_INVALID: "the router's certificate does not name this host (use the name in the certificate or pin the fingerprint)",
};

interface CodedError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function codedChain(err: unknown): CodedError[] {
  const chain: CodedError[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    chain.push(current as CodedError);
    current = (current as CodedError).cause;
  }
  return chain;
}

/**
 * Converts whatever undici/Node threw for one request into a RouterOsError (walking `cause`).
 * RouterOsErrors pass through; a fingerprint mismatch from the TLS connect hook becomes
 * RouterOsTlsError; unknown errors become
 * RouterOsUnreachableError with the original as `cause`.
 */
export function toRouterOsError(err: unknown, request: RouterOsRequestInfo, timeouts: { connectTimeoutMs: number; timeoutMs: number }): RouterOsError {
  for (const e of codedChain(err)) {
    if (e instanceof RouterOsError) return e;
    const code = typeof e.code === "string" ? e.code : undefined;
    if (!code) continue;
    if (code === FINGERPRINT_MISMATCH) return new RouterOsTlsError(String(e.message), code, { cause: err, request });
    if (code === "UND_ERR_CONNECT_TIMEOUT") return new RouterOsTimeoutError("connect", timeouts.connectTimeoutMs, { cause: err, request });
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "ETIMEDOUT") {
      return new RouterOsTimeoutError("response", timeouts.timeoutMs, { cause: err, request });
    }
    const tlsReason = Object.hasOwn(TLS_REASONS, code) ? TLS_REASONS[code] : undefined;
    if (tlsReason !== undefined) return new RouterOsTlsError(tlsReason, code, { cause: err, request });
    if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || code === "EPROTO") {
      const detail = typeof e.message === "string" ? e.message : "handshake failed";
      return new RouterOsTlsError(`TLS handshake failed (${detail}); is this an https:// port?`, code, { cause: err, request });
    }
    const unreachable = Object.hasOwn(UNREACHABLE, code) ? UNREACHABLE[code] : undefined;
    if (unreachable !== undefined) return new RouterOsUnreachableError(unreachable, code, { cause: err, request });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new RouterOsUnreachableError(message, undefined, { cause: err, request });
}

/** Commands that only read (they need the `read` policy); every other POST command changes something (`write`). */
const READ_COMMANDS = new Set(["print", "get", "monitor", "monitor-traffic"]);

/**
 * The policy a request needs, from its method and REST path: `read` for GET and POST of a read
 * command, `write` for PUT, PATCH, DELETE and POST of any other command, null for anything else.
 */
function neededPolicy(request: RouterOsRequestInfo): "read" | "write" | null {
  if (request.method === "GET") return "read";
  if (request.method === "PUT" || request.method === "PATCH" || request.method === "DELETE") return "write";
  if (request.method !== "POST") return null;
  const command = request.path.split("/").pop() ?? "";
  return READ_COMMANDS.has(command) ? "read" : "write";
}

/**
 * Builds the error for an HTTP error status from RouterOS. The body is normally
 * `{"error":400,"message":"Bad Request","detail":"..."}`: its `message` and `detail` are kept as sent (the
 * error's message quotes at most ROUTER_TEXT_MAX characters of each, see errors.ts). A non-JSON body keeps
 * the HTTP status text as `routerMessage` and its first ROUTER_TEXT_MAX characters, trimmed and never cut
 * inside a character, as `detail`. A detail matching `not enough permissions` (any status; 7.23 answers
 * 500 `not enough permissions (9)`) gives RouterOsPermissionError naming the policy the request needs; 401
 * gives RouterOsUnauthorizedError; anything else RouterOsApiError.
 */
export function errorFromResponse(status: number, text: string, request: RouterOsRequestInfo): RouterOsApiError {
  let message = STATUS_CODES[status] ?? `HTTP ${status}`;
  let detail: string | undefined;
  try {
    const body = parseLenientJson(text);
    if (typeof body === "object" && body !== null && !Array.isArray(body)) {
      const fields = body as Record<string, unknown>;
      if (typeof fields.message === "string" && fields.message !== "") message = fields.message;
      if (typeof fields.detail === "string" && fields.detail !== "") detail = fields.detail;
    }
  } catch {
    const head = headOf(text.trim(), ROUTER_TEXT_MAX);
    if (head !== "") detail = head;
  }
  if (detail !== undefined && /not enough permissions/i.test(detail)) {
    return new RouterOsPermissionError(status, message, detail, neededPolicy(request), request);
  }
  if (status === 401) return new RouterOsUnauthorizedError(message, detail, request);
  return new RouterOsApiError(status, message, detail, { request });
}

/**
 * Builds the error for a 2xx body that is not JSON; `err` is what parseLenientJson threw. Neither the
 * message nor a `cause` holds any part of the body (it may hold secrets, and V8's SyntaxError message
 * quotes the text around the fault): only the body's length in characters, and whether the parser found a
 * syntax error (a SyntaxError) or failed otherwise.
 */
export function badJson(err: unknown, characters: number, request: RouterOsRequestInfo): RouterOsBadResponseError {
  const what = err instanceof SyntaxError ? "is not JSON" : "could not be parsed as JSON";
  return new RouterOsBadResponseError(`body ${what} (${characters} characters)`, { request });
}

/**
 * True for failures worth retrying on an idempotent read: timeouts, unreachable, HTTP 5xx of kind
 * `api` (not a RouterOsPermissionError: a missing policy answers 500 but fails the same way again).
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof RouterOsTimeoutError || err instanceof RouterOsUnreachableError) return true;
  return err instanceof RouterOsApiError && err.kind === "api" && err.status >= 500;
}
