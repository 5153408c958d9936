import { z } from "zod";
import { safeText } from "../validation/text";

/**
 * Input schemas of the share-link server actions (client-safe: the form reads the expiry choices).
 * Strict objects: unknown fields are refused.
 */

/** Expiry choices of a new share link, in days; `never` = no expiry. */
const SHARE_LINK_EXPIRIES = { never: null, "1d": 1, "7d": 7, "30d": 30, "90d": 90 } as const;
export type ShareLinkExpiry = keyof typeof SHARE_LINK_EXPIRIES;

/** Labels of the expiry choices, in menu order. */
export const SHARE_LINK_EXPIRY_LABELS: Record<ShareLinkExpiry, string> = {
  never: "Never",
  "1d": "In 1 day",
  "7d": "In 7 days",
  "30d": "In 30 days",
  "90d": "In 90 days",
};

/** `{ siteId, label, expiresIn }` of the "create share link" form. */
export const createShareLinkSchema = z.strictObject({
  siteId: z.string().trim().min(1, "Choose a site"),
  label: z.string().trim().pipe(safeText("label", 80)).default(""),
  expiresIn: z.enum(Object.keys(SHARE_LINK_EXPIRIES) as [ShareLinkExpiry, ...ShareLinkExpiry[]]).default("never"),
});
export type CreateShareLinkForm = z.output<typeof createShareLinkSchema>;

/** `{ id }` of a share link to revoke. */
export const revokeShareLinkSchema = z.strictObject({ id: z.string().trim().min(1) });

/**
 * The expiry time of a choice (UTC): `now` plus the chosen number of days, or null for `never`.
 */
export function expiryFrom(choice: ShareLinkExpiry, now: Date = new Date()): Date | null {
  const days = SHARE_LINK_EXPIRIES[choice];
  return days === null ? null : new Date(now.getTime() + days * 86_400_000);
}
