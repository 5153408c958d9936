import "server-only";
import { devicePasswordAad, unseal } from "../crypto/seal";
import type { Db } from "../db-client";
import { RouterOsClient, type RouterOsTarget } from "../routeros";
import { routerConnectGuard } from "./router-networks";

/** The Device columns needed to reach a router. */
export interface DeviceConnection {
  id: string;
  apiUrl: string;
  username: string;
  passwordSealed: string;
  tlsFingerprint: string | null;
  caPem: string | null;
}

/**
 * Client settings that are not stored on the device (timeouts in ms, retries of reads, the per-call observer). The
 * connect guard is not an option: every device client gets the router-network check.
 */
export type RouterClientOptions = Omit<RouterOsTarget, "apiUrl" | "username" | "password" | "tlsFingerprint" | "caPem" | "guard"> & {
  /** SECRET_KEY override (base64) to open the stored password. */
  secretKey?: string;
};

/**
 * Builds a RouterOS REST client for a Device row: opens the sealed password (AAD `device:<id>:password`)
 * in memory only, passes the device's TLS trust (pinned fingerprint or CA) and guards every new connection with the
 * router networks of `db` (lib/devices/router-networks.ts: read at each connect, names resolved, every address
 * checked, the app's own port refused; a refused target fails the request as unreachable with the neutral
 * message, before any packet is sent). The poller, the planner and the change runner all build clients here.
 * The caller closes it.
 * @throws Error when the password cannot be unsealed (wrong SECRET_KEY, tampered value); ZodError for an invalid apiUrl/fingerprint
 */
export function routerClientFor(db: Db, device: DeviceConnection, opts: RouterClientOptions = {}): RouterOsClient {
  const { secretKey, ...settings } = opts;
  const password = unseal(device.passwordSealed, devicePasswordAad(device.id), secretKey);
  return new RouterOsClient({
    ...settings,
    apiUrl: device.apiUrl,
    username: device.username,
    password,
    tlsFingerprint: device.tlsFingerprint,
    caPem: device.caPem,
    guard: routerConnectGuard(db),
  });
}

/** The cache key of a device's connection settings: a client must be rebuilt when it changes. */
export function connectionKey(device: DeviceConnection): string {
  return [device.apiUrl, device.username, device.passwordSealed, device.tlsFingerprint ?? "", device.caPem ?? ""].join("\u0000");
}
