import "server-only";
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from "node:dns";
import type { TLSSocket } from "node:tls";
import { Agent, buildConnector } from "undici";
import { RouterAddressDeniedError, type ResolvedAddress } from "../net/router-networks";
import { sha256Fingerprint } from "../validation/routeros";
import { FINGERPRINT_MISMATCH } from "./error-mapping";
import { RouterOsUnreachableError } from "./errors";

/**
 * Vets a connection target before any packet is sent (lib/net/router-networks.ts `vetRouterTarget` bound to the
 * allowed router networks): resolves to the addresses to connect to, or rejects to refuse the connection.
 * `hostname` is the URL's host without brackets; `port` the TCP port (defaults applied).
 */
export type ConnectGuard = (target: { hostname: string; port: number }) => Promise<ResolvedAddress[]>;

/** Connection settings for one router's HTTP agent (all times in milliseconds). */
export interface RouterOsAgentOptions {
  /** TCP + TLS handshake limit. */
  connectTimeoutMs: number;
  /** Upper bound for headers and for gaps between body chunks (the client also enforces a total limit). */
  timeoutMs: number;
  /** PEM CA (or the router's own self-signed certificate) to trust instead of the system store. */
  caPem?: string | null;
  /** Pinned SHA-256 fingerprint of the router's certificate (hex, colons allowed). */
  tlsFingerprint?: string | null;
  /** Parallel keep-alive connections to the router (default 1). */
  connections?: number;
  /**
   * Checked before every new connection (a kept-alive connection was vetted when it was opened). The connection
   * goes only to the addresses it returns; its refusal fails the request with a RouterOsUnreachableError carrying
   * the refusal's neutral message and code. Without a guard the URL's host is connected as is (fixtures and the
   * simulator's own tests; device clients always get one, lib/devices/router-client.ts).
   */
  guard?: ConnectGuard;
}

/**
 * Idle keep-alive time. RouterOS logs one login per connection, so connections are reused across
 * requests. RouterOS's own idle timeout for `www`/`www-ssl` is not documented (*unknown*): 15 s is
 * assumed safe, and reads are retried on a reset connection anyway (writes are not).
 */
const KEEP_ALIVE_MS = 15_000;

/**
 * Requests one kept-alive connection serves before it is closed (gracefully, after the reply) and the next request
 * connects again: so a guard's verdict (the router networks, what the name resolves to) is applied again even to a
 * router polled more often than the keep-alive idle time. A cycle of the poller makes about six requests.
 */
const MAX_REQUESTS_PER_CONNECTION = 100;

/** Largest reply accepted (bytes): a print without `.proplist` on a big router can be tens of MB. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * Builds the undici Agent for one router: keep-alive connections, connect timeout, and TLS trust.
 *
 * TLS trust, per device, never global:
 * - `caPem` only: normal verification against that CA (hostname checked).
 * - `tlsFingerprint` only: chain verification is off *for this agent only*; the peer certificate's
 *   SHA-256 fingerprint must equal the pin, checked right after the handshake and before any byte
 *   (and so before the Basic credentials) is written. A self-signed certificate is accepted only then.
 * - both: CA verification and the pin.
 * - neither: the system CA store.
 * TLS session resumption is disabled so every connection presents (and is checked against) the certificate.
 *
 * With `guard`, every new connection first awaits it (bounded by `connectTimeoutMs`, like the TCP connect) and then
 * connects only to the addresses it vetted (a pinned `lookup`, so DNS cannot answer differently in between); TLS
 * still verifies the certificate against the URL's host name. A connection is reused for at most
 * MAX_REQUESTS_PER_CONNECTION requests (and KEEP_ALIVE_MS idle), so the guard runs again regularly.
 * Throws a ZodError-derived Error when `tlsFingerprint` is not 64 hex digits.
 */
