import { z } from "zod";
import { apiBaseUrl, sha256Fingerprint } from "../validation/routeros";

/**
 * Zod schemas for the device forms (create, edit, delete, test connection). Shared by the server
 * actions (app/(dashboard)/devices/actions.ts) and the device service. Every object is strict: an
 * unexpected field is refused, never silently stored. Form values arrive as strings (FormData);
 * empty optional fields become null.
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
    [...new Set((v ?? "").split(/[,\n]/).map((t) => t.trim().toLowerCase()).filter((t) => t !== ""))].sort(),
  )
  .pipe(
    z
      .array(z.string().regex(TAG_RE, "tags are 1-32 letters, digits or - _ . : / (comma separated)"))
      .max(20, "at most 20 tags"),
  );

/** PEM certificate(s) of a per-device CA; must contain a `BEGIN CERTIFICATE` block. At most 64 KiB. */
const caPemText = z
  .string()
  .max(65_536, "CA PEM is at most 64 KiB")
  .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, "CA must be a PEM certificate (-----BEGIN CERTIFICATE-----)");

/** Checkbox value: "on"/"true" (or true) → true; absent, "false" or "off" → false. */
const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

/** Poll interval override in seconds (5-3600); blank = the poller's default (POLL_INTERVAL_SEC). */
const pollIntervalSec = optional(
  z.coerce.number<string>({ error: "poll interval must be a number of seconds" }).int("whole seconds").min(5, "at least 5 s").max(3600, "at most 3600 s"),
);

const baseFields = {
  name: z.string().trim().min(1, "name is required").max(64, "name is at most 64 characters"),
  site: z.string().trim().min(1, "site is required").max(64, "site is at most 64 characters"),
  apiUrl: z.string().trim().pipe(apiBaseUrl),
  username: z.string().trim().min(1, "username is required").max(64, "username is at most 64 characters"),
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
  id: z.string().min(1).max(64),
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
  id: z.string().min(1).max(64),
  confirmName: z.string().trim().min(1, "type the device name to confirm"),
});
export type DeleteDeviceInput = z.output<typeof deleteDeviceSchema>;

/**
 * Test connection: the connection fields of the form. `deviceId` + blank password = use the stored
 * (sealed) password of that device.
 */
export const testConnectionSchema = z.strictObject({
  deviceId: optional(z.string().max(64)),
  apiUrl: z.string().trim().pipe(apiBaseUrl),
  username: z.string().trim().min(1, "username is required").max(64),
  password: z
    .string()
    .max(256)
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v)),
  tlsFingerprint: optional(sha256Fingerprint),
  caPem: optional(caPemText),
});
export type TestConnectionInput = z.output<typeof testConnectionSchema>;
/** The raw values the form sends to test a connection (strings, optional fields may be blank). */
export type TestConnectionFormValues = z.input<typeof testConnectionSchema>;
