"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/auth/action";
import { addressPlanProposal, addressPlanPreview } from "@/lib/changes/address-plan/server-flow";
import { proposeChange } from "@/lib/changes/server";
import { addressPlanSchema } from "./action-schema";

/**
 * Server actions of the address plan page: the CSV is parsed and checked on the server (problems by line under
 * `csv`), then the kind `dhcp-lease.import` is previewed or proposed through lib/changes/server.ts (which checks
 * changes.propose again and audits the proposal). Permission changes.propose.
 */

/** Previews the plan on its device (router reads only): the generic preview and every row with its class. */
export const previewAddressPlanAction = defineAction({
  name: "changes.address-plan.preview",
  permission: "changes.propose",
  schema: addressPlanSchema,
  handler: (input) => addressPlanPreview(input),
});

/** Proposes the plan (re-planned on the server; PENDING) and redirects to the request. */
export const proposeAddressPlanAction = defineAction({
  name: "changes.address-plan.propose",
  permission: "changes.propose",
  schema: addressPlanSchema,
  handler: async (input) => {
    const { id } = await proposeChange(addressPlanProposal(input));
    revalidatePath("/changes");
    redirect(`/changes/${id}`);
  },
});
