import { X509Certificate } from "node:crypto";
import { z } from "zod";
import { entityId } from "../validation/ids";
import { apiBaseUrl, sha256Fingerprint } from "../validation/routeros";
import { safeName } from "../validation/text";

/**
 * Zod schemas for the device forms (create, edit, delete, test connection). Shared by the server
 * actions (app/(dashboard)/devices/actions.ts) and the device service. Every object is strict: an
 * unexpected field is refused, never silently stored. Form values arrive as strings (FormData);
 * empty optional fields become null. Names, sites and usernames are refused (not cleaned) when they hold
 * control characters, bidi controls or surrounding spaces (lib/validation/text.ts). Server-only (node:crypto).
 */

/** Blank → null; otherwise the trimmed value passed through `inner`. */
function optional<T extends z.ZodType<unknown, string>>(inner: T) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v))
    .pipe(z.union([z.null(), inner]));
}

/** Tag: 1-32 characters of letters, digits and `-_.:/`; compared case-insensitively (stored lower-case). */
const TAG_RE = /^[a-z0-9][a-z0-9_\-.:/]{0,31}$/;

/** Comma- (or newline-) separated tags → sorted, de-duplicated, lower-case list (at most 20). */
const deviceTags = z
  .string()
  .optional()
  .transform((v) =>
    [
      ...new Set(
        (v ?? "")
          .split(/[,\n]/)
          .map((t) => t.trim().toLowerCase())
          .filter((t) => t !== ""),
      ),
    ].sort(),
  )
  .pipe(z.array(z.string().regex(TAG_RE, "tags are 1-32 letters, digits or - _ . : / (comma separated)")).max(20, "at most 20 tags"));

/** Certificates accepted in one CA field (a chain or a few router certificates). */
const MAX_CA_CERTIFICATES = 16;

const PEM_BLOCK = /-----BEGIN ([^\r\n-]+)-----([^-]*)-----END ([^\r\n-]+)-----/g;

/**
 * Parses the CA field: one or more `CERTIFICATE` PEM blocks, each strict base64 of exactly one X.509 certificate
 * (node:crypto X509Certificate; no bytes after it). Text around the blocks (e.g. `subject=` lines of `openssl
 * s_client -showcerts`) is dropped. Returns the certificates' own PEM, re-encoded, or a message.
 */
function parseCaCertificates(text: string): { pem: string } | { error: string } {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) return { error: "this holds a private key: paste the CA certificate only, never a key" };
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) return { error: "CA must be a PEM certificate (-----BEGIN CERTIFICATE-----)" };
  if (blocks.length > MAX_CA_CERTIFICATES) return { error: `CA holds at most ${MAX_CA_CERTIFICATES} certificates` };
  const pems: string[] = [];
  for (const [, begin, body, end] of blocks) {
    if (begin !== "CERTIFICATE" || end !== begin || body === undefined) return { error: `only CERTIFICATE blocks are accepted (found ${begin})` };
    const base64 = body.replace(/\s+/g, "");
    const der = Buffer.from(base64, "base64");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || der.toString("base64") !== base64) return { error: "a certificate block is not valid base64" };
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der);
    } catch {
      return { error: "a certificate block is not an X.509 certificate" };
    }
    if (cert.raw.length !== der.length) return { error: "a certificate block holds bytes after the certificate" };
    pems.push(cert.toString());
  }
  return { pem: pems.join("") };
}

/**
 * PEM certificate(s) of a per-device CA (or the router's self-signed certificate), at most 64 KiB: parsed as X.509
 * and stored as the parsed certificates' PEM only (parseCaCertificates).
 */
const caPemText = z
  .string()
  .max(65_536, "CA PEM is at most 64 KiB")
  .transform((text, ctx) => {
    const parsed = parseCaCertificates(text);
    if ("error" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }
    return parsed.pem;
  });

/** Checkbox value: "on"/"true" (or true) → true; absent, "false" or "off" → false. */
const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

/**
 * Poll interval override in seconds (5-3600), decimal digits only (`0x10`, `1e2`, `+30`, `30.0` are refused);
 * blank = the poller's default (POLL_INTERVAL_SEC).
 */
const pollIntervalSec = optional(
  z
    .string()
    .regex(/^\d{1,5}$/, "poll interval must be a whole number of seconds (digits only)")
    .transform(Number)
    .pipe(z.number().min(5, "at least 5 s").max(3600, "at most 3600 s")),
);

/** RouterOS user the NOC logs in as (names and passwords travel in HTTP Basic auth: no colon in the name). */
const routerUsername = safeName("username", 64).refine((v) => !v.includes(":"), "username may not contain a colon (HTTP Basic auth)");

const baseFields = {
  name: safeName("name", 64),
  site: safeName("site", 64),
  apiUrl: z.string().trim().pipe(apiBaseUrl),
  username: routerUsername,
  tlsFingerprint: optional(sha256Fingerprint),
  caPem: optional(caPemText),
  tags: deviceTags,
  pollIntervalSec,
  enabled: checkbox,
};

/** Create form: every field; the router password is required. */
export const createDeviceSchema = z.strictObject({
  ...baseFields,
  password: z.string().min(1, "password is required").max(256, "password is at most 256 characters"),
});
export type CreateDeviceInput = z.output<typeof createDeviceSchema>;

/** Edit form: the device `id` plus every field; a blank password keeps the stored one. */
export const updateDeviceSchema = z.strictObject({
  id: entityId,
  ...baseFields,
  password: z
    .string()
    .max(256, "password is at most 256 characters")
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v)),
});
export type UpdateDeviceInput = z.output<typeof updateDeviceSchema>;

/** Delete: the device id and its name typed again as a confirmation. */
export const deleteDeviceSchema = z.strictObject({
  id: entityId,
  confirmName: z.string().trim().min(1, "type the device name to confirm"),
});
export type DeleteDeviceInput = z.output<typeof deleteDeviceSchema>;

/**
 * Test connection: the connection fields of the form. `deviceId` + blank password = use the stored
 * (sealed) password of that device.
 */
export const testConnectionSchema = z.strictObject({
  deviceId: optional(entityId),
  apiUrl: z.string().trim().pipe(apiBaseUrl),
  username: routerUsername,
  password: z
    .string()
    .max(256)
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v)),
  tlsFingerprint: optional(sha256Fingerprint),
  caPem: optional(caPemText),
});
export type TestConnectionInput = z.output<typeof testConnectionSchema>;
