import { z } from "zod";
import { entityId } from "@/lib/validation/ids";
import { CHANGE_KIND_IDS } from "@/lib/changes/types";

/**
 * Zod schemas of the change server actions (strict objects). Params of a kind are only shaped here
 * (strings and booleans, keyed by param name); the kind's own schema validates them in the service.
 */

/** Checkbox values from FormData (`on`, `true`) or booleans. */
const flag = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/** Preview and propose: kind, params by name, and the resolved device ids (1–500). */
export const proposalSchema = z.strictObject({
  kind: z.enum(CHANGE_KIND_IDS),
  deviceIds: z.array(entityId).min(1, "Pick at least one device.").max(500, "At most 500 devices per request."),
  params: z.record(z.string().max(64), z.union([z.string().max(4096), z.boolean()])),
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

/** Apply now (no window) or schedule an APPROVED request in a window (ISO 8601 UTC instants). */
export const scheduleSchema = z
  .strictObject({
    id: entityId,
    windowStart: z.iso.datetime({ offset: true }).optional(),
    windowEnd: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((v) => !v.windowEnd || v.windowStart, { message: "A window end needs a window start.", path: ["windowStart"] })
  .refine((v) => !v.windowStart || !v.windowEnd || Date.parse(v.windowEnd) > Date.parse(v.windowStart), {
    message: "The window must end after it starts.",
    path: ["windowEnd"],
  });
