import { z } from "zod";
import { entityId } from "@/lib/validation/ids";
import { kindInfo } from "@/lib/changes/kinds/catalog";
import { CANCEL_REASON_MAX, CHANGE_KIND_IDS } from "@/lib/changes/types";
import { windowProblems } from "@/lib/changes/workflow-window";

/**
 * Zod schemas of the change server actions (strict objects). Params of a kind are shaped here (strings
 * and booleans, keyed by param name; checkbox and select params checked against the kind's form fields);
 * the kind's own schema validates them in the service.
 */

const BOOLEAN_MESSAGE = "must be true or false";

/**
 * A boolean flag: `true`/`false`, or the strings `"true"`/`"false"` (a checkbox with `value="true"`);
 * anything else (`"on"`, `"1"`, `"yes"`, `"maybe"`) is refused under the field's name.
 */
const flag = z.union([z.boolean(), z.enum(["true", "false"])], { error: BOOLEAN_MESSAGE }).transform((v) => v === true || v === "true");

/**
 * Preview and propose: kind, params by name, and the resolved device ids (1–500). A checkbox param takes
 * only a boolean or `"true"`/`"false"`, a select param one of its options (`""` too when optional); those
 * errors are keyed by the param's name, as the form and the service's ChangeInputError key them.
 */
export const proposalSchema = z
  .strictObject({
    kind: z.enum(CHANGE_KIND_IDS),
    deviceIds: z.array(entityId).min(1, "Pick at least one device.").max(500, "At most 500 devices per request."),
    params: z.record(z.string().max(64), z.union([z.string().max(4096), z.boolean()])),
  })
  .superRefine((v, ctx) => {
    for (const field of kindInfo(v.kind).fields) {
      const value = v.params[field.name];
      if (value === undefined) continue;
      if (field.type === "checkbox" && value !== true && value !== false && value !== "true" && value !== "false") {
        ctx.addIssue({ code: "custom", message: BOOLEAN_MESSAGE, path: [field.name] });
      }
      const options = (field.options ?? []).map((o) => o.value);
      if (field.type === "select" && !options.includes(String(value)) && !(value === "" && !field.required)) {
        ctx.addIssue({ code: "custom", message: `must be one of: ${options.filter(Boolean).join(", ")}`, path: [field.name] });
      }
    }
  });
export type ProposalInput = z.input<typeof proposalSchema>;

/** Approve a PENDING request, bound to the proposal hash the approver saw. */
export const approveSchema = z.strictObject({
  id: entityId,
  hash: z.string().regex(/^[0-9a-f]{64}$/, "invalid hash"),
  comment: z.string().trim().max(500).optional(),
  allowManagementCut: flag.optional(),
});

/** Reject a PENDING request with a reason. */
export const rejectSchema = z.strictObject({
  id: entityId,
  reason: z.string().trim().min(1, "Give a reason.").max(500),
});

/** Cancel a PENDING, APPROVED or SCHEDULED request; the reason is optional (blank = none). */
export const cancelSchema = z.strictObject({
  id: entityId,
  reason: z.string().trim().max(CANCEL_REASON_MAX, `At most ${CANCEL_REASON_MAX} characters.`).optional(),
});

/**
 * Apply now (no window) or schedule an APPROVED request in a window (ISO 8601 instants, stored in UTC).
 * The window's bounds are the service's (lib/changes/workflow-window.ts, checked against the clock at
 * parse time): start at most 5 minutes in the past and 90 days ahead, end after the start, in the
 * future and at most 24 hours after the start; an end needs a start. Errors are keyed `windowStart` / `windowEnd`.
 */
export const scheduleSchema = z
  .strictObject({
    id: entityId,
    windowStart: z.iso.datetime({ offset: true }).optional(),
    windowEnd: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.windowEnd && !v.windowStart) {
      ctx.addIssue({ code: "custom", message: "A window end needs a window start.", path: ["windowStart"] });
      return;
    }
    const window = { windowStart: v.windowStart ? new Date(v.windowStart) : undefined, windowEnd: v.windowEnd ? new Date(v.windowEnd) : undefined };
    for (const [field, message] of Object.entries(windowProblems(window, new Date()))) ctx.addIssue({ code: "custom", message, path: [field] });
  });
