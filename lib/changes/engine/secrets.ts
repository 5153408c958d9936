import "server-only";
import type { RouterOsClient, RouterOsRow } from "../../routeros";
import { RouterOsApiError } from "../../routeros";
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
    if (typeof value === "string") {
      out[field] = value;
      continue;
    }
    const secret = secrets[value.secret];
    if (secret === undefined) throw new MissingSecretError(value.secret);
    out[field] = secret;
  }
  return out;
}

/**
 * Reads the secret fields of one object with a `.proplist` naming only the key and those fields.
 * Before RouterOS 7.21 a user with the `sensitive` policy sees them in any print
 * (`GET /rest/interface/macsec?name=macsec1&.proplist=name,cak`); from 7.21 they are hidden unless the
 * print passes `show-sensitive` (`POST /rest/interface/macsec/print {"show-sensitive":"",".query":
 * ["name=macsec1"],".proplist":["name","cak"]}`; docs/routeros.md): `showSensitive` says which
 * (`knownSupport(device version, "showSensitive")`); when the version is unknown (null) it asks with
 * `show-sensitive` and, if the router refuses that argument (400, pre-7.21), asks again without it.
 * Only the change engine calls this, to verify a written secret and to keep the old one for an undo.
 * Returns null when the object is absent;
 * otherwise the secret fields the router returned: a user without the `sensitive` policy, or a 7.21+
 * router asked without `show-sensitive`, returns none, so callers treat a missing field as "unknown",
 * never as empty.
 * @throws RouterOsError on transport/API errors
 */
export async function readSecretFields(
  client: RouterOsClient,
  ref: ObjectRef,
  fields: string[],
  showSensitive: boolean | null,
): Promise<Record<string, string> | null> {
  if (fields.length === 0) return {};
  const proplist = [...new Set([...Object.keys(ref.key), ...fields])];
  const print = async (sensitive: boolean) => {
    const rows = await client.print(ref.menu, { where: ref.key, proplist, ...(sensitive ? { args: { "show-sensitive": "" } } : {}) });
    return rows.find((r) => Object.entries(ref.key).every(([k, v]) => sameValue(r[k], v))) ?? null;
  };
  let row: RouterOsRow | null;
  if (ref.singleton) row = await client.singleton(ref.menu, proplist);
  else if (showSensitive !== null) row = await print(showSensitive);
  else row = await print(true).catch((err: unknown) => (err instanceof RouterOsApiError && err.status === 400 ? print(false) : Promise.reject(err)));
  if (!row) return null;
  const out: Record<string, string> = {};
  for (const f of fields) if (row[f] !== undefined) out[f] = row[f];
  return out;
}
