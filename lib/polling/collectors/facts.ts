import "server-only";
import type { RouterOsClient } from "../../routeros";
import { getSystemIdentity, getSystemResource } from "../../routeros";
import type { RouterOsVersion } from "../../routeros/version";

/** Device columns filled from `/system/resource`, read on every poll (load, memory and uptime change between polls). */
export type ResourceFacts = {
  /** `/system/resource` `version` as printed, e.g. `7.23.3 (stable)`. */
  version: string;
  uptimeSec: number;
  /** Percent (0-100). */
  cpuLoad: number;
  /** Bytes. */
  freeMemory: bigint;
  /** Bytes. */
  totalMemory: bigint;
  boardName: string | null;
  architecture: string | null;
};

/** Device columns filled from `/system/identity` and `/system/routerboard`: they change rarely, so they are read on the slow cadence. */
export type IdentityFacts = {
  identity: string;
  /** Null on CHR (no RouterBOARD). */
  model: string | null;
  serialNumber: string | null;
};

/** Every fact column of the Device. */
export type DeviceFacts = ResourceFacts & IdentityFacts;

/**
 * Reads `/system/resource` (one GET with `.proplist`, lib/routeros `getSystemResource`). Returns the
 * parsed version too, for feature gates.
 * @throws RouterOsError from the client (a failure here fails the whole poll cycle).
 */
export async function collectResource(client: RouterOsClient): Promise<{ facts: ResourceFacts; version: RouterOsVersion }> {
  const r = await getSystemResource(client);
  return {
    version: r.version,
    facts: {
      version: r.version.raw,
      uptimeSec: Math.round(r.uptimeSec),
      cpuLoad: r.cpuLoad,
      freeMemory: r.freeMemory,
      totalMemory: r.totalMemory,
      boardName: r.boardName,
      architecture: r.architecture,
    },
  };
}

/**
 * Reads `/system/identity` and `/system/routerboard` (two GETs with `.proplist`, lib/routeros `getSystemIdentity`).
 * @throws RouterOsError from the client (a failure here fails the whole poll cycle).
 */
export async function collectIdentity(client: RouterOsClient): Promise<IdentityFacts> {
  const r = await getSystemIdentity(client);
  return { identity: r.identity, model: r.model, serialNumber: r.serialNumber };
}
