import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { db } from "../db";
import { log } from "../log";
import { can, type Permission } from "./permissions";
import { refusalRecorder, type RefusalKind } from "./refusals";
import { clientIpFromHeaders } from "./request-meta";
import { auditActor, getCurrentUser, type SessionUser } from "./session";

/** The one result shape of every server action. */
export type ActionResult<T = null> =
  | { ok: true; data: T; message?: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** An expected failure whose message is shown to the user as is (e.g. a router's `detail`). */
export class ActionError extends Error {
  constructor(message: string, readonly fieldErrors?: Record<string, string[]>) {
    super(message);
    this.name = "ActionError";
  }
}

/**
 * A class of expected service errors (e.g. ChangeInputError, UserServiceError): refusals whose message,
 * and `fieldErrors` (field name → messages) when the error has them, are meant for the user.
 */
export type ExpectedErrorClass = abstract new (...args: never[]) => Error & { readonly fieldErrors?: Record<string, string[]> };

/**
 * The ActionError a failure is shown as, or null when it is unexpected (to be logged and masked):
 * an ActionError as is; an instance of one of the `expected` classes as an ActionError with its message and
 * `fieldErrors`; anything else null.
 */
export function toActionError(err: unknown, expected: readonly ExpectedErrorClass[] = []): ActionError | null {
  if (err instanceof ActionError) return err;
  for (const cls of expected) if (err instanceof cls) return new ActionError(err.message, err.fieldErrors);
  return null;
}

/** What a handler gets besides its validated input. */
export interface ActionContext {
  user: SessionUser;
  actor: Awaited<ReturnType<typeof auditActor>>;
}

/** FormData → plain object (repeated keys become arrays; Next's internal `$ACTION_*` keys are dropped). */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key).map((v) => (typeof v === "string" ? v : v.name));
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

/** A refused input: the message shown above the form and the field errors shown under the fields. */
export interface ValidationFailure {
  message: string;
  fieldErrors: Record<string, string[]>;
}

/**
 * Turns a zod error into what the form shows. Field errors are keyed by the top-level field name (as
 * `z.flattenError` does), so a form shows them under its fields. Keys a strict object does not accept
 * (`unrecognized_keys`) get an error under their own name (dotted when nested, e.g. `params.extra`)
 * and are named in the message, since no form shows a field it does not have; the message names the
 * invalid fields too, for those the form does not show (e.g. a hidden id), and carries object-level
 * messages (refinements on the whole input).
 */
export function describeValidationError(error: z.ZodError): ValidationFailure {
  const fieldErrors: Record<string, string[]> = {};
  const unknown: string[] = [];
  const general: string[] = [];
  const add = (field: string, message: string) => {
    fieldErrors[field] = [...(fieldErrors[field] ?? []), message];
  };
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const field = [...path, key].join(".");
        unknown.push(field);
        add(field, `Unknown field "${field}": it is not accepted here.`);
      }
    } else if (path.length === 0) general.push(issue.message);
    else add(path[0], issue.message);
  }
  const invalid = Object.keys(fieldErrors).filter((f) => !unknown.includes(f));
  const parts: string[] = [];
  if (invalid.length > 0) parts.push(`Please correct the highlighted fields: ${invalid.join(", ")}.`);
  if (unknown.length > 0) parts.push(`Unknown field${unknown.length > 1 ? "s" : ""} sent: ${unknown.join(", ")} (not part of this form; reload the page and try again).`);
  parts.push(...general);
  return { message: parts.length > 0 ? parts.join(" ") : "The input is not valid.", fieldErrors };
}

/**
 * Wraps a server action so it cannot skip a step: validate (zod) → authorize (permission, checked here,
 * inside the action) → run → typed result. Usable with `useActionState` (prev, FormData) or called with
 * an object. A refused call (signed out, or a role without the permission) is audited as `auth.refused`
 * (lib/auth/refusals.ts: at most one event per actor, action and minute), the target being `name`.
 * Invalid input comes back with field errors and a message naming the fields
 * (describeValidationError). A thrown ActionError, or an instance of one of the `expected` error classes
 * (the service's refusals), comes back as `{ ok: false, message, fieldErrors }` with its own message
 * (toActionError); other errors, a schema that throws included, are logged with a reference and masked
 * for the user. Next's redirect/notFound signals pass through.
 */
export function defineAction<S extends z.ZodType, T>(opts: {
  /** The action's name in the audit log's refusals (e.g. "devices.create"). */
  name: string;
  permission: Permission;
  schema: S;
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>;
  expected?: readonly ExpectedErrorClass[];
}): (prev: ActionResult<T> | null, input: FormData | z.input<S>) => Promise<ActionResult<T>> {
  const refuse = async (kind: RefusalKind, user: SessionUser | null) => {
    const clientIp = clientIpFromHeaders(await headers());
    const target = opts.name;
    await refusalRecorder.record(db, { kind, targetType: "server-action", target, permission: opts.permission, user: user && { id: user.id, email: user.email }, clientIp });
  };
  return async (_prev, input) => {
    const user = await getCurrentUser();
    if (!user) {
      await refuse("unauthenticated", null);
      return { ok: false, message: "You are not signed in." };
    }
    if (!can(user.role, opts.permission)) {
      await refuse("forbidden", user);
      return { ok: false, message: `You do not have permission to do this (${opts.permission}).` };
    }
    try {
      const parsed = opts.schema.safeParse(input instanceof FormData ? formDataToObject(input) : input);
      if (!parsed.success) return { ok: false, ...describeValidationError(parsed.error) };
      const data = await opts.handler(parsed.data, { user, actor: await auditActor(user) });
      return { ok: true, data };
    } catch (err) {
      unstable_rethrow(err);
      const shown = toActionError(err, opts.expected);
      if (shown) return { ok: false, message: shown.message, fieldErrors: shown.fieldErrors };
      const ref = randomUUID().slice(0, 8);
      log.error({ err, ref, permission: opts.permission, userId: user.id }, "server action failed");
      return { ok: false, message: `Something went wrong (reference ${ref}). Nothing was lost; try again or ask an admin.` };
    }
  };
}
