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
 * Reads MAC server settings and `/tool/mac-server/sessions` (natural key src-address + interface;
 * `.id` is not stable across reboots, so it is dropped).
 * @throws RouterOsError from the client.
 */
export async function collectMacServer(client: RouterOsClient): Promise<{ settings: MacServerFacts; sessions: SessionStateRow[] }> {
  const settings = await getMacServerSettings(client);
  const sessions = await listMacServerSessions(client);
  return {
    settings: {
      macTelnetAllowedList: settings.telnetAllowedList,
      macWinboxAllowedList: settings.winboxAllowedList,
      macPingEnabled: settings.pingEnabled,
    },
    sessions: sessions.map((s) => ({ srcAddress: s.srcAddress, interface: s.interface, uptimeSec: Math.round(s.uptimeSec) })),
  };
}
