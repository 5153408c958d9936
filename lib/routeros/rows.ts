import { RouterOsBadResponseError, type RouterOsRequestInfo } from "./errors";

/**
 * One RouterOS record as REST prints it: every value is a string (`"mtu":"1500"`, `".id":"*1B"`). Rows are
 * null-prototype objects holding exactly the properties the router sent: a key such as `__proto__`,
 * `constructor` or `toString` is an ordinary own property (no prototype to change or pollute, and a field
 * the router did not print reads as undefined, never as an inherited method). Spread (`{ ...row }`),
 * `Object.entries`, JSON and zod schemas read them like plain objects.
 */
export type RouterOsRow = Record<string, string>;

/**
 * Converts one JSON object to a RouterOsRow (null prototype, see above): strings kept, numbers/booleans
 * stringified, null dropped. Throws RouterOsBadResponseError (naming the key, never the value) otherwise.
 */
function toRouterOsRow(value: unknown, request: RouterOsRequestInfo): RouterOsRow {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RouterOsBadResponseError(`expected an object, got ${Array.isArray(value) ? "an array" : typeof value}`, { request });
  }
  const row = Object.create(null) as RouterOsRow;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === "string") row[key] = v;
    else if (typeof v === "number" || typeof v === "boolean") row[key] = String(v);
    else if (v !== null) throw new RouterOsBadResponseError(`property "${key}" is not a string`, { request });
  }
  return row;
}

/** Reply of a print or command → rows: `null` (empty body) → `[]`, an array as is, an object wrapped. */
export function toRouterOsRows(value: unknown, request: RouterOsRequestInfo): RouterOsRow[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.map((v) => toRouterOsRow(v, request));
  return [toRouterOsRow(value, request)];
}

/**
 * Reply that must be one record (GET by id, singleton, add, set): an object or a one-element array.
 * Throws RouterOsBadResponseError otherwise.
 */
export function toRouterOsRecord(value: unknown, request: RouterOsRequestInfo): RouterOsRow {
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new RouterOsBadResponseError(`expected one record, got ${value.length}`, { request });
    return toRouterOsRow(value[0], request);
  }
  if (value === null) throw new RouterOsBadResponseError("expected one record, got an empty reply", { request });
  return toRouterOsRow(value, request);
}
