"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { createShareLinkSchema, expiryFrom, revokeShareLinkSchema } from "@/lib/status/schema";
import { createShareLink, revokeShareLink } from "@/lib/status/server";

/**
 * Server actions of the status share links (permission status.share, checked inside each action by
 * defineAction and again by lib/status/server.ts), each defined once. The service writes the audit events
 * (status_share.create / status_share.revoke).
 */

/** What the admin sees once after creating a link: the full URL (with the token) and the site. */
export interface CreatedShareLink {
  url: string;
  siteName: string;
  tokenPrefix: string;
  expiresAt: string | null;
}

/** Creates a share link (FormData `siteId`, `label`, `expiresIn`). Permission status.share. The URL comes back once. */
export const createShareLinkAction = defineAction({
  name: "share-links.create",
  permission: "status.share",
  schema: createShareLinkSchema,
  handler: async (input): Promise<CreatedShareLink> => {
    const { link, url } = await createShareLink({ siteId: input.siteId, label: input.label, expiresAt: expiryFrom(input.expiresIn) });
    revalidatePath("/status/share-links");
    return { url, siteName: link.siteName, tokenPrefix: link.tokenPrefix, expiresAt: link.expiresAt };
  },
});

/** Revokes a share link (FormData `id`). Permission status.share. */
export const revokeShareLinkAction = defineAction({
  name: "share-links.revoke",
  permission: "status.share",
  schema: revokeShareLinkSchema,
  handler: async (input): Promise<null> => {
    await revokeShareLink(input);
    revalidatePath("/status/share-links");
    return null;
  },
});
