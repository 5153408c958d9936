import type { RouterOsClient } from "../../routeros/client";
import { listInterfaceCounters } from "../../routeros/menus/interfaces";
import { listMacvlans } from "../../routeros/menus/macvlan";
import { supportsFeature, type RouterOsVersion } from "../../routeros/version";
import type { MacvlanStateRow } from "../../metrics/store";
import type { InterfaceCounterReading } from "../samples";

/**
 * Reads `/interface/macvlan` rows and their `/interface` counters (`type=macvlan`, `.proplist`).
 * RouterOS before 7.12 has no MACVLAN: returns empty lists without a request.
 * @returns rows (current state), counters (bytes/packets) and `readAt`, the UTC time the counters arrived.
 * @throws RouterOsError from the client.
 */
export async function collectMacvlans(
  client: RouterOsClient,
  version: RouterOsVersion,
): Promise<{ rows: MacvlanStateRow[]; counters: InterfaceCounterReading[]; readAt: Date }> {
  if (!supportsFeature(version, "macvlan")) return { rows: [], counters: [], readAt: new Date() };
  const macvlans = await listMacvlans(client);
  const counters = await listInterfaceCounters(client, "macvlan");
  const readAt = new Date();
  return {
    rows: macvlans.map((m) => ({
      name: m.name,
      parent: m.parent,
      macAddress: m.macAddress,
      mode: m.mode,
      mtu: m.mtu,
      running: m.running,
      disabled: m.disabled,
      comment: m.comment,
    })),
    counters,
    readAt,
  };
}
