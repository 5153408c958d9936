import { z } from "zod";
import { CSV_MAX_CHARS } from "@/lib/changes/address-plan/limits";
import { entityId } from "@/lib/validation/ids";

/**
 * Preview and propose of an address plan (strict object): the device, the DHCP server's name (checked by the kind:
 * RouterOS name rules, and that it exists on the router) and the CSV text (parsed on the server,
 * lib/changes/address-plan/csv.ts).
 */
export const addressPlanSchema = z.strictObject({
  deviceId: entityId,
  server: z.string().trim().min(1, "Name the DHCP server.").max(64),
  csv: z.string().min(1, "Paste or upload the CSV.").max(CSV_MAX_CHARS, `At most ${CSV_MAX_CHARS} characters.`),
});
export type AddressPlanInput = z.input<typeof addressPlanSchema>;
