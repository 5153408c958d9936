import "server-only";
import type { RouterOsClient } from "../../routeros";
import { listInterfaceCounters } from "../../routeros";
import type { CounterRow, SampledInterfaceType } from "../../metrics/descriptors";

/** `/interface` `running` and `disabled` of one interface, as printed with its counters. */
export type InterfaceLink = { name: string; running: boolean; disabled: boolean };

/**
 * Reads the `/interface` counters (bytes, packets) of the given types in one request (one type:
 * `GET ?type=`; both: `POST print` with `.query ["type=macvlan","type=macsec","#|"]`); no request
 * when `types` is empty.
 * @returns counter rows (`rx-byte`, `tx-byte`, `rx-packet`, `tx-packet`) per requested type (types not requested:
 *   empty), each interface's `running` and `disabled` by type (the poller checks MACVLAN definitions it did not read
 *   this cycle against them) and `readAt`, the UTC time they arrived
 * @throws RouterOsError from the client.
 */
export async function collectInterfaceCounters(
  client: RouterOsClient,
  types: SampledInterfaceType[],
): Promise<{ byType: Record<SampledInterfaceType, CounterRow[]>; links: Record<SampledInterfaceType, InterfaceLink[]>; readAt: Date }> {
  const rows = types.length > 0 ? await listInterfaceCounters(client, types) : [];
  const readAt = new Date();
  const ofType = (type: SampledInterfaceType): CounterRow[] =>
    rows
      .filter((r) => r.type === type)
      .map((r) => ({ name: r.name, counters: { "rx-byte": r.rxByte, "tx-byte": r.txByte, "rx-packet": r.rxPacket, "tx-packet": r.txPacket } }));
  const linksOf = (type: SampledInterfaceType): InterfaceLink[] =>
    rows.filter((r) => r.type === type).map((r) => ({ name: r.name, running: r.running, disabled: r.disabled }));
  return { byType: { macvlan: ofType("macvlan"), macsec: ofType("macsec") }, links: { macvlan: linksOf("macvlan"), macsec: linksOf("macsec") }, readAt };
}
