import { z } from "zod";
import { macAddress, routerOsBool, routerOsDuration } from "../../validation/routeros";
import type { RouterOsClient } from "../client";
import { id, parseRow, parseRows } from "./parse";

/** MAC server settings: `/tool/mac-server`, `/tool/mac-server/mac-winbox`, `/tool/mac-server/ping`. */
export interface MacServerSettings {
  /** `/tool/mac-server` `allowed-interface-list` (MAC-Telnet): an interface-list name, `all` or `none`. */
  telnetAllowedList: string;
  /** `/tool/mac-server/mac-winbox` `allowed-interface-list`: an interface-list name, `all` or `none`. */
  winboxAllowedList: string;
  /** `/tool/mac-server/ping` `enabled`. */
  pingEnabled: boolean;
}

/** One `/tool/mac-server/sessions` entry (read-only). */
export interface MacServerSession {
  /** `.id` (`*1`); not stable across reboots. */
  id: string;
  /** Interface the session came in on. */
  interface: string;
  /** Client MAC (`src-address`), upper-case colon form. */
  srcAddress: string;
  /** Session age in seconds. */
  uptimeSec: number;
}

const allowedListSchema = z.object({ "allowed-interface-list": z.string().min(1) });
const pingSchema = z.object({ enabled: routerOsBool });
const sessionSchema = z
  .object({ ".id": id, interface: z.string(), "src-address": macAddress, uptime: routerOsDuration })
  .transform((r) => ({ id: r[".id"], interface: r.interface, srcAddress: r["src-address"], uptimeSec: r.uptime }));

/**
 * Reads the three MAC server singletons in parallel (their `print` takes no `.proplist`).
 * Throws RouterOsError subclasses; RouterOsBadResponseError on an unexpected shape.
 */
export async function getMacServerSettings(client: RouterOsClient): Promise<MacServerSettings> {
  const [telnet, winbox, ping] = await Promise.all([
    client.singleton("/tool/mac-server"),
    client.singleton("/tool/mac-server/mac-winbox"),
    client.singleton("/tool/mac-server/ping"),
  ]);
  return {
    telnetAllowedList: parseRow(allowedListSchema, telnet, "/tool/mac-server")["allowed-interface-list"],
    winboxAllowedList: parseRow(allowedListSchema, winbox, "/tool/mac-server/mac-winbox")["allowed-interface-list"],
    pingEnabled: parseRow(pingSchema, ping, "/tool/mac-server/ping").enabled,
  };
}

/** Lists the active MAC-Telnet/MAC-Winbox sessions (`/tool/mac-server/sessions`). */
export async function listMacServerSessions(client: RouterOsClient): Promise<MacServerSession[]> {
  const rows = await client.print("/tool/mac-server/sessions", { proplist: [".id", "interface", "src-address", "uptime"] });
  return parseRows(sessionSchema, rows, "/tool/mac-server/sessions");
}
