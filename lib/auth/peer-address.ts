import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";

// No `import "server-only"`: instrumentation.ts imports this module, and instrumentation is not compiled with
// the react-server condition that makes "server-only" importable. It is still server code (node:* modules).

/**
 * Request header through which the TCP peer address reaches route handlers, server actions and next-auth.
 * Next.js 16 gives them no socket: its node server only fills `x-forwarded-for` from the socket when the
 * client sent none (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`, next/dist/server/base-server.js),
 * so a client-sent `x-forwarded-for` reaches the app verbatim and the socket address is lost.
 */
export const PEER_ADDRESS_HEADER = "x-noc-peer-address";

interface PeerCaptureState {
  /** Random per process; proves that the header was written by the capture hook, not by the client. */
  token: string;
  installed: boolean;
}

// On globalThis: Next bundles instrumentation.ts and the route handlers separately, so module state is not shared.
const STATE_KEY = Symbol.for("routeros-noc.peer-address-capture");
const globalState = globalThis as unknown as Record<symbol, PeerCaptureState | undefined>;

function state(): PeerCaptureState {
  let s = globalState[STATE_KEY];
  if (!s) {
    s = { token: randomBytes(18).toString("base64url"), installed: false };
    globalState[STATE_KEY] = s;
  }
  return s;
}

interface RequestStartMessage {
  request: IncomingMessage;
  socket: Socket;
}

/**
 * Installs (once per process) a subscriber on Node's `http.server.request.start` diagnostics channel, which
 * Node publishes for every request of every `http.Server` before its `request` listeners (Next's) run. It
 * overwrites PEER_ADDRESS_HEADER with `<process token> <socket.remoteAddress>`, so whatever a client sends
 * in that header is replaced. Call it from instrumentation.ts `register()` (Node.js runtime only). Requests
 * that arrived before it ran (while the server was starting) keep a header without the token: they count as
 * "peer unknown", never as a client-chosen address.
 */
export function capturePeerAddresses(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as RequestStartMessage;
    request.headers[PEER_ADDRESS_HEADER] = `${s.token} ${socket.remoteAddress ?? ""}`;
  });
}

/**
 * The TCP peer address written by capturePeerAddresses, from the value of PEER_ADDRESS_HEADER; null when the
 * header is missing, was not written by this process's hook, or the socket had no address. Not validated as
 * an IP here (see normalizeIp in ./ip-networks.ts).
 */
export function peerAddressFromHeader(value: string | undefined): string | null {
  if (value === undefined) return null;
  const prefix = `${state().token} `;
  if (!value.startsWith(prefix)) return null;
  const address = value.slice(prefix.length);
  return address === "" ? null : address;
}
