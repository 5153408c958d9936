import "server-only";
import type { RouterOsClient } from "../../routeros";
import { getSystemFacts } from "../../routeros";
import type { RouterOsVersion } from "../../routeros/version";

/** Device columns filled from `/system/identity`, `/system/resource` and `/system/routerboard`. */
export type DeviceFacts = {
  identity: string;
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
  /** Null on CHR (no RouterBOARD). */
  model: string | null;
  serialNumber: string | null;
};

/**
 * Reads the router's facts (three GETs with `.proplist`, made by lib/routeros `getSystemFacts`).
 * Returns the parsed version too, for feature gates.
 * @throws RouterOsError from the client (a failure here fails the whole poll cycle).
 */
export async function collectFacts(client: RouterOsClient): Promise<{ facts: DeviceFacts; version: RouterOsVersion }> {
  const f = await getSystemFacts(client);
  return {
    version: f.version,
    facts: {
      identity: f.identity,
      version: f.version.raw,
      uptimeSec: Math.round(f.uptimeSec),
      cpuLoad: f.cpuLoad,
      freeMemory: f.freeMemory,
      totalMemory: f.totalMemory,
      boardName: f.boardName,
      architecture: f.architecture,
      model: f.model,
      serialNumber: f.serialNumber,
    },
  };
}
