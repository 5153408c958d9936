import "server-only";
import type { RouterOsClient } from "../../routeros";
import { listMacsec, listMacsecStats } from "../../routeros";
import { supportsFeature, type RouterOsVersion } from "../../routeros/version";
import type { MacsecStateRow } from "../../metrics/store";
import type { MacsecCounters } from "../../routeros";

/**
 * Reads `/interface/macsec` rows (lib/routeros leaves `cak` out of the `.proplist`) and, from RouterOS
 * 7.21, `print stats` (IEEE 802.1AE counter names; not requested when there is no MACsec interface).
 * Their `/interface` counters come from {@link collectInterfaceCounters}.
 * @returns rows, stats (undefined before 7.21) and `readAt`, the UTC time the stats arrived.
 * @throws RouterOsError from the client.
 */
export async function collectMacsec(
  client: RouterOsClient,
  version: RouterOsVersion,
): Promise<{ rows: MacsecStateRow[]; stats: { name: string; counters: MacsecCounters }[] | undefined; readAt: Date }> {
  const macsecs = await listMacsec(client);
  const hasStats = supportsFeature(version, "macsecStats");
  const stats = hasStats && macsecs.length > 0 ? await listMacsecStats(client) : hasStats ? [] : undefined;
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
    stats,
    readAt: new Date(),
  };
}
