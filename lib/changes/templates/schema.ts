import { z } from "zod";
import type { SetUpPreview } from "../setup/types";

/** The templates a set-up can be built from (lib/changes/templates), by id. Client-safe. */
export const TEMPLATE_IDS = ["isolated-macvlan", "macsec-link", "mac-server-hardening"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** What a template server action accepts: the template id and its form input (validated by the template's own schema). */
export const templateActionSchema = z.strictObject({ template: z.enum(TEMPLATE_IDS), input: z.unknown() });

/** A template's preview: the set-up's steps as planned, and the template's own notes (e.g. NAT already covered). */
export interface TemplatePreview extends SetUpPreview {
  templateNotes: string[];
}
