"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { createMetricsTokenSchema, revokeMetricsTokenSchema } from "@/lib/metrics-export/schema";
import { createMetricsToken, revokeMetricsToken } from "@/lib/metrics-export/server";

/**
 * Server actions of the Prometheus metrics tokens (permission metrics.manage, checked inside each action by
 * defineAction and again by lib/metrics-export/server.ts). The service writes the audit events
 * (metrics.token.create / metrics.token.revoke, never the token).
 */

/** What the admin sees once after creating a token: the token itself (for Prometheus's credentials_file) and its name. */
export interface CreatedMetricsToken {
  token: string;
  name: string;
}

/** Creates a metrics token (FormData `name`). Permission metrics.manage. The token comes back once. */
export const createMetricsTokenAction = defineAction({
  name: "metrics-tokens.create",
  permission: "metrics.manage",
  schema: createMetricsTokenSchema,
  handler: async (input): Promise<CreatedMetricsToken> => {
    const { token, view } = await createMetricsToken(input);
    revalidatePath("/settings/metrics");
    return { token, name: view.name };
  },
});

/** Revokes a metrics token (FormData `id`). Permission metrics.manage. */
export const revokeMetricsTokenAction = defineAction({
  name: "metrics-tokens.revoke",
  permission: "metrics.manage",
  schema: revokeMetricsTokenSchema,
  handler: async (input): Promise<null> => {
    await revokeMetricsToken(input);
    revalidatePath("/settings/metrics");
    return null;
  },
});
