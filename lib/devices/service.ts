import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "../db-client";
import { isUniqueViolation } from "../db-errors";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import { writeTransaction, type Tx } from "../db-transaction";
import { devicePasswordAad, seal, unseal } from "../crypto/seal";
import { DeviceServiceError } from "./errors";
import { queryDeviceEditView, type DeviceEditView } from "./queries";
import { checkApiUrlAllowed } from "./router-networks";
import type { CreateDeviceInput, DeleteDeviceInput, UpdateDeviceInput } from "./schema";

/**
 * The device service: create / update / delete routers in the inventory (table Device), each write
 * committed together with its audit event (`device.create`, `device.update`, `device.delete`) whose before/after
 * never contain the password (only whether it changed). The router password is sealed with
 * AES-256-GCM bound to the device id (`seal(pw, devicePasswordAad(id))`). Sites are found by name
 * and created when missing. Authorization is the caller's job (server actions check
 * `devices.manage`); this module is plain logic over a Prisma client so it can be tested on SQLite.
 * The API URL's host must resolve into the allowed router networks (lib/devices/router-networks.ts) when a device
 * is saved; the RouterOS client checks it again at every connection.
 */

/** What the audit log records about a device (no secrets; the CA PEM only as "present or not"). */
export interface DeviceAuditView {
  name: string;
  site: string;
  apiUrl: string;
  username: string;
  tlsFingerprint: string | null;
  hasCaPem: boolean;
  tags: string[];
  pollIntervalSec: number | null;
  enabled: boolean;
}

function auditView(d: DeviceEditView): DeviceAuditView {
  return {
    name: d.name,
    site: d.site,
    apiUrl: d.apiUrl,
    username: d.username,
    tlsFingerprint: d.tlsFingerprint,
    hasCaPem: d.caPem !== null,
    tags: d.tags,
    pollIntervalSec: d.pollIntervalSec,
    enabled: d.enabled,
  };
}

async function readAuditView(db: Db | Tx, id: string): Promise<DeviceAuditView | null> {
  const d = await queryDeviceEditView(db, id);
  return d ? auditView(d) : null;
}

function duplicateName(name: string): DeviceServiceError {
  return new DeviceServiceError(`A device named "${name}" already exists.`, { name: ["this name is already used by another device"] });
}

async function siteIdFor(db: Tx, name: string): Promise<string> {
  const site = await db.site.upsert({ where: { name }, create: { name }, update: {}, select: { id: true } });
  return site.id;
}

/**
 * Adds a router to the inventory. The poller picks it up at once (`nextPollAt` = now); its status
 * stays `unknown` until the first poll.
 * @returns the new device's id (a random UUID) and name
 * @throws DeviceServiceError when the name is already used (fieldErrors.name) or the API URL's host is not allowed
 *   (fieldErrors.apiUrl, with the reason: outside the router networks, never allowed, the app itself, no address)
 * @throws Error when SECRET_KEY is missing (the password cannot be sealed)
 */
