import type { RouterOsClient } from "../../routeros/client";
import { listInterfaceCounters } from "../../routeros/menus/interfaces";
import { listMacsec, listMacsecStats } from "../../routeros/menus/macsec";
import { supportsFeature, type RouterOsVersion } from "../../routeros/version";
import type { MacsecStateRow } from "../../metrics/store";
import type { InterfaceCounterReading, MacsecCounterReading } from "../samples";

/**
 * Reads `/interface/macsec` rows (lib/routeros leaves `cak` out of the `.proplist`), their `/interface`
 * counters (`type=macsec`) and, from RouterOS 7.21, `print stats` (IEEE 802.1AE counter names).
 * @returns rows, counters (bytes/packets), stats (undefined before 7.21) and `readAt` (UTC).
 * @throws RouterOsError from the client.
 */
export async function collectMacsec(
  client: RouterOsClient,
  version: RouterOsVersion,
): Promise<{ rows: MacsecStateRow[]; counters: InterfaceCounterReading[]; stats: MacsecCounterReading[] | undefined; readAt: Date }> {
  const macsecs = await listMacsec(client);
  if (macsecs.length === 0) return { rows: [], counters: [], stats: supportsFeature(version, "macsecStats") ? [] : undefined, readAt: new Date() };
  const counters = await listInterfaceCounters(client, "macsec");
  const stats = supportsFeature(version, "macsecStats") ? await listMacsecStats(client) : undefined;
  const readAt = new Date();
  return {
    rows: macsecs.map((m) => ({
      name: m.name,
      parent: m.parent,
      ckn: m.ckn,
      profile: m.profile,
      status: m.status,
      mtu: m.mtu,
      running: m.running,
      disabled: m.disabled,
      comment: m.comment,
    })),
    counters,
    stats,
    readAt,
  };
}
