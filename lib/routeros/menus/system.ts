import { z } from "zod";
import { routerOsCounter, routerOsDuration, routerOsInt } from "../../validation/routeros";
import type { RouterOsClient } from "../client";
import { RouterOsApiError, RouterOsBadResponseError } from "../errors";
import { parseRouterOsVersion, type RouterOsVersion } from "../version";
import { flag, parseRow, text } from "./parse";

/** Device facts from `/system/identity`, `/system/resource` and `/system/routerboard`. */
export interface SystemFacts {
  /** `/system/identity` `name`. */
  identity: string;
  /** `/system/resource` `version`, parsed (`7.23.3 (stable)`). */
  version: RouterOsVersion;
  /** Seconds since boot. */
  uptimeSec: number;
  /** CPU load, percent 0-100. */
  cpuLoad: number;
  /** Bytes. */
  freeMemory: bigint;
  /** Bytes. */
  totalMemory: bigint;
  boardName: string;
  /** `architecture-name` (`arm64`, `x86_64`, ...). */
  architecture: string;
  /** RouterBOARD model, or null on CHR/x86 or when `/system/routerboard` is unavailable. */
  model: string | null;
  /** RouterBOARD serial number, or null as for `model`. */
  serialNumber: string | null;
}

/** `.proplist` of each facts read (fields per docs/routeros.md "device facts"); keeps the replies small. */
const SYSTEM_FACTS_PROPLISTS = {
  "/system/identity": ["name"],
  "/system/resource": ["version", "uptime", "cpu-load", "free-memory", "total-memory", "board-name", "architecture-name"],
  "/system/routerboard": ["routerboard", "model", "serial-number"],
} as const satisfies Record<string, readonly string[]>;

const identitySchema = z.object({ name: z.string() });

const resourceSchema = z.object({
  version: z.string().transform((v, ctx) => {
    try {
      return parseRouterOsVersion(v);
    } catch {
      ctx.addIssue({ code: "custom", message: "not a RouterOS version" });
      return z.NEVER;
    }
  }),
  uptime: routerOsDuration,
  "cpu-load": routerOsInt,
  "free-memory": routerOsCounter,
  "total-memory": routerOsCounter,
  "board-name": z.string(),
  "architecture-name": z.string(),
});

const routerboardSchema = z.object({
  routerboard: flag,
  model: text,
  "serial-number": text,
});

async function getRouterboard(client: RouterOsClient): Promise<{ model: string | null; serialNumber: string | null }> {
  try {
    const row = parseRow(
      routerboardSchema,
      await client.singleton("/system/routerboard", [...SYSTEM_FACTS_PROPLISTS["/system/routerboard"]]),
      "/system/routerboard",
    );
    if (!row.routerboard) return { model: null, serialNumber: null };
    return { model: row.model, serialNumber: row["serial-number"] };
  } catch (err) {
    if (err instanceof RouterOsApiError && err.kind === "api") return { model: null, serialNumber: null };
    if (err instanceof RouterOsBadResponseError) return { model: null, serialNumber: null };
    throw err;
  }
}

/**
 * Reads the device facts (three GETs in parallel, each with the `.proplist` of
 * {@link SYSTEM_FACTS_PROPLISTS}). `/system/routerboard` is optional: on a CHR it prints
 * `routerboard: false` (or may fail with an API error) and `model`/`serialNumber` are null.
 * Throws RouterOsError subclasses from the client; RouterOsBadResponseError when identity/resource do
 * not have the expected fields.
 */
export async function getSystemFacts(client: RouterOsClient): Promise<SystemFacts> {
  const [identityRow, resourceRow, board] = await Promise.all([
    client.singleton("/system/identity", [...SYSTEM_FACTS_PROPLISTS["/system/identity"]]),
    client.singleton("/system/resource", [...SYSTEM_FACTS_PROPLISTS["/system/resource"]]),
    getRouterboard(client),
  ]);
  const identity = parseRow(identitySchema, identityRow, "/system/identity");
  const resource = parseRow(resourceSchema, resourceRow, "/system/resource");
  return {
    identity: identity.name,
    version: resource.version,
    uptimeSec: resource.uptime,
    cpuLoad: resource["cpu-load"],
    freeMemory: resource["free-memory"],
    totalMemory: resource["total-memory"],
    boardName: resource["board-name"],
    architecture: resource["architecture-name"],
    model: board.model,
    serialNumber: board.serialNumber,
  };
}
