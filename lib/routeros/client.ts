import "server-only";
import type { Agent } from "undici";
import { getEnv } from "../env";
import { log } from "../log";
import { apiBaseUrl } from "../validation/routeros";
import { createRouterOsAgent, type ConnectGuard } from "./agent";
import { badJson, errorFromResponse, isRetryable, toRouterOsError } from "./error-mapping";
import { RouterOsApiError, RouterOsBadResponseError, RouterOsTimeoutError, type RouterOsRequestInfo } from "./errors";
import { parseLenientJson } from "./lenient-json";
import { toRouterOsRecord, toRouterOsRows, type RouterOsRow } from "./rows";

export type { RouterOsRow } from "./rows";

/** Body of a POST command: strings, or string arrays for `.proplist` / `.query`. */
export type RouterOsCommandBody = Record<string, string | string[]>;

/** How to reach one router's REST API. */
export interface RouterOsTarget {
  /** Base URL without `/rest` (`https://10.0.0.1`, `http://127.0.0.1:8080/r1`); a trailing `/rest` is tolerated. */
  apiUrl: string;
  username: string;
  password: string;
  /** Pinned SHA-256 fingerprint of the router's certificate (64 hex, colons allowed). */
  tlsFingerprint?: string | null;
  /** PEM CA (or the router's self-signed certificate) to trust for this router only. */
  caPem?: string | null;
  /** TCP + TLS connect limit in ms (default ROUTEROS_CONNECT_TIMEOUT_MS, 5 s). */
  connectTimeoutMs?: number;
  /** Total limit per attempt in ms, connect to last body byte (default ROUTEROS_TIMEOUT_MS, 20 s). Keep well under RouterOS's 60 s cut. */
  timeoutMs?: number;
  /** Retries of idempotent reads on timeout / unreachable / 5xx (default 2; writes are never retried). */
  maxRetries?: number;
  /** First retry delay in ms, doubled per retry with ±25 % jitter (default 250). */
  retryDelayMs?: number;
  /**
   * Parallel keep-alive connections to this router (default 1: one REST login for all requests;
   * parallel calls queue on it). Raise for routers polled with many concurrent requests.
   */
  connections?: number;
  /**
   * Called once per HTTP attempt (retries included) when it ends, answered or not: method, REST path
   * without the query (`/rest/interface/macvlan/*1`), HTTP status (null when no answer: timeout,
   * reset, refused), duration in ms, and for failures the error's message with RouterOS's `detail`.
   * Never sees bodies. An observer that throws is ignored. The change engine records each call.
   */
  onResponse?: (info: RouterOsCallInfo) => void;
  /**
   * Vets every new connection's target before any packet is sent (agent.ts `guard`): device clients get the
   * allowed router networks check (lib/devices/router-client.ts); a refusal fails the request as unreachable.
   */
  guard?: ConnectGuard;
}

/** What {@link RouterOsTarget.onResponse} receives for one HTTP attempt. */
export interface RouterOsCallInfo {
  method: "GET" | "PUT" | "PATCH" | "DELETE" | "POST";
  path: string;
  /** HTTP status of the answer; null when none came (timeout, connection reset or refused, TLS failure, aborted). */
  status: number | null;
  durationMs: number;
  /** The RouterOS `detail` (or message) of an error answer, or the client error's message; undefined on success. */
  detail?: string;
}

/** Options of `print`. */
export interface RouterOsPrintOptions {
  /** Properties to return (`.proplist`); always pass one when polling. */
  proplist?: string[];
  /** API query words for POST print `.query` (`["type=ether", "type=vlan", "#|"]`). */
  query?: string[];
  /** Exact-match filters sent as `GET ?k=v` (ANDed). With `query`/`args` they become `.query` words. */
  where?: Record<string, string>;
  /** Extra print arguments such as `{ stats: "" }`; forces POST `/print`. */
  args?: Record<string, string>;
}

interface RequestSpec {
  method: "GET" | "PUT" | "PATCH" | "DELETE" | "POST";
  path: string;
  body?: unknown;
  idempotent: boolean;
}

const MENU_SEGMENT = /^[a-z0-9][a-z0-9-]*$/i;

/**
 * Normalises a menu path (`/interface/macvlan`, `interface/macvlan/`) to `interface/macvlan`.
 * Throws RangeError for empty paths or segments that are not RouterOS menu words.
 */
export function normaliseMenu(menu: string): string {
  const segments = menu
    .trim()
    .replace(/^\/+|\/+$/g, "")
    .split("/");
  if (segments.some((s) => !MENU_SEGMENT.test(s))) throw new RangeError(`not a RouterOS menu path: "${menu}"`);
  return segments.join("/");
}

