import type { TLSSocket } from "node:tls";
import { Agent, buildConnector } from "undici";
import { sha256Fingerprint } from "../validation/routeros";
import { FINGERPRINT_MISMATCH } from "./error-mapping";

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
}

/**
 * Idle keep-alive time. RouterOS logs one login per connection, so connections are reused across
 * requests. RouterOS's own idle timeout for `www`/`www-ssl` is not documented (*unknown*): 15 s is
 * assumed safe, and reads are retried on a reset connection anyway (writes are not).
 */
const KEEP_ALIVE_MS = 15_000;

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
 * Throws a ZodError-derived Error when `tlsFingerprint` is not 64 hex digits.
 */
export function createRouterOsAgent(options: RouterOsAgentOptions): Agent {
  const pin = options.tlsFingerprint ? sha256Fingerprint.parse(options.tlsFingerprint) : null;
  const ca = options.caPem ?? undefined;
  const base = buildConnector({
    timeout: options.connectTimeoutMs,
    maxCachedSessions: 0,
    ...(ca ? { ca } : {}),
    rejectUnauthorized: pin === null || ca !== undefined,
  });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    base(connectOptions, (err, socket) => {
      if (err !== null) return callback(err, null);
      if (pin === null || connectOptions.protocol !== "https:") return callback(null, socket);
      const actual = peerFingerprint(socket as TLSSocket);
      if (actual === pin) return callback(null, socket);
      socket.destroy();
      const mismatch = new Error(`the router's certificate fingerprint ${actual ?? "(none)"} does not match the pinned ${pin}`);
      callback(Object.assign(mismatch, { code: FINGERPRINT_MISMATCH }), null);
    });
  };
  return new Agent({
    connect,
    connections: options.connections ?? 1,
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    maxResponseSize: MAX_RESPONSE_BYTES,
  });
}

/** SHA-256 fingerprint of the TLS peer's leaf certificate as 64 lower-case hex digits, or null. */
function peerFingerprint(socket: TLSSocket): string | null {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.fingerprint256) return null;
  return cert.fingerprint256.replace(/:/g, "").toLowerCase();
}
