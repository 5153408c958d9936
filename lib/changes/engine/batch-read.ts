import "server-only";
import type { RouterOsClient, RouterOsRow } from "../../routeros";
import { AmbiguousObjectError, readRow } from "../router-objects";
import type { ObjectRef } from "../types";
import { refId } from "./refs";

/**
 * Fewest objects of one menu read with one print (below it each object is read alone by readRow, as before): plans that
 * touch a few objects per menu keep their per-object reads; an address plan (`dhcp-lease.import`, up to 5,000 leases)
 * reads its leases once per check instead of once per lease.
 */
export const BATCH_MIN = 8;

/** The key fields every ref of a group has with the same value (e.g. `server=dhcp1` of a server's leases): the print's `where`. */
function commonKey(refs: ObjectRef[]): Record<string, string> {
  const [first, ...rest] = refs;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first.key).filter(([k, v]) => rest.every((r) => r.key[k] === v)));
}

function keyOf(fields: string[], values: Record<string, string | undefined>): string {
  return JSON.stringify(fields.map((f) => values[f] ?? null));
}

/** Rows by their values of `fields`. */
function indexRows(rows: RouterOsRow[], fields: string[]): Map<string, RouterOsRow[]> {
  const index = new Map<string, RouterOsRow[]>();
  for (const row of rows) {
    const key = keyOf(fields, row);
    const same = index.get(key);
    if (same) same.push(row);
    else index.set(key, [row]);
  }
  return index;
}

/**
 * Reads the objects of the menus that have at least BATCH_MIN of `refs` (singletons excluded) with one print per menu
 * (`where` = the key fields they share, `.proplist` = `.id`, every key, field and display field of the group, plus
 * `extra(ref)`), and matches rows to refs as readRow's print does (its `where` keeps the rows whose key fields hold
 * exactly the key's values; more than one match is an AmbiguousObjectError). Returns refId → row (null = absent) for those refs only; the others are not in the map.
 * @throws AmbiguousObjectError, RouterOsError
 */
export async function readManyRows(
  client: RouterOsClient,
  refs: ObjectRef[],
  extra: (ref: ObjectRef) => string[] = () => [],
): Promise<Map<string, RouterOsRow | null>> {
  const byMenu = new Map<string, ObjectRef[]>();
  for (const ref of refs) if (!ref.singleton) byMenu.set(ref.menu, [...(byMenu.get(ref.menu) ?? []), ref]);
  const out = new Map<string, RouterOsRow | null>();
  for (const [menu, group] of byMenu) {
    if (group.length < BATCH_MIN) continue;
    const proplist = new Set([".id"]);
    for (const ref of group) for (const f of [...Object.keys(ref.key), ...ref.fields, ...(ref.displayFields ?? []), ...extra(ref)]) proplist.add(f);
    const rows = await client.print(menu, { where: commonKey(group), proplist: [...proplist] });
    const indexes = new Map<string, Map<string, RouterOsRow[]>>();
    for (const ref of group) {
      const fields = Object.keys(ref.key).sort();
      const index = indexes.get(fields.join(",")) ?? indexRows(rows, fields);
      indexes.set(fields.join(","), index);
      const matching = index.get(keyOf(fields, ref.key)) ?? [];
      if (matching.length > 1) throw new AmbiguousObjectError(ref, matching.length);
      out.set(refId(ref), matching[0] ?? null);
    }
  }
  return out;
}

/**
 * A reader of one object at a time that answers from `batch` (readManyRows) when it holds the ref, else reads it
 * alone (readRow with `extra`).
 */
export function rowReader(client: RouterOsClient, batch: Map<string, RouterOsRow | null>) {
  return (ref: ObjectRef, extra: string[] = []): Promise<RouterOsRow | null> => {
    const id = refId(ref);
    return batch.has(id) ? Promise.resolve(batch.get(id) ?? null) : readRow(client, ref, extra);
  };
}
