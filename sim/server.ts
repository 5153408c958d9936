import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleControl } from "./control";
import { RestError, internalError, unauthorized } from "./errors";
import { Fleet } from "./fleet";
import { handleRest } from "./rest-handler";
import { resolveSchemaDir, SchemaSet } from "./schema";
import type { Clock, Fault, Simulator, SimRouterInfo } from "./types";

export type { Simulator, SimRouterInfo } from "./types";

/** Options of startSimulator(); all optional. */
export interface SimulatorOptions {
  /** TCP port; 0 = random; default 18728. */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Routers in the fleet (guides first); default 25. */
  routers?: number;
  /** World seed; the same seed gives the same world; default 1. */
  seed?: number;
  /** Wall clock in ms since epoch (UTC); tests inject one to advance time. Default Date.now. */
  clock?: Clock;
  /** Directory of `<version>.json` schema files; default `sim/routeros-schema` (see schema.ts). */
  schemaDir?: string;
  /** How long a monitor without `once`/`duration` hangs before 400 `Session closed`; default 5000 ms. */
  monitorCutMs?: number;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const MAX_BODY = 1_000_000;

function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, { "content-length": "0", ...extraHeaders }).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...extraHeaders });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new RestError(400, { error: 400, message: "Bad Request", detail: "request too large" }));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Assumed wording: RouterOS refuses unparsable JSON with a 400; its detail text is unverified.
    throw new RestError(400, { error: 400, message: "Bad Request", detail: "JSON parse error" });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new RestError(400, { error: 400, message: "Bad Request", detail: "JSON object expected" });
  }
  return parsed as Record<string, unknown>;
}

function credentialsOk(req: IncomingMessage, info: SimRouterInfo): boolean {
  const header = req.headers.authorization ?? "";
  const encoded = /^Basic\s+(.+)$/i.exec(header)?.[1];
  if (encoded === undefined) return false;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const i = decoded.indexOf(":");
  return i >= 0 && decoded.slice(0, i) === info.username && decoded.slice(i + 1) === info.password;
}

/**
 * Starts the RouterOS REST simulator: one node:http server hosting the whole fleet at
 * `http://HOST:PORT/<router>/rest/...` plus the control API at `/_sim/...` (see sim/control.ts).
 * Resolves once listening. Throws if the schema directory is missing or the port is taken.
 */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const clock = opts.clock ?? Date.now;
  const monitorCutMs = opts.monitorCutMs ?? 5_000;
  const schemas = new SchemaSet(resolveSchemaDir(opts.schemaDir));
  const fleet = new Fleet({ routers: opts.routers ?? 25, seed: opts.seed ?? 1, clock, schemas, monitorCutMs });
  const faults = new Map<string, Fault>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /**
   * Takes one use of the router's fault for a request with this method (POST `.../print` counts as
   * `PRINT`): requests outside `methods` and the first `skip` matching ones pass; count-limited faults expire.
   */
  const takeFault = (name: string, method: string, segments: string[]): Fault | undefined => {
    const fault = faults.get(name);
    if (!fault) return undefined;
    const kind = method === "POST" && segments[segments.length - 1] === "print" ? "PRINT" : method;
    if (fault.methods && !fault.methods.some((m) => m === kind)) return undefined;
    if (fault.skip !== undefined && fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    if (fault.count !== undefined) {
      fault.count -= 1;
      if (fault.count <= 0) faults.delete(name);
    }
    return fault;
  };

  const serveRest = async (req: IncomingMessage, res: ServerResponse, name: string, segments: string[], url: URL): Promise<void> => {
    const spec = fleet.specs.get(name);
    if (!spec) return sendJson(res, 404, { error: 404, message: "Not Found" });
    const fault = takeFault(name, req.method ?? "GET", segments);
    let delayMs = 0;
    let performAfterMs = 0;
    let withhold = false;
    switch (fault?.mode) {
      case "hang":
        return;
      case "reset":
        req.socket.destroy();
        return;
      case "http500":
        return sendJson(res, 500, internalError().body);
      case "garbage":
        res.writeHead(200, { "content-type": "application/json" });
        res.end('[{".id":"*1","name":"ether1","rx-byte":"12\u0001');
        return;
      case "unauthorized":
        return sendJson(res, 401, unauthorized().body, { "www-authenticate": 'Basic realm="RouterOS"' });
      case "latency":
        delayMs = fault.latencyMs ?? 1_000;
        break;
      case "apply-then-hang":
        if (fault.latencyMs === undefined) withhold = true;
        else delayMs = fault.latencyMs;
        break;
      case "late-apply":
        performAfterMs = fault.latencyMs ?? 1_000;
        break;
    }
    let status: number;
    let body: unknown;
    try {
      // A group without `rest-api` cannot log in to the REST API: 401 as for wrong credentials (assumed).
      if (!credentialsOk(req, spec.info) || !spec.info.policies.includes("rest-api")) throw unauthorized();
      const text = await readBody(req);
      if (performAfterMs > 0) await new Promise<void>((resolve) => later(performAfterMs, resolve));
      const state = fleet.state(name);
      if (!state) throw internalError();
      const reply = handleRest(state, { method: req.method ?? "GET", segments, query: url.searchParams, body: parseJsonObject(text) });
      status = reply.status;
      body = reply.body;
      delayMs += reply.delayMs ?? 0;
    } catch (err) {
      const e = err instanceof RestError ? err : internalError();
      status = e.status;
      body = e.body;
    }
    const headers: Record<string, string> = status === 401 ? { "www-authenticate": 'Basic realm="RouterOS"' } : {};
    if (withhold) return;
    if (delayMs > 0) later(delayMs, () => sendJson(res, status, body, headers));
    else sendJson(res, status, body, headers);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sim.invalid");
    let segments: string[];
    try {
      segments = url.pathname
        .split("/")
        .filter((s) => s !== "")
        .map((s) => decodeURIComponent(s));
    } catch {
      return sendJson(res, 400, { error: 400, message: "Bad Request", detail: "bad path" });
    }
    if (segments[0] === "_sim") {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return sendJson(res, 403, { error: 403, message: "Forbidden" });
      readBody(req)
        .then((text) => {
          const body: unknown = text.trim() === "" ? undefined : JSON.parse(text);
          const reply = handleControl(fleet, faults, req.method ?? "GET", segments, body);
          sendJson(res, reply.status, reply.body);
        })
        .catch(() => sendJson(res, 400, { error: 400, message: "Bad Request", detail: "invalid JSON" }));
      return;
    }
    const [router, rest, ...restPath] = segments;
    if (router === undefined || rest !== "rest") return sendJson(res, 404, { error: 404, message: "Not Found" });
    serveRest(req, res, router, restPath, url).catch(() => sendJson(res, 500, internalError().body));
  });
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 18728, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? "127.0.0.1";
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  fleet.setBaseUrl(url);

  return {
    url,
    port,
    routers: fleet.infos(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
