import "server-only";
import { getEnv } from "../env";
import { ipInNetworks, normalizeIp, type IpNetwork } from "./ip-networks";
import { PEER_ADDRESS_HEADER, peerAddressFromHeader } from "./peer-address";

/** Headers as next-auth's `req.headers` (a plain object) or a Web `Headers`. */
type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/** Longest User-Agent kept (characters); longer values are cut. */
export const MAX_USER_AGENT_LENGTH = 512;

/** Every value of header `name`, joined with ", " as HTTP combines repeated fields; undefined when absent. */
function header(h: HeaderBag, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

/**
 * The client's address, for the audit log and the login throttle. Starts from the TCP peer address
 * (PEER_ADDRESS_HEADER, written by capturePeerAddresses in lib/auth/peer-address.ts). When that peer is one
 * of the trusted proxies (TRUSTED_PROXIES), walks X-Forwarded-For from the right, skipping trusted proxies,
 * and takes the first other hop (the address the nearest trusted proxy saw); a hop that is not a valid IP,
 * or a chain of trusted proxies only, gives the peer address instead. X-Forwarded-For from any other peer,
 * and X-Real-IP, are ignored: a client cannot choose its address.
 * @param trusted networks whose forwarding headers are believed (default: TRUSTED_PROXIES)
 * @returns a canonical IP (lib/auth/ip-networks.ts normalizeIp), or null when the peer is unknown (the hook
 *   is not installed, or the request arrived before it was)
 */
export function clientIpFromHeaders(h: HeaderBag, trusted: readonly IpNetwork[] = getEnv().TRUSTED_PROXIES): string | null {
  const rawPeer = peerAddressFromHeader(header(h, PEER_ADDRESS_HEADER));
  const peer = rawPeer === null ? null : normalizeIp(rawPeer);
  if (peer === null || !ipInNetworks(peer, trusted)) return peer;
  const hops = (header(h, "x-forwarded-for") ?? "").split(",");
  for (const hopText of hops.toReversed()) {
    const hop = normalizeIp(hopText);
    if (hop === null) return peer;
    if (!ipInNetworks(hop, trusted)) return hop;
  }
  return peer;
}

/** The User-Agent header (at most MAX_USER_AGENT_LENGTH characters), or null when absent or blank. */
export function userAgentFromHeaders(h: HeaderBag): string | null {
  const ua = header(h, "user-agent")?.trim();
  return ua ? ua.slice(0, MAX_USER_AGENT_LENGTH) : null;
}
