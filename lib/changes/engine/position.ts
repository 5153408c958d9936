import "server-only";
import type { RouterOsClient, RouterOsRow } from "../../routeros";
import { sameValue } from "../router-objects";
import type { RowSelector } from "../types";

/**
 * Positions in ordered menus (`/ip/firewall/filter`, `/ip/firewall/nat`: rules run in print order,
 * docs/routeros.md). Rows are addressed by `.id` here, which is stable while the router runs: the
 * engine reads them just before a write and uses them within the same application (place-before on
 * add, the row that followed a removed one for its undo). Dynamic rows (added by RouterOS itself) are
 * never used as a position.
 */

async function staticRows(client: RouterOsClient, menu: string, fields: string[]): Promise<RouterOsRow[]> {
  const rows = await client.print(menu, { proplist: [...new Set([".id", "dynamic", ...fields])] });
  return rows.filter((r) => r[".id"] !== undefined && r.dynamic !== "true");
}

/**
 * The `.id` of the first static row of `menu`, in print order, whose fields equal `selector.where`
 * (sameValue); null when none does.
 * @throws RouterOsError when the menu cannot be read
 */
export async function resolveSelector(client: RouterOsClient, menu: string, selector: RowSelector): Promise<string | null> {
  const rows = await staticRows(client, menu, Object.keys(selector.where));
  const found = rows.find((r) => Object.entries(selector.where).every(([k, v]) => sameValue(r[k], v)));
  return found?.[".id"] ?? null;
}

/**
 * The `.id` of the static row printed right after row `id` of `menu`: null when `id` is the last static
 * row; undefined when `id` is not there.
 * @throws RouterOsError when the menu cannot be read
 */
export async function followerOf(client: RouterOsClient, menu: string, id: string): Promise<string | null | undefined> {
  const rows = await staticRows(client, menu, []);
  const index = rows.findIndex((r) => r[".id"] === id);
  if (index < 0) return undefined;
  return rows[index + 1]?.[".id"] ?? null;
}

/** `before *1A` / `last` for steps and differences. */
export function describePosition(next: string | null | undefined): string {
  if (next === undefined) return "missing";
  return next === null ? "last" : `before ${next}`;
}
