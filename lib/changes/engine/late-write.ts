import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { RouterOsTimeoutError, RouterOsUnreachableError, type RouterOsRow } from "../../routeros";
import { readRow, sameValue } from "../router-objects";
import type { PlannedOp } from "../types";
import { errorText, type TargetContext } from "./context";
import { readSecretFields } from "./secrets";

/** RouterOS cuts every REST request at 60 s (docs/routeros.md); until then a request it received may still be carried out. Milliseconds. */
export const ROUTER_CUT_MS = 60_000;

/** Connection failures that can happen after the request reached the router (the connection dropped mid-request). */
const DROPPED = new Set(["ECONNRESET", "ECONNABORTED", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

/**
 * True when a write failed without any answer after it may have reached the router: a response
 * timeout, or a connection reset/closed mid-request (HTTP status null in the steps). A connect timeout
 * or a refused connection never reached it.
 */
export function noAnswer(err: unknown): boolean {
  if (err instanceof RouterOsTimeoutError) return err.phase === "response";
  return err instanceof RouterOsUnreachableError && err.code !== undefined && DROPPED.has(err.code);
}

/** One re-read of a written object: its row (null = absent) and the written secret fields the router returned. */
export interface Reread {
  row: RouterOsRow | null;
  secrets: Record<string, string> | null;
}

/** What the op wrote, for telling "not carried out (yet)" from "done". */
export interface WrittenOp {
  op: PlannedOp;
  planned: Record<string, string>;
  fields: string[];
  secretFields: string[];
  pre: RouterOsRow | null;
}

/**
 * Reads the object again by natural key (and, for an add/set that writes secrets, those fields with a
 * targeted `.proplist`). @throws RouterOsError when the router cannot be read
 */
export async function reread(ctx: TargetContext, w: WrittenOp): Promise<Reread> {
  const row = await readRow(ctx.client, w.op.ref, w.fields);
  const secrets =
    row && w.secretFields.length > 0 && w.op.op !== "remove" ? await readSecretFields(ctx.client, w.op.ref, w.secretFields, ctx.showSensitive) : {};
  return { row, secrets };
}

/** The router reads as if the write was not carried out: add → absent, remove → present, set → written fields unchanged and no secret as planned. */
export function readsAsBefore(w: WrittenOp, r: Reread): boolean {
  if (w.op.op === "add") return r.row === null;
  if (w.op.op === "remove") return r.row !== null;
  if (!r.row) return false;
  const row = r.row;
  return w.fields.every((f) => sameValue(row[f], w.pre?.[f])) && !w.secretFields.some((f) => r.secrets?.[f] === w.planned[f]);
}

/**
 * A write got no answer and the router reads as before: RouterOS may still carry it out until its own
 * request cut (`ctx.routerCutMs`, 60 s on RouterOS) since the write was sent (`sentAt`, ms since the
 * epoch). Re-reads every few seconds (a fifth of the cut, at most 3 s) until the object changes or the
 * cut has passed, recording notes in the steps, and returns the last read. Reads that fail before the
 * cut are noted and retried.
 * @throws RouterOsError when the read after the cut fails
 */
export async function waitForRouterCut(ctx: TargetContext, w: WrittenOp, first: Reread, sentAt: number): Promise<Reread> {
  const label = w.op.ref.label;
  const deadline = sentAt + ctx.routerCutMs;
  const pollMs = Math.min(3_000, Math.max(100, Math.floor(ctx.routerCutMs / 5)));
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  ctx.recorder.note(
    label,
    `no answer to the ${w.op.op} and the router reads as before: RouterOS may still carry it out until its ${seconds(ctx.routerCutMs)} request cut; re-reading until then`,
  );
  let last = first;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(pollMs, left));
    try {
      last = await reread(ctx, w);
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      ctx.recorder.note(label, `re-read failed (${errorText(err)}); trying again`, false);
      continue;
    }
    if (!readsAsBefore(w, last)) {
      ctx.recorder.note(label, `the ${w.op.op} took effect ${seconds(Date.now() - sentAt)} after it was sent`);
      return last;
    }
  }
  last = await reread(ctx, w);
  const after = seconds(Date.now() - sentAt);
  if (readsAsBefore(w, last)) ctx.recorder.note(label, `still as before ${after} after the ${w.op.op} was sent (past the router's request cut): not applied`);
  else ctx.recorder.note(label, `the ${w.op.op} took effect ${after} after it was sent`);
  return last;
}
