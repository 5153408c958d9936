"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { REVIEW_NOTE_MAX } from "@/lib/backups/outside";
import { reviewOutsideChangeAs, updateSiteBackupSettings } from "@/lib/backups/server";
import { backupSettingsFields, toBackupSettings } from "@/lib/backups/settings";
import { entityId } from "@/lib/validation/ids";

/**
 * Server actions of the backups page, defined once with defineAction (strict zod schema → permission inside the
 * action) → lib/backups/server.ts (which checks it again and audits) → revalidatePath.
 */

/** Reviews an outside change (FormData `backupId`, optional `note`). Permission changes.approve. */
export const reviewOutsideChangeAction = defineAction({
  name: "backups.review-outside-change",
  permission: "changes.approve",
  schema: z.strictObject({
    backupId: entityId,
    note: z
      .string()
      .trim()
      .max(REVIEW_NOTE_MAX, `The note must be at most ${REVIEW_NOTE_MAX} characters.`)
      .optional()
      .transform((v) => (v ? v : null)),
  }),
  handler: async ({ backupId, note }) => {
    const r = await reviewOutsideChangeAs(backupId, note);
    revalidatePath("/backups");
    return r;
  },
});

/** Sets a site's backup schedule and retention (FormData `siteId`, `enabled`, `timeOfDay`, `keepVersions`, `keepDays`). Permission devices.manage. */
export const setSiteBackupSettingsAction = defineAction({
  name: "backups.set-site-schedule",
  permission: "devices.manage",
  schema: z.strictObject({ siteId: entityId, ...backupSettingsFields }),
  handler: async ({ siteId, ...fields }) => {
    await updateSiteBackupSettings(siteId, toBackupSettings(fields));
    revalidatePath("/backups");
    return null;
  },
});
