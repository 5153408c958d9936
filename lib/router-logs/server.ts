import "server-only";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import type { RouterViewResult } from "../devices/router-view-dto";
import type { LogQuery, RouterLogViewDto } from "./dto";
import { readRouterLogView } from "./log-view";

/**
 * The router log's data layer (CODE_STYLE.md "Data layer"): the device Logs tab reads `/log` on demand.
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/permissions.ts)
 */

/** The device's router log filtered by topic and text, newest first, bounded; null for an unknown device. Permission: devices.read. */
export async function readDeviceLog(deviceId: string, q: LogQuery): Promise<RouterViewResult<RouterLogViewDto> | null> {
  await requirePermission("devices.read");
  return readRouterLogView(db, deviceId, q);
}
