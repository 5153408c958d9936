import { devicePasswordAad, unseal } from "../crypto/seal";
import { RouterOsClient, type RouterOsTarget } from "../routeros/client";

/** The Device columns needed to reach a router. */
export interface DeviceConnection {
  id: string;
  apiUrl: string;
  username: string;
  passwordSealed: string;
  tlsFingerprint: string | null;
  caPem: string | null;
}

/** Client settings that are not stored on the device (timeouts in ms, retries of reads, the per-call observer). */
export type RouterClientOptions = Omit<RouterOsTarget, "apiUrl" | "username" | "password" | "tlsFingerprint" | "caPem"> & {
  /** SECRET_KEY override (base64) to open the stored password. */
  secretKey?: string;
};

/**
 * Builds a RouterOS REST client for a Device row: opens the sealed password (AAD `device:<id>:password`)
 * in memory only and passes the device's TLS trust (pinned fingerprint or CA). The caller closes it.
 * @throws Error when the password cannot be unsealed (wrong SECRET_KEY, tampered value); ZodError for an invalid apiUrl/fingerprint
 */
export function routerClientFor(device: DeviceConnection, opts: RouterClientOptions = {}): RouterOsClient {
  const { secretKey, ...settings } = opts;
  const password = unseal(device.passwordSealed, devicePasswordAad(device.id), secretKey);
  return new RouterOsClient({
    ...settings,
    apiUrl: device.apiUrl,
    username: device.username,
    password,
    tlsFingerprint: device.tlsFingerprint,
    caPem: device.caPem,
  });
}

/** The cache key of a device's connection settings: a client must be rebuilt when it changes. */
export function connectionKey(device: DeviceConnection): string {
  return [device.apiUrl, device.username, device.passwordSealed, device.tlsFingerprint ?? "", device.caPem ?? ""].join("\u0000");
}
