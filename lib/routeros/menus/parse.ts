import { z } from "zod";
import { routerOsBool, routerOsCounter, routerOsId, routerOsInt } from "../../validation/routeros";
import { RouterOsBadResponseError } from "../errors";
import type { RouterOsRow } from "../rows";

/**
 * Shared zod pieces for menu replies. RouterOS prints every value as a string and leaves false
 * flags out, so flags default to false, texts to null and counters to 0n when absent.
 */

/** `.id` (`*1B`). */
export const id = routerOsId;

/** A flag such as `disabled`, `running`, `dynamic`: `"true"`/`"yes"` → true; absent → false. */
export const flag = routerOsBool.optional().transform((v) => v ?? false);

/** Optional free text (`comment`): absent or empty → null. */
export const text = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? null : v));

/** Integer that RouterOS may leave out (`mtu`, `link-downs`): absent → null. */
export const optionalInt = routerOsInt.optional().transform((v) => v ?? null);

/** 64-bit counter (`rx-byte`): bigint; absent → 0n (*assumed*: RouterOS omits no counter it has). */
export const counter = routerOsCounter.optional().transform((v) => v ?? BigInt(0));

/**
 * Parses every row with `schema`; throws RouterOsBadResponseError naming the menu, row and fields that
 * did not match. The message never contains values (a MACsec row may hold key material).
 */
export function parseRows<S extends z.ZodType>(schema: S, rows: RouterOsRow[], menu: string): z.output<S>[] {
  return rows.map((row, index) => parseRow(schema, row, menu, index));
}

/** Parses one record (singletons, GET by id) like parseRows. */
export function parseRow<S extends z.ZodType>(schema: S, row: RouterOsRow, menu: string, index = 0): z.output<S> {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const label = row.name ?? row[".id"] ?? `#${index}`;
  const fields = parsed.error.issues.map((i) => `${i.path.join(".") || "(row)"}: ${i.message}`).join("; ");
  throw new RouterOsBadResponseError(`${menu} record ${label} does not have the expected shape (${fields})`);
}
