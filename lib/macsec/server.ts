import "server-only";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import { queryMacsecLinks } from "./link-queries";
import type { MacsecLinkPage, MacsecLinkQuery } from "./link-types";

/**
 * The MACsec links view's data layer (CODE_STYLE.md "Data layer"): reads of what the poller stored, on the app's
 * database (lib/db), readable by the roles that read device pages.
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/permissions.ts)
 */

/** A page of the fleet's MACsec links paired by CKN, both ends side by side (lib/macsec/link-queries.ts). Permission: devices.read. */
export async function listMacsecLinks(query: MacsecLinkQuery): Promise<MacsecLinkPage> {
  await requirePermission("devices.read");
  return queryMacsecLinks(db, query);
}
