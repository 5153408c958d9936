import "server-only";
import { z } from "zod";
import { auditActor, requirePermission } from "../auth/session";
import { db } from "../db";
import * as queries from "./queries";
import type { AlertFilter, AlertRow } from "./queries";
import * as service from "./service";
import * as views from "./views";

/**
 * The alerts page's data layer (CODE_STYLE.md "Data layer"): what /alerts, its server actions and the navigation's
 * count call. Server-only, on the app's database (lib/db). Every function checks its permission first
 * (requirePermission: the signed-in user from the session) and writes through lib/alerts/service.ts as that user.
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/permissions.ts)
 */

/** One page of alerts for the filter (lib/alerts/queries.ts). Permission: alerts.read. */
export async function listAlertsPage(filter: AlertFilter): Promise<Awaited<ReturnType<typeof queries.listAlerts>>> {
  await requirePermission("alerts.read");
  return queries.listAlerts(db, queries.alertFilterSchema.parse(filter));
}

/** Sites and rules for the filter selects. Permission: alerts.read. */
export async function getAlertFilterChoices(): Promise<Awaited<ReturnType<typeof queries.alertFilterChoices>>> {
  await requirePermission("alerts.read");
  return queries.alertFilterChoices(db);
}

/** Firing alerts nobody acknowledged (navigation count). Permission: alerts.read. */
export async function countFiringAlerts(): Promise<number> {
  await requirePermission("alerts.read");
  return queries.countUnacknowledgedFiring(db);
}

/** Input of {@link acknowledge}: the alert and a note (required: what is being done). */
export const acknowledgeSchema = z.strictObject({ id: z.string().min(1).max(100), note: z.string().trim().min(1, "Say what is being done").max(500) });

/** Input of {@link silence}: the alert and minutes (0 ends a silence; at most 7 days). */
export const silenceSchema = z.strictObject({ id: z.string().min(1).max(100), minutes: z.coerce.number().int().min(0).max(10_080) });

/** Acknowledges an alert with a note (audited `alert.acknowledge`; stops repeats). Permission: alerts.acknowledge. @throws AlertInputError */
export async function acknowledge(input: z.input<typeof acknowledgeSchema>): Promise<void> {
  const user = await requirePermission("alerts.acknowledge");
  const { id, note } = acknowledgeSchema.parse(input);
  await service.acknowledgeAlert(db, await auditActor(user), id, note);
}

/** Silences an alert for `minutes` (audited `alert.silence`). Permission: alerts.acknowledge. @returns the end of the silence (UTC) or null. @throws AlertInputError */
export async function silence(input: z.input<typeof silenceSchema>): Promise<Date | null> {
  const user = await requirePermission("alerts.acknowledge");
  const { id, minutes } = silenceSchema.parse(input);
  return service.silenceAlert(db, await auditActor(user), id, minutes);
}

export type { AlertFilter, AlertRow };

/**
 * A device's alerts for its Alerts tab: the open ones (firing first, the most severe first) and the most recently
 * resolved, with who acknowledged each (lib/alerts/views.ts queryDeviceAlerts). Permission: alerts.read.
 */
export async function listDeviceAlerts(deviceId: string): Promise<{ open: views.DeviceAlert[]; resolved: views.DeviceAlert[] }> {
  await requirePermission("alerts.read");
  return views.queryDeviceAlerts(db, deviceId);
}

/** Firing alerts of a device (the badge of its Alerts tab). Permission: alerts.read. */
export async function countDeviceFiringAlerts(deviceId: string): Promise<number> {
  await requirePermission("alerts.read");
  return views.countDeviceFiring(db, deviceId);
}
