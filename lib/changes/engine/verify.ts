import "server-only";
import type { RouterOsClient, RouterOsRow } from "../../routeros";
import { diffObject, readRow, sameValue } from "../router-objects";
import type { ObjectSnapshot, ObjectValues, PlannedOp } from "../types";
import { expectedAfter, printed, refId, writtenFields, writtenSecretFields, type ExpectedObject } from "./refs";
import { describePosition, followerOf } from "./position";
import { readSecretFields, resolveValues } from "./secrets";
import type { TargetContext } from "./context";
import { readManyRows, rowReader } from "./batch-read";

/**
 * How one object compares with an expected state: `differences` (one readable line each, secret
 * mismatches included), `secretMismatches` (secret fields the router returned with a value other than
 * the sealed one), `unknownSecrets` (secret fields the router did not return) and `row` (the object as
 * read: `.id`, key fields, `ref.fields`, display fields and the written fields; null when absent).
 */
export interface ObjectCheck {
  label: string;
  row: RouterOsRow | null;
  differences: string[];
  secretMismatches: string[];
  unknownSecrets: string[];
}

/**
 * Compares the current row with what the ops should have left (written fields and existence; secrets
 * compared in memory, read with `show-sensitive` when `showSensitive`, see readSecretFields). `read` reads the row
 * (default readRow; verifyOps passes one answering from a batched print).
 */
export async function checkExpected(
  client: RouterOsClient,
  expected: ExpectedObject,
  secrets: Record<string, string>,
  showSensitive: boolean | null,
  read: (ref: ExpectedObject["ref"], extra: string[]) => Promise<RouterOsRow | null> = (ref, extra) => readRow(client, ref, extra),
): Promise<ObjectCheck> {
  const { ref } = expected;
  const fields = writtenFields(expected.values);
  const row = await read(ref, fields);
  const out: ObjectCheck = { label: ref.label, row, differences: [], secretMismatches: [], unknownSecrets: [] };
  if (!expected.present) {
    if (row) out.differences.push("still exists");
    return out;
  }
  if (!row) {
    out.differences.push("missing");
    return out;
  }
  const planned = resolveValues(expected.values, secrets);
  for (const f of fields) if (!sameValue(row[f], printed(planned[f]))) out.differences.push(`${f}=${row[f] ?? "(unset)"}, expected ${planned[f]}`);
  const secretFields = writtenSecretFields(expected.values);
  if (secretFields.length > 0) {
    const read = (await readSecretFields(client, ref, secretFields, showSensitive)) ?? {};
    for (const f of secretFields) {
      if (read[f] === undefined) out.unknownSecrets.push(f);
      else if (read[f] !== planned[f]) {
        out.secretMismatches.push(f);
        out.differences.push(`${f} differs from the sealed value`);
      }
    }
  }
  return out;
}

/**
 * Reads back every object the ops wrote and compares each written field (sameValue; `yes`/`no` as
 * `true`/`false`); secret fields by a targeted read compared in memory, skipped with a note when the
 * router does not return them; an add placed with `placeBefore` must sit right before the row it was
 * placed before (ctx.positions). Returns one line per difference (empty = verified).
 * @throws RouterOsError when the router cannot be read
 */
export async function verifyOps(ctx: TargetContext, ops: PlannedOp[]): Promise<string[]> {
  const differences: string[] = [];
  const placed = new Set(ops.flatMap((o) => (o.op === "add" && o.placeBefore ? [refId(o.ref)] : [])));
  const all = expectedAfter(ops);
  const read = rowReader(
    ctx.client,
    await readManyRows(
      ctx.client,
      [...all.values()].map((e) => e.ref),
      (ref) => fieldsWrittenOn(ops, refId(ref)),
    ),
  );
  for (const expected of all.values()) {
    const check = await checkExpected(ctx.client, expected, ctx.secrets, ctx.showSensitive, read);
    differences.push(...check.differences.map((d) => `${check.label}: ${d}`));
    const id = refId(expected.ref);
    const wanted = ctx.positions.get(id);
    if (check.row && placed.has(id) && wanted !== undefined) {
      const next = await followerOf(ctx.client, expected.ref.menu, check.row[".id"] ?? "");
      if (next !== wanted) differences.push(`${check.label}: position ${describePosition(next)}, expected ${describePosition(wanted)}`);
    }
    if (check.unknownSecrets.length > 0) {
      ctx.recorder.note(check.label, `${check.unknownSecrets.join(", ")} not returned by the router (user without the sensitive policy?): not verified`);
    }
  }
  return differences;
}

