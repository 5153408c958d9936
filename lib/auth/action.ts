import "server-only";
import { randomUUID } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { log } from "../log";
import { can, type Permission } from "./permissions";
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

/**
 * Wraps a server action so it cannot skip a step: validate (zod) → authorize (permission, checked here,
 * inside the action) → run → typed result. Usable with `useActionState` (prev, FormData) or called with
 * an object. A thrown ActionError, or an instance of one of the `expected` error classes (the service's
 * refusals), comes back as `{ ok: false, message, fieldErrors }` with its own message (toActionError);
 * other errors are logged with a reference and masked for the user. Next's redirect/notFound signals pass through.
 */
export function defineAction<S extends z.ZodType, T>(opts: {
  permission: Permission;
  schema: S;
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>;
  expected?: readonly ExpectedErrorClass[];
}): (prev: ActionResult<T> | null, input: FormData | z.input<S>) => Promise<ActionResult<T>> {
  return async (_prev, input) => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, message: "You are not signed in." };
    if (!can(user.role, opts.permission)) return { ok: false, message: `You do not have permission to do this (${opts.permission}).` };
    const raw = input instanceof FormData ? formDataToObject(input) : input;
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error);
      return { ok: false, message: "Please correct the highlighted fields.", fieldErrors: flat.fieldErrors as Record<string, string[]> };
    }
    try {
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
