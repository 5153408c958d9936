import "server-only";
import type { RouterOsClient } from "../../routeros";
import { getMacServerSettings, listMacServerSessions } from "../../routeros";
import type { SessionStateRow } from "../../metrics/store";

/** `/tool/mac-server` settings as stored on the Device. */
export type MacServerFacts = {
  /** `/tool/mac-server` `allowed-interface-list` (list name, `all` or `none`). */
  macTelnetAllowedList: string | null;
  /** `/tool/mac-server/mac-winbox` `allowed-interface-list`. */
  macWinboxAllowedList: string | null;
  /** `/tool/mac-server/ping` `enabled`. */
  macPingEnabled: boolean | null;
};

/**
 * Reads the three MAC server singletons (`/tool/mac-server`, `/tool/mac-server/mac-winbox`,
 * `/tool/mac-server/ping`): configuration, read on the slow cadence.
 * @throws RouterOsError from the client.
 */
export async function collectMacServerSettings(client: RouterOsClient): Promise<MacServerFacts> {
  const settings = await getMacServerSettings(client);
  return {
    macTelnetAllowedList: settings.telnetAllowedList,
    macWinboxAllowedList: settings.winboxAllowedList,
    macPingEnabled: settings.pingEnabled,
  };
}

/**
 * Reads `/tool/mac-server/sessions` (natural key src-address + interface; `.id` is not stable across
 * reboots, so it is dropped): read on every poll.
 * @throws RouterOsError from the client.
 */
export async function collectMacServerSessions(client: RouterOsClient): Promise<SessionStateRow[]> {
  const sessions = await listMacServerSessions(client);
  return sessions.map((s) => ({ srcAddress: s.srcAddress, interface: s.interface, uptimeSec: Math.round(s.uptimeSec) }));
}
