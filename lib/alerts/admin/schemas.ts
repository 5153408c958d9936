import "server-only";
import { z } from "zod";
import { macAddress } from "../../validation/routeros";
import { emailTargetSchema, webhookTargetSchema } from "../notify/targets";
import { RULE_SCOPES, SEVERITIES } from "../rule-types";

/**
 * What the admin forms of /alerts/rules, /alerts/allow-list and /alerts/targets send (their server actions validate
 * with these, lib/alerts/admin-server.ts again). Strict objects: a field the form does not have is refused. The forms
 * send objects built from their fields (numbers as numbers, checkboxes as booleans).
 */

const id = z.string().trim().min(1, "required").max(100);

/** One threshold as sent: a number, null (blank: the type's default), or the chosen MACsec counters. */
const thresholdValue = z.union([z.number(), z.null(), z.array(z.string().max(64)).max(20)]);

/**
 * A rule's editable settings. The scope's value comes from the field of its kind: `siteId` (select), `deviceName`
 * (a device's name, resolved to its id) or `tag`; the others are ignored.
 */
const ruleSettings = {
  thresholds: z.record(z.string().max(64), thresholdValue),
  scope: z.enum(RULE_SCOPES),
  siteId: z.string().max(100).default(""),
  deviceName: z.string().trim().max(253).default(""),
  tag: z.string().trim().max(200).default(""),
  severity: z.enum(SEVERITIES),
  enabled: z.boolean(),
};

/** Edit of an existing rule. */
export const ruleEditSchema = z.strictObject({ id, ...ruleSettings });
export type RuleEditInput = z.input<typeof ruleEditSchema>;

/** A new rule of a type (name unique, not a built-in rule's). */
export const ruleNewSchema = z.strictObject({
  name: z.string().trim().min(1, "Give the rule a name").max(100),
  type: z.string().min(1).max(64),
  ...ruleSettings,
});
export type RuleNewInput = z.input<typeof ruleNewSchema>;

/** A rule, an allow-list entry or a target named by id (delete, send test). */
export const byIdSchema = z.strictObject({ id });

/** A MAC for the allow-list of a site (`siteId`) or a device (`deviceName`). */
export const allowListAddSchema = z.strictObject({
  macAddress,
  scope: z.enum(["site", "device"]),
  siteId: z.string().max(100).default(""),
  deviceName: z.string().trim().max(253).default(""),
  comment: z.string().trim().max(200, "at most 200 characters").default(""),
});
export type AllowListAddInput = z.input<typeof allowListAddSchema>;

/** How the HMAC secret changes: keep the stored one (on create: none), generate one (shown once), paste one, or drop it. */
export const SECRET_MODES = ["keep", "generate", "paste", "none"] as const;

/** Shortest pasted HMAC secret (characters). */
export const MIN_PASTED_SECRET = 16;

/** A webhook or e-mail target as the form sends it (`id` set: an update). */
export const targetFormSchema = z.discriminatedUnion("kind", [
  webhookTargetSchema
    .omit({ removeSecret: true })
    .extend({ id: id.optional(), secretMode: z.enum(SECRET_MODES) })
    .superRefine((t, ctx) => {
      if (t.secretMode === "paste" && t.secret.length < MIN_PASTED_SECRET)
        ctx.addIssue({ code: "custom", path: ["secret"], message: `a pasted secret needs at least ${MIN_PASTED_SECRET} characters` });
      if (t.secretMode !== "paste" && t.secret !== "") ctx.addIssue({ code: "custom", path: ["secret"], message: "only a pasted secret is sent" });
    }),
  emailTargetSchema.extend({ id: id.optional() }),
]);
export type TargetFormInput = z.input<typeof targetFormSchema>;

/** Enable or disable a target. */
export const targetEnabledSchema = z.strictObject({ id, enabled: z.boolean() });
