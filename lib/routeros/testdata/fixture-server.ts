import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";

/**
 * A real HTTP(S) server answering fixed RouterOS replies, for tests of reply parsing and of the client's
 * transport (status codes, resets, hangs, keep-alive). Replies are written exactly as RouterOS prints
 * them (strings everywhere, absent false flags, `.id` `*1B`). Unknown paths answer like RouterOS:
 * 400 `no such command or directory`.
 */

/** How the server answers one request. */
export interface FixtureReply {
  status?: number;
  /** Raw body text (so tests can send raw control characters or garbage). */
  body?: string;
  /** Wait before answering (ms). */
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
  /** Destroy the connection without answering. */
  reset?: boolean;
}

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string (`/rest/interface`). */
  path: string;
  query: URLSearchParams;
  /** Raw URL as sent (to check literal commas in `.proplist`). */
  url: string;
  body: string;
  authorization: string | undefined;
}

export type FixtureRoute = FixtureReply | ((req: RecordedRequest) => FixtureReply);

/** A running fixture server. `url` has no trailing slash; `connections` counts accepted TCP connections. */
export interface FixtureServer {
  url: string;
  requests: RecordedRequest[];
  connections: () => number;
  close: () => Promise<void>;
}

/** JSON body helper: RouterOS replies are JSON text. */
export function json(value: unknown, status = 200): FixtureReply {
  return { status, body: JSON.stringify(value) };
}

/**
 * Starts a fixture server on `host` (default 127.0.0.1), HTTPS when `tls` is given; routes are keyed
 * `"<METHOD> <path>"` (`"GET /rest/system/resource"`).
 */
export async function startFixtureServer(
  routes: Record<string, FixtureRoute>,
  tls?: { key: string; cert: string },
  host = "127.0.0.1",
): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fixture");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        url: req.url ?? "/",
        body: Buffer.concat(chunks).toString("utf8"),
        authorization: req.headers.authorization,
      };
      requests.push(recorded);
      const route = routes[`${recorded.method} ${recorded.path}`];
      const reply: FixtureReply = route
        ? typeof route === "function"
          ? route(recorded)
          : route
        : json({ error: 400, message: "Bad Request", detail: `no such command or directory (${recorded.path})` }, 400);
      if (reply.hang) return;
      if (reply.reset) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
        res.end(reply.body ?? "");
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  };
  const server: Server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createHttpServer(handler);
  server.on("connection", (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? "https" : "http"}://${host}:${port}`,
    requests,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
