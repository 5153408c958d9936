import "server-only";
import type { Db } from "../db-client";
import { MACSEC_SECURED_STATUS } from "../status/definitions";
import type { MacsecFarEndDto } from "./link-types";

/** The far end of an interface whose CKN no other interface of the fleet has. */
export const FAR_END_MISSING: MacsecFarEndDto = { kind: "far-end-missing" };

/** A MacsecInterface of another end sharing the CKN of the device's interface `local` (booleans 0/1 on SQLite). */
type FarRow = { local: string; deviceId: string; router: string; name: string; status: string | null; deviceStatus: string; deviceEnabled: boolean | number };

/**
 * The far end of each `/interface/macsec` interface of device `deviceId`, paired as the MACsec links view pairs them
 * (lib/macsec/link-queries.ts: the fleet's interfaces with the same CKN, ignoring case): by interface name, `pair` (the
 * other end's router, interface and status; `secured` = open-encrypted on an enabled device that is up),
 * or `conflict` (the CKN is on more than two interfaces). An interface with no other end (or no CKN) is absent: its far
 * end is not in the inventory ({@link FAR_END_MISSING}). One statement.
 */
export async function selectMacsecFarEnds(db: Db, deviceId: string): Promise<Map<string, MacsecFarEndDto>> {
  const far = await db.$queryRaw<FarRow[]>`
      SELECT m."name" AS "local", o."deviceId", d."name" AS "router", o."name", o."status", d."status" AS "deviceStatus", d."enabled" AS "deviceEnabled"
      FROM "MacsecInterface" m CROSS JOIN "MacsecInterface" o CROSS JOIN "Device" d
      WHERE m."deviceId" = ${deviceId} AND m."ckn" IS NOT NULL AND LOWER(o."ckn") = LOWER(m."ckn")
        AND NOT (o."deviceId" = m."deviceId" AND o."name" = m."name") AND d."id" = o."deviceId"
      ORDER BY m."name", d."name", o."name"`;
  const others = new Map<string, FarRow[]>();
  for (const r of far) others.set(r.local, [...(others.get(r.local) ?? []), r]);
  const result = new Map<string, MacsecFarEndDto>();
  for (const [name, ends] of others) {
    const [only] = ends;
    if (ends.length > 1) result.set(name, { kind: "conflict", interfaces: ends.length + 1 });
    else if (only)
      result.set(name, {
        kind: "pair",
        deviceId: only.deviceId,
        router: only.router,
        name: only.name,
        status: only.status,
        secured: only.status === MACSEC_SECURED_STATUS && Boolean(only.deviceEnabled) && only.deviceStatus === "up",
      });
  }
  return result;
}
