import type { RouterOsClient } from "../../routeros/client";
import { listInterfaceCounters } from "../../routeros/menus/interfaces";
import type { InterfaceCounterReading } from "../samples";

/** `/interface` types whose counters the poller turns into traffic samples. */
export type CountedInterfaceType = "macvlan" | "macsec";

/**
 * Reads the `/interface` counters (bytes, packets) of the given types in one request (one type:
 * `GET ?type=`; both: `POST print` with `.query ["type=macvlan","type=macsec","#|"]`); no request
 * when `types` is empty.
 * @returns counters per requested type (types not requested: empty) and `readAt`, the UTC time they arrived
 * @throws RouterOsError from the client.
 */
export async function collectInterfaceCounters(
  client: RouterOsClient,
  types: CountedInterfaceType[],
): Promise<{ byType: Record<CountedInterfaceType, InterfaceCounterReading[]>; readAt: Date }> {
  const rows = types.length > 0 ? await listInterfaceCounters(client, types) : [];
  const readAt = new Date();
  return { byType: { macvlan: rows.filter((r) => r.type === "macvlan"), macsec: rows.filter((r) => r.type === "macsec") }, readAt };
}
