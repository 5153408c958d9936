import { z } from "zod";
import { safeText } from "../validation/text";

/** Input schemas of the metrics token server actions (client-safe). Strict objects: unknown fields are refused. */

/** `{ name }` of the "create metrics token" form: what scrapes with it, e.g. "prometheus-1". */
export const createMetricsTokenSchema = z.strictObject({ name: z.string().trim().min(1, "Name the token (what scrapes with it)").pipe(safeText("name", 80)) });

/** `{ id }` of a metrics token to revoke. */
export const revokeMetricsTokenSchema = z.strictObject({ id: z.string().trim().min(1) });