/**
 * Re-reads every base snapshot and compares it with the stored one (diffObject on `fields`).
 * Returns one line per drifted field, e.g. `/interface/macvlan macvlan-68: mtu 1500 → 1400`; empty = no drift.
 * @throws RouterOsError, AmbiguousObjectError when the router cannot be read
 */
export async function driftCheck(client: RouterOsClient, base: ObjectSnapshot[]): Promise<string[]> {
  const lines: string[] = [];
  const read = rowReader(
    client,
    await readManyRows(
      client,
      base.map((s) => s.ref),
    ),
  );
  for (const snap of base) {
    const row = await read(snap.ref);
    const now: ObjectValues | null = row ? { ...row } : null;
    for (const d of diffObject(snap.ref, snap.values, now)) lines.push(`${snap.ref.label}: ${d.field} ${d.before ?? "(unset)"} → ${d.after ?? "(unset)"}`);
  }
  return lines;
}

/** fieldsWrittenOn's index of an ops list (refId → fields), rebuilt when the list's length changed (`applied` grows while applying). */
const writtenIndex = new WeakMap<PlannedOp[], { length: number; byId: Map<string, string[]> }>();

/** Non-secret fields written on one object by any op (the ops are indexed once per list, so a 5,000-op plan stays linear). */
export function fieldsWrittenOn(ops: PlannedOp[], id: string): string[] {
  let index = writtenIndex.get(ops);
  if (!index || index.length !== ops.length) {
    const byId = new Map<string, string[]>();
    for (const o of ops) if (o.op !== "remove") byId.set(refId(o.ref), [...new Set([...(byId.get(refId(o.ref)) ?? []), ...writtenFields(o.values)])]);
    index = { length: ops.length, byId };
    writtenIndex.set(ops, index);
  }
  return index.byId.get(id) ?? [];
}

/**
 * Re-reads the touched objects and compares them with their state before the change (`ctx.before`,
 * `ctx.oldSecrets`, and for an ordered object that existed before, the row it sat before:
 * `ctx.positions`); one line per difference.
 */
export async function compareWithBefore(ctx: TargetContext, ops: PlannedOp[]): Promise<string[]> {
  const { client, before, oldSecrets } = ctx;
  const lines: string[] = [];
  const touched = [...expectedAfter(ops).values()].filter((e) => before.has(refId(e.ref)));
  const read = rowReader(
    client,
    await readManyRows(
      client,
      touched.map((e) => e.ref),
      (ref) => fieldsWrittenOn(ops, refId(ref)),
    ),
  );
  for (const expected of touched) {
    const { ref } = expected;
    const id = refId(ref);
    const extra = fieldsWrittenOn(ops, id);
    const row = await read(ref, extra);
    const was = before.get(id) ?? null;
    const view = { ...ref, fields: [...new Set([...ref.fields, ...extra])] };
    for (const d of diffObject(view, was, row ? { ...row } : null))
      lines.push(`${ref.label}: ${d.field} ${d.after ?? "(unset)"}, was ${d.before ?? "(unset)"}`);
    const position = ctx.positions.get(id);
    if (ref.ordered && was && row && position !== undefined) {
      const next = await followerOf(client, ref.menu, row[".id"] ?? "");
      if (next !== position) lines.push(`${ref.label}: position ${describePosition(next)}, was ${describePosition(position)}`);
    }
    const old = oldSecrets.get(id);
    if (row && old && Object.keys(old).length > 0) {
      const now = (await readSecretFields(client, ref, Object.keys(old), ctx.showSensitive)) ?? {};
      for (const [f, v] of Object.entries(old))
        if (now[f] !== undefined && now[f] !== v) lines.push(`${ref.label}: ${f} differs from the value before the change`);
    }
  }
  return lines;
}