/** Waits `ms`; rejects with the signal's reason as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Typed client for one router's RouterOS v7 REST API (`<apiUrl>/rest/...`, HTTP Basic auth).
 * Keeps its own undici Agent (keep-alive connections, since RouterOS logs one login per connection;
 * per-device TLS trust: see agent.ts). Call `close()` when done.
 *
 * Errors: every router or transport failure is a RouterOsError subclass (errors.ts):
 * RouterOsApiError (HTTP 4xx/5xx with the router's message/detail), RouterOsUnauthorizedError (401),
 * RouterOsPermissionError (`not enough permissions`: the user's group lacks `read` or `write`),
 * RouterOsTimeoutError, RouterOsUnreachableError, RouterOsTlsError, RouterOsBadResponseError.
 * Reads (GET, POST print, commands marked idempotent) are retried up to `maxRetries` times on
 * timeout/unreachable/5xx (a permission error's 500 excepted); writes never are (a failed write may
 * still have applied: re-read).
 * Request and reply bodies are never logged (they may hold a MACsec CAK or passwords).
 */
export class RouterOsClient {
  /** Normalised base URL without `/rest`. */
  readonly apiUrl: string;
  private readonly origin: string;
  private readonly restPrefix: string;
  private readonly authorization: string;
  private readonly agent: Agent;
  private readonly connectTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryDelayMs: number;
  private readonly onResponse: RouterOsTarget["onResponse"];
  /** Set on views made by {@link withSignal} only. */
  private signal: AbortSignal | undefined;

  /** Throws ZodError for an invalid `apiUrl` or `tlsFingerprint`. */
  constructor(target: RouterOsTarget) {
    const env = getEnv();
    this.apiUrl = apiBaseUrl.parse(target.apiUrl);
    const url = new URL(this.apiUrl);
    this.origin = url.origin;
    this.restPrefix = `${url.pathname.replace(/\/+$/, "")}/rest/`;
    this.authorization = `Basic ${Buffer.from(`${target.username}:${target.password}`, "utf8").toString("base64")}`;
    this.connectTimeoutMs = target.connectTimeoutMs ?? env.ROUTEROS_CONNECT_TIMEOUT_MS;
    this.timeoutMs = target.timeoutMs ?? env.ROUTEROS_TIMEOUT_MS;
    this.maxRetries = target.maxRetries ?? 2;
    this.retryDelayMs = target.retryDelayMs ?? 250;
    this.onResponse = target.onResponse;
    this.agent = createRouterOsAgent({
      connectTimeoutMs: this.connectTimeoutMs,
      timeoutMs: this.timeoutMs,
      caPem: target.caPem,
      tlsFingerprint: target.tlsFingerprint,
      connections: target.connections ?? 1,
      guard: target.guard,
    });
  }

