import "server-only";
import type { RouterOsRow } from "../../routeros";
import { readRow, sameValue } from "../router-objects";
import type { ObjectRef, ObjectValues, PlannedOp } from "../types";
import { errorText, type TargetContext } from "./context";
import { printed, refId, writtenFields, writtenSecretFields } from "./refs";
import { noAnswer, readsAsBefore, reread, waitForRouterCut, type WrittenOp } from "./late-write";
import { followerOf, resolveSelector } from "./position";
import { readSecretFields, resolveValues } from "./secrets";

/**
 * Result of one write: `applied` = the router state now reflects the op (fully or partly), so the undo
 * must cover it; `ok` = the object is as planned and the application may go on.
 */
export interface OpOutcome {
  applied: boolean;
  ok: boolean;
  error: string | null;
}

function matchesPlanned(row: RouterOsRow, planned: Record<string, string>, fields: string[]): boolean {
  return fields.every((f) => sameValue(row[f], printed(planned[f])));
}

function valuesOf(row: RouterOsRow, ref: ObjectRef, extra: string[]): ObjectValues {
  const out: ObjectValues = {};
  for (const f of new Set([...Object.keys(ref.key), ...ref.fields, ...extra])) if (row[f] !== undefined) out[f] = row[f];
  return out;
}

/**
 * Runs one planned op on the router (menu per docs/routeros.md): add = `PUT /rest<menu>`; set = `PATCH
 * /rest<menu>/<.id>` with `.id` looked up by natural key just before (singleton: `POST /rest<menu>/set`);
 * remove = `DELETE /rest<menu>/<.id>`. Before a set/remove it keeps the object's state and, when the
 * object has secret fields, reads those (targeted `.proplist`) into `ctx.oldSecrets` for the undo. In
 * ordered menus an add with `placeBefore` sends `place-before=<.id of the selected row>` (refused without
 * a write when no row matches any more), and a remove notes the row that followed (`ctx.positions`).
 *
 * A failed write is never retried: the object is re-read, since a 400 or a timed-out request may
 * still have applied it (docs/routeros.md). A failed add whose object now exists with the planned values
 * counts as applied and the application goes on (no duplicate is ever created); a failed set whose
 * fields now hold the planned values likewise; a failed remove whose object is gone likewise. A write
 * that got no answer at all (timeout, connection dropped) while the router still reads as before is
 * re-read until the router's own request cut (`ctx.routerCutMs`) has passed since it was sent, since
 * RouterOS may still carry it out (waitForRouterCut), and only then judged. When the re-read itself
 * fails the op is assumed applied (the undo then restores the stored state).
 * Never throws for router errors; returns the outcome.
 */
export async function executeOp(ctx: TargetContext, op: PlannedOp): Promise<OpOutcome> {
  const { client, recorder } = ctx;
  const id = refId(op.ref);
  const fields = op.op === "remove" ? [] : writtenFields(op.values);
  const secretFields = op.op === "remove" ? (op.ref.secretFields ?? []) : writtenSecretFields(op.values);
  let planned: Record<string, string> = {};
  let pre: RouterOsRow | null = null;
  try {
    if (op.op !== "remove") planned = resolveValues(op.values, ctx.secrets);
    if (op.op !== "add") {
      pre = await readRow(client, op.ref, fields);
      if (!pre) return { applied: false, ok: false, error: `${op.ref.label} no longer exists` };
      if (!ctx.before.has(id)) ctx.before.set(id, valuesOf(pre, op.ref, fields));
      if ((op.ref.secretFields ?? []).length > 0 && !ctx.oldSecrets.has(id)) {
        const old = await readSecretFields(client, op.ref, op.ref.secretFields ?? [], ctx.showSensitive);
        ctx.oldSecrets.set(id, old ?? {});
        const missing = (op.ref.secretFields ?? []).filter((f) => old?.[f] === undefined);
        if (missing.length > 0)
          recorder.note(op.ref.label, `the router did not return ${missing.join(", ")} (router user without the sensitive policy?): an undo cannot restore it`);
      }
      if (op.op === "remove" && op.ref.ordered && !ctx.positions.has(id))
        ctx.positions.set(id, (await followerOf(client, op.ref.menu, pre[".id"] ?? "")) ?? null);
    } else if (!ctx.before.has(id)) {
      ctx.before.set(id, null);
    }
    if (op.op === "add" && op.placeBefore) {
      const anchor = await resolveSelector(client, op.ref.menu, op.placeBefore);
      if (anchor === null)
        return { applied: false, ok: false, error: `${op.ref.label}: there is no ${op.placeBefore.label} any more, so it cannot be placed as planned` };
      ctx.positions.set(id, anchor);
    }
  } catch (err) {
    return { applied: false, ok: false, error: `${op.ref.label}: ${errorText(err)}` };
  }

  const sentAt = Date.now();
  try {
    const anchor = ctx.positions.get(id);
    if (op.op === "add") await client.add(op.ref.menu, op.placeBefore && anchor ? { ...planned, "place-before": anchor } : planned);
    else if (op.op === "remove") await client.remove(op.ref.menu, pre?.[".id"] ?? "");
    else if (op.ref.singleton) await client.command(op.ref.menu, "set", planned);
    else await client.set(op.ref.menu, pre?.[".id"] ?? "", planned);
    return { applied: true, ok: true, error: null };
  } catch (err) {
    const error = `${op.ref.label}: ${errorText(err)}`;
    return checkAfterFailure(ctx, { op, planned, fields, secretFields, pre }, { error, unanswered: noAnswer(err), sentAt });
  }
}

async function checkAfterFailure(ctx: TargetContext, w: WrittenOp, failure: { error: string; unanswered: boolean; sentAt: number }): Promise<OpOutcome> {
  const { recorder } = ctx;
  const { op, planned, fields, secretFields, pre } = w;
  const { error } = failure;
  const label = op.ref.label;
  let row: RouterOsRow | null;
  let secrets: Record<string, string> | null;
  try {
    let read = await reread(ctx, w);
    if (failure.unanswered && readsAsBefore(w, read)) read = await waitForRouterCut(ctx, w, read, failure.sentAt);
    ({ row, secrets } = read);
  } catch (err) {
    recorder.note(
      label,
      `the write failed and the object could not be re-read (${errorText(err)}): assumed applied, the undo restores the stored state`,
      false,
    );
    return { applied: true, ok: false, error };
  }
  if (op.op === "remove") {
    if (!row) recorder.note(label, "the remove failed but the object is gone: counted as applied");
    return row ? { applied: false, ok: false, error } : { applied: true, ok: true, error: null };
  }
  if (!row) return { applied: false, ok: false, error };
  const secretsKnown = secretFields.every((f) => secrets?.[f] !== undefined);
  const secretsPlanned = secretFields.every((f) => secrets?.[f] === planned[f]);
  if (matchesPlanned(row, planned, fields) && secretsKnown && secretsPlanned) {
    recorder.note(label, `the ${op.op} failed (${error}) but the object now holds the planned values: counted as applied, not sent again`);
    return { applied: true, ok: true, error: null };
  }
  if (op.op === "add") {
    recorder.note(label, "the add failed but the object exists with other values: counted as applied so the undo removes it", false);
    return { applied: true, ok: false, error };
  }
  const unchanged = fields.every((f) => sameValue(row[f], pre?.[f])) && secretsKnown && secretFields.every((f) => secrets?.[f] !== planned[f]);
  if (!unchanged) recorder.note(label, "the set failed but some fields changed (or cannot be read): counted as applied so the undo restores them", false);
  return { applied: !unchanged, ok: false, error };
}
