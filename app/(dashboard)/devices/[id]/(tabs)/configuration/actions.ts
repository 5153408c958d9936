"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { backUpNow, setBackupSecrets, updateDeviceBackupSettings } from "@/lib/backups/server";
import { backupSettingsFields, toBackupSettings } from "@/lib/backups/settings";
import { entityId } from "@/lib/validation/ids";

/**
 * Server actions of the device Configuration tab, defined once with defineAction (strict zod schema → permission
 * inside the action) → lib/backups/server.ts (which checks it again and audits) → revalidatePath.
 */

/** "Back up now" (FormData `deviceId`): an on-demand backup; says whether a new version was stored. Permission changes.propose. */
export const backUpNowAction = defineAction({
  name: "backups.back-up-now",
  permission: "changes.propose",
  schema: z.strictObject({ deviceId: entityId }),
  handler: async ({ deviceId }) => {
    const r = await backUpNow(deviceId);
    revalidatePath(`/devices/${deviceId}/configuration`);
    return { stored: r.stored, linesAdded: r.linesAdded, linesRemoved: r.linesRemoved };
  },
});

/** Opts the device's backups in or out of secrets (FormData `deviceId`, `includeSecrets` = `true`/`false`). Permission devices.manage. */
export const setBackupSecretsAction = defineAction({
  name: "backups.set-secrets",
  permission: "devices.manage",
  schema: z.strictObject({ deviceId: entityId, includeSecrets: z.enum(["true", "false"]) }),
  handler: async ({ deviceId, includeSecrets }) => {
    await setBackupSecrets(deviceId, includeSecrets === "true");
    revalidatePath(`/devices/${deviceId}/configuration`);
    return null;
  },
});

/** Sets the device's backup schedule and retention (FormData `deviceId`, `enabled`, `timeOfDay`, `keepVersions`, `keepDays`). Permission devices.manage. */
export const setDeviceBackupSettingsAction = defineAction({
  name: "backups.set-device-schedule",
  permission: "devices.manage",
  schema: z.strictObject({ deviceId: entityId, ...backupSettingsFields }),
  handler: async ({ deviceId, ...fields }) => {
    await updateDeviceBackupSettings(deviceId, toBackupSettings(fields));
    revalidatePath(`/devices/${deviceId}/configuration`);
    return null;
  },
});
