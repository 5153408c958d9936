import type { RouterOsClient } from "../../routeros/client";
import { sameValue } from "../router-objects";
import type { ObjectRef, PlanValue } from "../types";

/** A plan names a secret param that the request does not hold (sealed secrets missing or incomplete). */
export class MissingSecretError extends Error {
  constructor(param: string) {
    super(`the sealed secret "${param}" is missing from the request`);
    this.name = "MissingSecretError";
  }
}

/**
 * Replaces `{ secret: "cak" }` placeholders with the unsealed values (in memory only; never stored or logged).
 * @throws MissingSecretError when a placeholder names a param that `secrets` lacks
 */
export function resolveValues(values: Record<string, PlanValue>, secrets: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) {
    if (typeof value === "string") out[field] = value;
    else if (secrets[value.secret] !== undefined) out[field] = secrets[value.secret];
    else throw new MissingSecretError(value.secret);
  }
  return out;
}

/**
 * Reads the secret fields of one object with a `.proplist` naming only the key and those fields
 * (e.g. `GET /rest/interface/macsec?name=macsec1&.proplist=name,cak`). Returns null when the object is
 * absent; otherwise the secret fields the router returned: a router user without the `sensitive`
 * policy gets none (ROUTEROS.md), so callers treat a missing field as "unknown", never as empty.
 * @throws RouterOsError on transport/API errors
 */
export async function readSecretFields(client: RouterOsClient, ref: ObjectRef, fields: string[]): Promise<Record<string, string> | null> {
  if (fields.length === 0) return {};
  const proplist = [...new Set([...Object.keys(ref.key), ...fields])];
  const row = ref.singleton
    ? await client.singleton(ref.menu, proplist)
    : ((await client.print(ref.menu, { where: ref.key, proplist })).find((r) => Object.entries(ref.key).every(([k, v]) => sameValue(r[k], v))) ?? null);
  if (!row) return null;
  const out: Record<string, string> = {};
  for (const f of fields) if (row[f] !== undefined) out[f] = row[f];
  return out;
}
