import "server-only";
import type { RouterOsClient, RouterOsRow } from "../routeros";
import type { ObjectRef, ObjectSnapshot, ObjectValues } from "./types";

/** The same object matched more than once by its natural key (e.g. two leases with one MAC on one server). */
export class AmbiguousObjectError extends Error {
  constructor(
    readonly ref: ObjectRef,
    readonly count: number,
  ) {
    super(`${ref.label}: ${count} objects match ${describeKey(ref)}; the change needs exactly one`);
    this.name = "AmbiguousObjectError";
  }
}

/** `name=macvlan-68`, `list=mgmt interface=vlan-68`, or `(singleton)`. */
export function describeKey(ref: ObjectRef): string {
  const words = Object.entries(ref.key).map(([k, v]) => `${k}=${v}`);
  return words.length > 0 ? words.join(" ") : "(singleton)";
}

function pick(row: RouterOsRow, names: string[]): ObjectValues {
  const out: ObjectValues = {};
  for (const name of names) if (row[name] !== undefined) out[name] = row[name];
  return out;
}

function viewFields(ref: ObjectRef): string[] {
  return [...new Set([...Object.keys(ref.key), ...ref.fields, ...(ref.displayFields ?? [])])];
}

/**
 * Reads one object by natural key and returns the row as RouterOS printed it, `.id` included (for the
 * engine's PATCH/DELETE), or null when absent. Singletons: `GET /rest<menu>`. Others: `GET
 * /rest<menu>?<key>=<value>&.proplist=.id,<key fields>,<fields>,<displayFields>` (plus `extra` fields,
 * e.g. secret fields for a targeted read).
 * @throws AmbiguousObjectError when more than one row matches; RouterOsError on transport/API errors
 */
export async function readRow(client: RouterOsClient, ref: ObjectRef, extra: string[] = []): Promise<RouterOsRow | null> {
  const proplist = [".id", ...viewFields(ref), ...extra];
  if (ref.singleton) return client.singleton(ref.menu, [...new Set(proplist.filter((f) => f !== ".id"))]);
  const rows = await client.print(ref.menu, { where: ref.key, proplist: [...new Set(proplist)] });
  const matching = rows.filter((row) => Object.entries(ref.key).every(([k, v]) => sameValue(row[k], v)));
  if (matching.length > 1) throw new AmbiguousObjectError(ref, matching.length);
  return matching[0] ?? null;
}

/**
 * Reads one object's snapshot: `fields` + `displayFields` + key fields (no `.id`, no secrets), or
 * null values when absent. Read-only (GET); safe to retry.
 * @throws AmbiguousObjectError, RouterOsError
 */
export async function readObject(client: RouterOsClient, ref: ObjectRef): Promise<ObjectSnapshot> {
  const row = await readRow(client, ref);
  return { ref, values: row ? pick(row, viewFields(ref)) : null };
}

const MAC = /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/i;

/**
 * True when two printed values mean the same to RouterOS: equal strings, MAC addresses compared
 * case-insensitively, and an absent value equal to `"false"` or `""` (RouterOS may omit false flags).
 */
export function sameValue(a: string | undefined, b: string | undefined): boolean {
  const x = a ?? "";
  const y = b ?? "";
  if (x === y) return true;
  if ((x === "" && y === "false") || (x === "false" && y === "")) return true;
  return MAC.test(x) && MAC.test(y) && x.toUpperCase() === y.toUpperCase();
}

/** One field that differs between two snapshots of the same object. */
export interface FieldDifference {
  field: string;
  before: string | null;
  after: string | null;
}

/**
 * Compares two states of one object on `ref.fields` (writable fields only; `displayFields` change on
 * their own and are ignored). A null state (absent) differs from any present one; the difference then
 * lists the field `(exists)`.
 */
export function diffObject(ref: ObjectRef, before: ObjectValues | null, after: ObjectValues | null): FieldDifference[] {
  if (before === null && after === null) return [];
  if (before === null || after === null) return [{ field: "(exists)", before: before ? "yes" : "no", after: after ? "yes" : "no" }];
  return ref.fields
    .filter((field) => !sameValue(before[field], after[field]))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}