  /**
   * `print` on a menu: `GET /rest/<menu>?k=v&.proplist=a,b`, or `POST /rest/<menu>/print` with
   * `.proplist`/`.query`/args when `query` or `args` is given. Returns the rows (`[]` for an empty
   * table; an object reply is wrapped in an array).
   */
  async print(menu: string, opts: RouterOsPrintOptions = {}): Promise<RouterOsRow[]> {
    const path = normaliseMenu(menu);
    if (opts.query || opts.args) {
      const query = [...Object.entries(opts.where ?? {}).map(([k, v]) => `${k}=${v}`), ...(opts.query ?? [])];
      const body: RouterOsCommandBody = { ...opts.args };
      if (opts.proplist) body[".proplist"] = opts.proplist;
      if (query.length > 0) body[".query"] = query;
      return toRouterOsRows(await this.send({ method: "POST", path: `${path}/print`, body, idempotent: true }), this.info("POST", `${path}/print`));
    }
    const params = Object.entries(opts.where ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    if (opts.proplist) params.push(`.proplist=${opts.proplist.map(encodeURIComponent).join(",")}`);
    const full = params.length > 0 ? `${path}?${params.join("&")}` : path;
    return toRouterOsRows(await this.send({ method: "GET", path: full, idempotent: true }), this.info("GET", path));
  }

  /** One record: `GET /rest/<menu>/<.id or name>`. Throws RouterOsApiError 404 when it does not exist. */
  async getOne(menu: string, idOrName: string): Promise<RouterOsRow> {
    const path = `${normaliseMenu(menu)}/${encodeURIComponent(idOrName)}`;
    return toRouterOsRecord(await this.send({ method: "GET", path, idempotent: true }), this.info("GET", path));
  }

  /**
   * A singleton menu (`/system/resource`, `/system/identity`, `/tool/mac-server`): accepts an object or a
   * one-element array. Throws RouterOsBadResponseError for anything else.
   */
  async singleton(menu: string, proplist?: string[]): Promise<RouterOsRow> {
    const path = normaliseMenu(menu);
    const full = proplist ? `${path}?.proplist=${proplist.map(encodeURIComponent).join(",")}` : path;
    return toRouterOsRecord(await this.send({ method: "GET", path: full, idempotent: true }), this.info("GET", path));
  }

  /** `add`: `PUT /rest/<menu>` with the values; returns the created record (with its `.id`). Never retried. */
  async add(menu: string, values: Record<string, string>): Promise<RouterOsRow> {
    const path = normaliseMenu(menu);
    return toRouterOsRecord(await this.send({ method: "PUT", path, body: values, idempotent: false }), this.info("PUT", path));
  }

  /** `set`: `PATCH /rest/<menu>/<.id>`; returns the whole updated record. Never retried. */
  async set(menu: string, id: string, values: Record<string, string>): Promise<RouterOsRow> {
    const path = `${normaliseMenu(menu)}/${encodeURIComponent(id)}`;
    return toRouterOsRecord(await this.send({ method: "PATCH", path, body: values, idempotent: false }), this.info("PATCH", path));
  }

  /** `remove`: `DELETE /rest/<menu>/<.id>` (empty reply). Never retried. */
  async remove(menu: string, id: string): Promise<void> {
    const path = `${normaliseMenu(menu)}/${encodeURIComponent(id)}`;
    await this.send({ method: "DELETE", path, idempotent: false });
  }

  /**
   * Any command: `POST /rest/<menu>/<command>` (`set` on singletons, `monitor-traffic`, `make-static`,
   * `move`); menu `/` addresses root commands (`command("/", "export", {...})` → `POST /rest/export`).
   * Returns the reply as rows (`[]` for an empty reply, an object wrapped in an array).
   * Retried only when `opts.idempotent` is true (read-only commands such as `monitor-traffic once`).
   */
  async command(menu: string, command: string, body: RouterOsCommandBody = {}, opts: { idempotent?: boolean } = {}): Promise<RouterOsRow[]> {
    const root = menu.trim().replace(/^\/+|\/+$/g, "") === "";
    const path = root ? normaliseMenu(command) : `${normaliseMenu(menu)}/${normaliseMenu(command)}`;
    return toRouterOsRows(await this.send({ method: "POST", path, body, idempotent: opts.idempotent ?? false }), this.info("POST", path));
  }

  /**
   * A view of this client (same connections and settings) whose requests stop when `signal` aborts:
   * the request in flight is cancelled, no retry starts, and the call rejects with `signal.reason`
   * (as `fetch` does), which need not be a RouterOsError. The poller passes one signal per cycle so
   * its deadline also ends the request in flight. `close()` on a view closes the shared connections.
   */
  withSignal(signal: AbortSignal): RouterOsClient {
    const view = Object.create(this) as RouterOsClient;
    view.signal = signal;
    return view;
  }

  /** Closes the keep-alive connections (waits for requests in flight). */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private info(method: string, path: string): RouterOsRequestInfo {
    return { method, path: `/rest/${path.split("?")[0]}` };
  }

  private async send(spec: RequestSpec): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.signal?.throwIfAborted();
        return await this.attempt(spec, attempt);
      } catch (err) {
        if (this.signal?.aborted) throw this.signal.reason;
        if (!spec.idempotent || attempt >= this.maxRetries || !isRetryable(err)) throw err;
        const delay = this.retryDelayMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
        log.debug({ router: this.origin, path: spec.path, attempt, kind: (err as { kind?: string }).kind }, "routeros: retrying read");
        await sleep(delay, this.signal);
      }
    }
  }

  private async attempt(spec: RequestSpec, attempt: number): Promise<unknown> {
    const request = this.info(spec.method, spec.path);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const started = performance.now();
    let status: number | null = null;
    let failure: unknown;
    try {
      const res = await this.agent.request({
        origin: this.origin,
        path: `${this.restPrefix}${spec.path}`,
        method: spec.method,
        headers: {
          authorization: this.authorization,
          accept: "application/json",
          ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: this.signal ? AbortSignal.any([controller.signal, this.signal]) : controller.signal,
      });
      const text = await res.body.text();
      status = res.statusCode;
      log.debug(
        { router: this.origin, method: spec.method, path: request.path, status: res.statusCode, ms: Math.round(performance.now() - started), attempt },
        "routeros: request",
      );
      if (res.statusCode >= 300) {
        if (res.statusCode < 400) throw new RouterOsBadResponseError(`unexpected redirect (HTTP ${res.statusCode})`, { request });
        throw errorFromResponse(res.statusCode, text, request);
      }
      if (text.trim() === "") return null;
      try {
        return parseLenientJson(text);
      } catch (err) {
        throw badJson(err, text.length, request);
      }
    } catch (err) {
      if (this.signal?.aborted) failure = this.signal.reason;
      else if (timedOut) failure = new RouterOsTimeoutError("response", this.timeoutMs, { cause: err, request });
      else failure = toRouterOsError(err, request, { connectTimeoutMs: this.connectTimeoutMs, timeoutMs: this.timeoutMs });
      throw failure;
    } finally {
      clearTimeout(timer);
      this.observe(spec.method, request.path, status, performance.now() - started, failure);
    }
  }

  private observe(method: RequestSpec["method"], path: string, status: number | null, durationMs: number, failure: unknown): void {
    if (!this.onResponse) return;
    let detail: string | undefined;
    if (failure instanceof RouterOsApiError) detail = failure.detail ?? failure.routerMessage;
    else if (failure instanceof Error) detail = failure.message;
    else if (failure !== undefined) detail = String(failure);
    try {
      this.onResponse({ method, path, status, durationMs: Math.round(durationMs), ...(detail === undefined ? {} : { detail }) });
    } catch {
      // An observer's failure must not change the outcome of the router call.
    }
  }
}
