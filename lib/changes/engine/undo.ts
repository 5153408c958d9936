import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { readRow, sameValue } from "../router-objects";
import type { ObjectRef, ObjectValues, PlannedOp } from "../types";
import { errorText, type TargetContext } from "./context";
import { noAnswer } from "./late-write";
import { refId, touchedRefs, writtenSecretFields } from "./refs";
import { compareWithBefore, fieldsWrittenOn } from "./verify";
import { readManyRows, rowReader } from "./batch-read";

/** Result of an undo: `restored` = every touched object reads back as before the change. */
export interface UndoResult {
  restored: boolean;
  problems: string[];
}

const BOOLEAN = /^(true|false|yes|no)$/;

/**
 * The value to write back for a field: its old value; for a field that was absent before (RouterOS
 * omits false flags and empty text such as `comment`): `false` for a flag, else `""`, which clears a
 * text field (`set comment=""`; the simulator accepts it too).
 */
function restoreValue(was: ObjectValues, field: string, written: string | undefined): string {
  if (was[field] !== undefined) return was[field];
  return written !== undefined && BOOLEAN.test(written) ? "false" : "";
}

function addValues(ref: ObjectRef, was: ObjectValues, extra: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of new Set([...Object.keys(ref.key), ...ref.fields, ...extra])) if (was[f] !== undefined && was[f] !== "") out[f] = was[f];
  return out;
}

/**
 * Restores the objects touched by the `applied` ops (in reverse order) to their state before the
 * change (`ctx.before`: the base snapshot, or the row read just before the first write):
 * created → removed; removed → added again with the old values and the old secret (an ordered one
 * before the row that followed it: `place-before`, ctx.positions); changed → the
 * changed fields set back, the old secret included. Every write is checked by reading everything back
 * at the end (compareWithBefore), which alone decides: an undo call that failed while the router reads
 * as before is only noted; one that got no answer is given until the router's request cut to take
 * effect (readBackUntil). Menus with many touched objects (BATCH_MIN, batch-read.ts) are read once before the first
 * undo write (the objects of one such menu are independent rows, e.g. leases) instead of once per object. An object whose old secret could not be read (router user without the
 * `sensitive` policy) cannot be restored: `restored` is then false (NEEDS_ATTENTION).
 * Never throws for router errors.
 */
export async function undoApplied(ctx: TargetContext, ops: PlannedOp[], applied: PlannedOp[]): Promise<UndoResult> {
  const { client, recorder } = ctx;
  recorder.phase = "rollback";
  const problems: string[] = [];
  const failedCalls: string[] = [];
  /** A write that got no answer may still be carried out until the router's request cut: read back until then. */
  let unansweredUntil = 0;
  const write = async (call: () => Promise<unknown>): Promise<void> => {
    const sentAt = Date.now();
    try {
      await call();
    } catch (err) {
      if (noAnswer(err)) unansweredUntil = Math.max(unansweredUntil, sentAt + ctx.routerCutMs);
      throw err;
    }
  };
  const refs = touchedRefs(applied).reverse();
  const appliedById = new Map<string, PlannedOp[]>();
  for (const o of applied) appliedById.set(refId(o.ref), [...(appliedById.get(refId(o.ref)) ?? []), o]);
  let read = (ref: ObjectRef, extra: string[]) => readRow(client, ref, extra);
  try {
    read = rowReader(client, await readManyRows(client, refs, (ref) => fieldsWrittenOn(ops, refId(ref))));
  } catch (err) {
    recorder.note("undo", `the touched objects could not be read in one print (${errorText(err)}): reading them one by one`);
  }
  for (const ref of refs) {
    const id = refId(ref);
    const was = ctx.before.get(id) ?? null;
    const extra = fieldsWrittenOn(ops, id);
    const secretFields = [
      ...new Set((appliedById.get(id) ?? []).flatMap((o) => (o.op === "remove" ? (ref.secretFields ?? []) : writtenSecretFields(o.values)))),
    ];
    const old = ctx.oldSecrets.get(id) ?? {};
    const missingSecrets = was ? secretFields.filter((f) => old[f] === undefined) : [];
    try {
      const row = await read(ref, extra);
      if (!was) {
        if (row) await write(() => client.remove(ref.menu, row[".id"] ?? ""));
        continue;
      }
      if (missingSecrets.length > 0) {
        problems.push(`${ref.label}: the old ${missingSecrets.join(", ")} was not readable, so it cannot be restored`);
        if (!row) continue;
      }
      const secrets = Object.fromEntries(secretFields.flatMap((f) => (old[f] === undefined ? [] : [[f, old[f]]])));
      if (!row) {
        const next = ref.ordered ? ctx.positions.get(id) : undefined;
        const place: Record<string, string> = next ? { "place-before": next } : {};
        await write(() => client.add(ref.menu, { ...addValues(ref, was, extra), ...secrets, ...place }));
        continue;
      }
      const changes: Record<string, string> = { ...secrets };
      for (const f of new Set([...ref.fields, ...extra])) {
        if (sameValue(row[f], was[f])) continue;
        changes[f] = restoreValue(was, f, row[f]);
      }
      if (Object.keys(changes).length === 0) continue;
      if (ref.singleton) await write(() => client.command(ref.menu, "set", changes));
      else await write(() => client.set(ref.menu, row[".id"] ?? "", changes));
    } catch (err) {
      failedCalls.push(`${ref.label}: undo failed: ${errorText(err)}`);
    }
  }
  const left = await readBackUntil(ctx, applied, unansweredUntil);
  if (left.length > 0) problems.push(...failedCalls, ...left);
  else for (const f of failedCalls) recorder.note("undo", `${f}; the router reads as before all the same`);
  for (const p of problems) recorder.note("undo", p, false);
  return { restored: problems.length === 0, problems };
}

/**
 * Reads the touched objects back (compareWithBefore) and returns what still differs, one line each. While
 * something differs and an undo write that got no answer may still be carried out (`until`, ms since the
 * epoch: its send time plus the router's request cut), reads again every few seconds, as forward writes
 * are watched (late-write.ts). A read-back that fails is itself a difference.
 */
async function readBackUntil(ctx: TargetContext, applied: PlannedOp[], until: number): Promise<string[]> {
  const pollMs = Math.min(3_000, Math.max(100, Math.floor(ctx.routerCutMs / 5)));
  const readBack = async (): Promise<string[]> => {
    try {
      return (await compareWithBefore(ctx, applied)).map((l) => `after the undo ${l}`);
    } catch (err) {
      return [`the router could not be read back after the undo: ${errorText(err)}`];
    }
  };
  let left = await readBack();
  if (left.length > 0 && Date.now() < until) {
    ctx.recorder.note("undo", "an undo write got no answer and the router does not read as before yet: re-reading until the router's request cut");
  }
  while (left.length > 0 && Date.now() < until) {
    await sleep(Math.min(pollMs, until - Date.now()));
    left = await readBack();
  }
  return left;
}