export async function createDevice(db: Db, actor: AuditActor | null, input: CreateDeviceInput): Promise<{ id: string; name: string }> {
  const id = randomUUID();
  const existing = await db.device.findUnique({ where: { name: input.name }, select: { id: true } });
  if (existing) throw duplicateName(input.name);
  await checkApiUrlAllowed(db, input.apiUrl);
  const passwordSealed = seal(input.password, devicePasswordAad(id));
  try {
    await writeTransaction(db, async (tx) => {
      const siteId = await siteIdFor(tx, input.site);
      await tx.device.create({
        data: {
          id,
          name: input.name,
          siteId,
          apiUrl: input.apiUrl,
          username: input.username,
          passwordSealed,
          tlsFingerprint: input.tlsFingerprint,
          caPem: input.caPem,
          pollIntervalSec: input.pollIntervalSec,
          enabled: input.enabled,
          nextPollAt: new Date(),
          tags: { create: input.tags.map((tag) => ({ tag })) },
        },
      });
      await appendAuditEventInTx(tx, actor, { action: "device.create", entityType: "device", entityId: id, after: await readAuditView(tx, id) });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName(input.name);
    throw err;
  }
  return { id, name: input.name };
}

/** The settings a stored password is bound to: it is only ever sent to this exact target. */
export interface ConnectionTarget {
  apiUrl: string;
  username: string;
  tlsFingerprint: string | null;
  caPem: string | null;
}

/** Message (and password field error) when the stored password may not be reused for a changed target. */
export const PASSWORD_AGAIN_MESSAGE = "Enter the password again: the connection settings changed";

function sameTarget(a: ConnectionTarget, b: ConnectionTarget): boolean {
  return a.apiUrl === b.apiUrl && a.username === b.username && a.tlsFingerprint === b.tlsFingerprint && a.caPem === b.caPem;
}

function passwordAgain(): DeviceServiceError {
  return new DeviceServiceError(PASSWORD_AGAIN_MESSAGE, { password: [PASSWORD_AGAIN_MESSAGE] });
}

/**
 * Updates a router's inventory entry. A null `password` keeps the stored one, but only when the
 * connection target (API URL, username, TLS fingerprint, CA PEM) is unchanged: the stored password is
 * never re-bound to another host or trust setting without the admin typing it again. When the
 * connection settings change the device is due for a poll at once. Tags are replaced by `input.tags`.
 * The API URL is checked against the router networks unless the device is saved disabled with its URL unchanged
 * (so a device whose network was removed can still be disabled, renamed or re-tagged).
 * @returns the device's id and (possibly new) name
 * @throws DeviceServiceError when the device does not exist, the new name is taken (fieldErrors.name),
 *   the target changed with a blank password (fieldErrors.password, PASSWORD_AGAIN_MESSAGE) or the API URL's host
 *   is not allowed (fieldErrors.apiUrl)
 */
export async function updateDevice(db: Db, actor: AuditActor | null, input: UpdateDeviceInput): Promise<{ id: string; name: string }> {
  const current = await queryDeviceEditView(db, input.id);
  if (!current) throw new DeviceServiceError("This device no longer exists.");
  const before = auditView(current);
  const targetKept = sameTarget(current, input);
  if (input.password === null && !targetKept) throw passwordAgain();
  const clash = await db.device.findFirst({ where: { name: input.name, NOT: { id: input.id } }, select: { id: true } });
  if (clash) throw duplicateName(input.name);
  if (input.enabled || input.apiUrl !== current.apiUrl) await checkApiUrlAllowed(db, input.apiUrl);
  const caChanged = current.caPem !== input.caPem;
  const connectionChanged = !targetKept || input.password !== null || (input.enabled && !current.enabled);
  try {
    await writeTransaction(db, async (tx) => {
      const siteId = await siteIdFor(tx, input.site);
      await tx.deviceTag.deleteMany({ where: { deviceId: input.id } });
      await tx.device.update({
        where: { id: input.id },
        data: {
          name: input.name,
          siteId,
          apiUrl: input.apiUrl,
          username: input.username,
          ...(input.password !== null ? { passwordSealed: seal(input.password, devicePasswordAad(input.id)) } : {}),
          tlsFingerprint: input.tlsFingerprint,
          caPem: input.caPem,
          pollIntervalSec: input.pollIntervalSec,
          enabled: input.enabled,
          ...(connectionChanged ? { nextPollAt: new Date() } : {}),
          tags: { create: input.tags.map((tag) => ({ tag })) },
        },
      });
      const after = await readAuditView(tx, input.id);
      await appendAuditEventInTx(tx, actor, {
        action: "device.update",
        entityType: "device",
        entityId: input.id,
        before,
        after: after ? { ...after, credentialChanged: input.password !== null, caChanged } : null,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName(input.name);
    throw err;
  }
  return { id: input.id, name: input.name };
}

/**
 * Removes a router from the inventory with all its polled rows and samples (cascade). The audit
 * log keeps the event (with the device as it was).
 * @throws DeviceServiceError when the device does not exist or `confirmName` is not its exact name
 */
export async function deleteDevice(db: Db, actor: AuditActor | null, input: DeleteDeviceInput): Promise<{ id: string; name: string }> {
  const before = await readAuditView(db, input.id);
  if (!before) throw new DeviceServiceError("This device no longer exists.");
  if (input.confirmName !== before.name) {
    throw new DeviceServiceError("The name you typed does not match.", { confirmName: [`type "${before.name}" exactly to confirm`] });
  }
  await writeTransaction(db, async (tx) => {
    await tx.device.delete({ where: { id: input.id } });
    await appendAuditEventInTx(tx, actor, { action: "device.delete", entityType: "device", entityId: input.id, before });
  });
  return { id: input.id, name: before.name };
}

/**
 * The stored router password of device `id`, unsealed, for a connection test with a blank password
 * field: only when `target` (API URL, username, TLS fingerprint, CA PEM) equals the stored settings, so
 * the password cannot be sent to a host or trust setting the admin just typed. Never send it to a browser.
 * @throws DeviceServiceError when the device does not exist, or the target differs (fieldErrors.password)
 * @throws Error when SECRET_KEY is wrong or the sealed value was tampered with
 */
export async function storedPasswordFor(db: Db, id: string, target: ConnectionTarget): Promise<string> {
  const d = await db.device.findUnique({
    where: { id },
    select: { apiUrl: true, username: true, tlsFingerprint: true, caPem: true, passwordSealed: true },
  });
  if (!d) throw new DeviceServiceError("This device no longer exists.");
  if (!sameTarget(d, target)) throw passwordAgain();
  return unseal(d.passwordSealed, devicePasswordAad(id));
}
