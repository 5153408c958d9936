import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { db } from "../db";
import { ExpectedError } from "../errors";
import { log } from "../log";
import { can, ForbiddenError, UnauthenticatedError, type Permission } from "./permissions";
import { refusalRecorder, type RefusalKind } from "./refusals";
import { clientIpFromHeaders } from "./request-meta";
import { getCurrentUser, type SessionUser } from "./session";

/** The one result shape of every server action. */
export type ActionResult<T = null> = { ok: true; data: T; message?: string } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

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
    } else if (path[0] === undefined) general.push(issue.message);
    else add(path[0], issue.message);
  }
  const invalid = Object.keys(fieldErrors).filter((f) => !unknown.includes(f));
  const parts: string[] = [];
  if (invalid.length > 0) parts.push(`Please correct the highlighted fields: ${invalid.join(", ")}.`);
  if (unknown.length > 0)
    parts.push(`Unknown field${unknown.length > 1 ? "s" : ""} sent: ${unknown.join(", ")} (not part of this form; reload the page and try again).`);
  parts.push(...general);
  return { message: parts.length > 0 ? parts.join(" ") : "The input is not valid.", fieldErrors };
}

/**
 * Wraps a server action so it cannot skip a step: validate (zod) → authorize (permission, checked here,
 * inside the action) → run → typed result. Usable with `useActionState` (prev, FormData) or called with
 * an object. A refused call (signed out, or a role without the permission) is audited as `auth.refused`
 * (lib/auth/refusals.ts: at most one event per actor, action and minute), the target being `name`; so is
 * a ForbiddenError or UnauthenticatedError thrown by the data layer the handler calls (its permission named).
 * Invalid input comes back with field errors and a message naming the fields
 * (describeValidationError). A thrown ExpectedError (lib/errors.ts: the services' refusals, whatever their
 * subclass) comes back as `{ ok: false, message, fieldErrors }` with its own message; other errors, a
 * schema that throws included, are logged with a reference and masked for the user. Next's
 * redirect/notFound signals pass through.
 */
export function defineAction<S extends z.ZodType, T>(opts: {
  /** The action's name in the audit log's refusals (e.g. "devices.create"). */
  name: string;
  permission: Permission;
  schema: S;
  /** Runs with the validated input; it calls the data layer (lib/<area>/server.ts), which checks its own permission. */
  handler: (input: z.output<S>) => Promise<T>;
}): (prev: ActionResult<T> | null, input: FormData | z.input<S>) => Promise<ActionResult<T>> {
  const refuse = async (err: ForbiddenError | UnauthenticatedError, user: SessionUser | null): Promise<ActionResult<T>> => {
    const clientIp = clientIpFromHeaders(await headers());
    const kind: RefusalKind = err instanceof ForbiddenError ? "forbidden" : "unauthenticated";
    const permission = err instanceof ForbiddenError ? err.permission : opts.permission;
    await refusalRecorder.record(db, {
      kind,
      targetType: "server-action",
      target: opts.name,
      permission,
      user: user && { id: user.id, email: user.email },
      clientIp,
    });
    return { ok: false, message: err.message };
  };
  return async (_prev, input) => {
    const user = await getCurrentUser();
    if (!user) return refuse(new UnauthenticatedError(), null);
    if (!can(user.role, opts.permission)) return refuse(new ForbiddenError(opts.permission), user);
    try {
      const parsed = opts.schema.safeParse(input instanceof FormData ? formDataToObject(input) : input);
      if (!parsed.success) return { ok: false, ...describeValidationError(parsed.error) };
      return { ok: true, data: await opts.handler(parsed.data) };
    } catch (err) {
      unstable_rethrow(err);
      if (err instanceof ForbiddenError || err instanceof UnauthenticatedError) return refuse(err, user);
      if (err instanceof ExpectedError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors };
      const ref = randomUUID().slice(0, 8);
      log.error({ err, ref, permission: opts.permission, userId: user.id }, "server action failed");
      return { ok: false, message: `Something went wrong (reference ${ref}). Nothing was lost; try again or ask an admin.` };
    }
  };
}
