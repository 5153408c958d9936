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

/** `/system/resource` values read on every poll (they change between polls). */
export type SystemResource = Pick<SystemFacts, "version" | "uptimeSec" | "cpuLoad" | "freeMemory" | "totalMemory" | "boardName" | "architecture">;

/** The facts that change rarely: `/system/identity` `name` and the RouterBOARD model and serial number. */
export type SystemIdentity = Pick<SystemFacts, "identity" | "model" | "serialNumber">;

/**
 * Reads `/system/resource` (one GET with its `.proplist`).
 * Throws RouterOsError subclasses from the client; RouterOsBadResponseError when a field is missing or malformed.
 */
export async function getSystemResource(client: RouterOsClient): Promise<SystemResource> {
  const resource = parseRow(resourceSchema, await client.singleton("/system/resource", [...SYSTEM_FACTS_PROPLISTS["/system/resource"]]), "/system/resource");
  return {
    version: resource.version,
    uptimeSec: resource.uptime,
    cpuLoad: resource["cpu-load"],
    freeMemory: resource["free-memory"],
    totalMemory: resource["total-memory"],
    boardName: resource["board-name"],
    architecture: resource["architecture-name"],
  };
}

/**
 * Reads `/system/identity` and `/system/routerboard` (two GETs in parallel with their `.proplist`s).
 * `/system/routerboard` is optional: on a CHR it prints `routerboard: false` (or may fail with an API
 * error) and `model`/`serialNumber` are null.
 * Throws RouterOsError subclasses from the client; RouterOsBadResponseError when the identity has no `name`.
 */
export async function getSystemIdentity(client: RouterOsClient): Promise<SystemIdentity> {
  const [identityRow, board] = await Promise.all([
    client.singleton("/system/identity", [...SYSTEM_FACTS_PROPLISTS["/system/identity"]]),
    getRouterboard(client),
  ]);
  return { identity: parseRow(identitySchema, identityRow, "/system/identity").name, ...board };
}

/**
 * Reads the device facts: {@link getSystemIdentity} and {@link getSystemResource} (three GETs in
 * parallel, each with the `.proplist` of {@link SYSTEM_FACTS_PROPLISTS}).
 * Throws RouterOsError subclasses from the client; RouterOsBadResponseError when identity/resource do
 * not have the expected fields.
 */
export async function getSystemFacts(client: RouterOsClient): Promise<SystemFacts> {
  const [identity, resource] = await Promise.all([getSystemIdentity(client), getSystemResource(client)]);
  return { ...identity, ...resource };
}
