import type { Metadata } from "next";
import { AddressPlanForm } from "@/components/changes/address-plan-form";
import { TemplatePageHeader } from "@/components/changes/template-form-actions";
import { requirePagePermission } from "@/lib/auth/session";
import { listChangeDeviceOptions } from "@/lib/changes/server";

export const metadata: Metadata = { title: "Import an address plan" };

/** /changes/new/address-plan: propose static DHCP leases from a CSV (`dhcp-lease.import`) on one router's DHCP server. */
export default async function AddressPlanPage() {
  await requirePagePermission("changes.propose");
  const devices = await listChangeDeviceOptions();
  return (
    <div className="max-w-5xl space-y-4">
      <TemplatePageHeader crumb="address plan" title="Import an address plan">
        A CSV of MAC addresses, IP addresses and comments becomes static leases of one DHCP server. Preview reads the router (nothing is changed); once
        proposed, another admin approves it before it is applied, and a failure undoes every lease written.
      </TemplatePageHeader>
      <AddressPlanForm devices={devices} />
    </div>
  );
}
