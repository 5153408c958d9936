import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { requireEnv } from "../env";

const VERSION = "v1";

function keyFrom(base64Key?: string): Buffer {
  const key = Buffer.from(base64Key ?? requireEnv("SECRET_KEY"), "base64");
  if (key.length !== 32) throw new Error("SECRET_KEY must be 32 bytes, base64-encoded");
  return key;
}

/**
 * Seals a secret (router password, MACsec CAK) with AES-256-GCM under SECRET_KEY.
 * Output: `v1.<iv b64>.<tag b64>.<ciphertext b64>` (12-byte random IV, 16-byte tag).
 * @param aad binds the sealed value to its owner (e.g. `device:<id>:password`); the same aad is needed to open it.
 * @throws Error when SECRET_KEY is missing or not 32 bytes.
 */
export function seal(plaintext: string, aad = "", base64Key?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(base64Key), iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(".");
}

/**
 * Opens a value made by `seal`.
 * @throws Error on a wrong key, wrong aad, or a tampered / malformed value.
 */
export function unseal(sealed: string, aad = "", base64Key?: string): string {
  const [version, iv, tag, ct] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error("sealed value is malformed");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(base64Key), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]).toString("utf8");
}

/** Short, non-reversible fingerprint of a secret for display (first 8 hex of SHA-256). */
export function secretFingerprint(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 8);
}

/** A fresh random 32-byte key, base64 (for .env.local). */
export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

/** The aad used for a device's sealed password. */
export function devicePasswordAad(deviceId: string): string {
  return `device:${deviceId}:password`;
}
