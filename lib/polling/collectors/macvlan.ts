import "server-only";
import type { RouterOsClient } from "../../routeros";
import { listMacvlans } from "../../routeros";
import { supportsFeature, type RouterOsVersion } from "../../routeros/version";
import type { MacvlanStateRow } from "../../metrics/store";

/**
 * Reads `/interface/macvlan` rows (`.proplist`); their counters come from {@link collectInterfaceCounters}.
 * RouterOS before 7.12 has no MACVLAN: returns an empty list without a request.
 * @throws RouterOsError from the client.
 */
export async function collectMacvlans(client: RouterOsClient, version: RouterOsVersion): Promise<MacvlanStateRow[]> {
  if (!supportsFeature(version, "macvlan")) return [];
  const macvlans = await listMacvlans(client);
  return macvlans.map((m) => ({
    name: m.name,
    parent: m.parent,
    macAddress: m.macAddress,
    mode: m.mode,
    mtu: m.mtu,
    running: m.running,
    disabled: m.disabled,
    comment: m.comment,
  }));
}
