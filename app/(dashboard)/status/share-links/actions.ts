"use server";

import { revalidatePath } from "next/cache";
import { defineAction, type ActionResult, type ExpectedErrorClass } from "@/lib/auth/action";
import { createShareLinkSchema, expiryFrom, revokeShareLinkSchema } from "@/lib/status/schema";
import { createShareLinkInApp, revokeShareLinkInApp } from "@/lib/status/server";
import { ShareLinkError } from "@/lib/status/share-links";

/**
 * Server actions of the status share links (permission status.share, checked inside each action by
 * defineAction). The service writes the audit events (status_share.create / status_share.revoke).
 */

/** The service's refusals (unknown site or link, already revoked), shown as is. */
const expected: readonly ExpectedErrorClass[] = [ShareLinkError];

/** What the admin sees once after creating a link: the full URL (with the token) and the site. */
export interface CreatedShareLink {
  url: string;
  siteName: string;
  tokenPrefix: string;
  expiresAt: string | null;
}

const createImpl = defineAction({
  name: "share-links.create",
  permission: "status.share",
  schema: createShareLinkSchema,
  expected,
  handler: async (input, { actor }): Promise<CreatedShareLink> => {
    const { link, url } = await createShareLinkInApp(actor, { siteId: input.siteId, label: input.label, expiresAt: expiryFrom(input.expiresIn) });
    revalidatePath("/status/share-links");
    return { url, siteName: link.siteName, tokenPrefix: link.tokenPrefix, expiresAt: link.expiresAt };
  },
});

const revokeImpl = defineAction({
  name: "share-links.revoke",
  permission: "status.share",
  schema: revokeShareLinkSchema,
  expected,
  handler: async (input, { actor }): Promise<null> => {
    await revokeShareLinkInApp(actor, input);
    revalidatePath("/status/share-links");
    return null;
  },
});

/** Creates a share link (FormData `siteId`, `label`, `expiresIn`). Permission status.share. The URL comes back once. */
export async function createShareLinkAction(prev: ActionResult<CreatedShareLink> | null, input: FormData): Promise<ActionResult<CreatedShareLink>> {
  return createImpl(prev, input);
}

/** Revokes a share link (FormData `id`). Permission status.share. */
export async function revokeShareLinkAction(prev: ActionResult<null> | null, input: FormData): Promise<ActionResult<null>> {
  return revokeImpl(prev, input);
}