export function createRouterOsAgent(options: RouterOsAgentOptions): Agent {
  const pin = options.tlsFingerprint ? sha256Fingerprint.parse(options.tlsFingerprint) : null;
  const ca = options.caPem ?? undefined;
  const settings = {
    timeout: options.connectTimeoutMs,
    maxCachedSessions: 0,
    ...(ca ? { ca } : {}),
    rejectUnauthorized: pin === null || ca !== undefined,
  };
  const withPinCheck =
    (connector: buildConnector.connector): buildConnector.connector =>
    (connectOptions, callback) => {
      connector(connectOptions, (err, socket) => {
        if (err !== null) return callback(err, null);
        if (pin === null || connectOptions.protocol !== "https:") return callback(null, socket);
        const actual = peerFingerprint(socket as TLSSocket);
        if (actual === pin) return callback(null, socket);
        socket.destroy();
        const mismatch = new Error(`the router's certificate fingerprint ${actual ?? "(none)"} does not match the pinned ${pin}`);
        callback(Object.assign(mismatch, { code: FINGERPRINT_MISMATCH }), null);
      });
    };
  const connect = options.guard
    ? guardedConnect(options.guard, options.connectTimeoutMs, (addresses) => withPinCheck(buildConnector({ ...settings, lookup: pinnedLookup(addresses) })))
    : withPinCheck(buildConnector(settings));
  return new Agent({
    connect,
    connections: options.connections ?? 1,
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS,
    maxRequestsPerClient: MAX_REQUESTS_PER_CONNECTION,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    maxResponseSize: MAX_RESPONSE_BYTES,
  });
}

/**
 * A connector that first awaits `guard` (at most `timeoutMs`: a slow resolver counts as a connect timeout), then
 * connects with `connectTo(addresses)`, the connector pinned to the vetted addresses.
 */
function guardedConnect(
  guard: ConnectGuard,
  timeoutMs: number,
  connectTo: (addresses: ResolvedAddress[]) => buildConnector.connector,
): buildConnector.connector {
  return (connectOptions, callback) => {
    const port = Number(connectOptions.port) || (connectOptions.protocol === "https:" ? 443 : 80);
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      return true;
    };
    const timer = setTimeout(() => {
      if (settle()) callback(Object.assign(new Error("connect timeout while vetting the router's address"), { code: "UND_ERR_CONNECT_TIMEOUT" }), null);
    }, timeoutMs);
    guard({ hostname: connectOptions.hostname, port }).then(
      (addresses) => {
        if (settle()) connectTo(addresses)(connectOptions, callback);
      },
      (err: unknown) => {
        if (settle()) callback(guardError(err), null);
      },
    );
  };
}

/** A guard's refusal as the client error every caller sees (the neutral message); other errors (DNS) as they are. */
function guardError(err: unknown): Error {
  if (err instanceof RouterAddressDeniedError) return new RouterOsUnreachableError(err.message, err.code, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * A node:net `lookup` that answers with the vetted addresses only (both call shapes: `all: true`, used by
 * happy-eyeballs connects, and a single address).
 */
function pinnedLookup(addresses: ResolvedAddress[]) {
  return (
    _hostname: string,
    opts: LookupOneOptions | LookupAllOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const wanted = typeof opts.family === "number" && opts.family !== 0 ? addresses.filter((a) => a.family === opts.family) : addresses;
    const [first] = wanted;
    if (!first) return callback(Object.assign(new Error("no vetted address of the requested family"), { code: "ENOTFOUND" }), "");
    if ("all" in opts && opts.all)
      return callback(
        null,
        wanted.map((a) => ({ address: a.address, family: a.family })),
      );
    callback(null, first.address, first.family);
  };
}

/** SHA-256 fingerprint of the TLS peer's leaf certificate as 64 lower-case hex digits, or null. */
function peerFingerprint(socket: TLSSocket): string | null {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.fingerprint256) return null;
  return cert.fingerprint256.replace(/:/g, "").toLowerCase();
}
