import type { Metadata } from "next";
import Link from "next/link";
import { AddressPlanForm } from "@/components/changes/address-plan-form";
import { requirePagePermission } from "@/lib/auth/session";
import { listChangeDeviceOptions } from "@/lib/changes/server";

export const metadata: Metadata = { title: "Import an address plan" };

/** /changes/new/address-plan: propose static DHCP leases from a CSV (`dhcp-lease.import`) on one router's DHCP server. */
export default async function AddressPlanPage() {
  await requirePagePermission("changes.propose");
  const devices = await listChangeDeviceOptions();
  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/changes" className="hover:underline">
            Changes
          </Link>{" "}
          /{" "}
          <Link href="/changes/new" className="hover:underline">
            new
          </Link>{" "}
          / address plan
        </nav>
        <h1 className="text-2xl font-semibold text-slate-900">Import an address plan</h1>
        <p className="text-sm text-slate-500">
          A CSV of MAC addresses, IP addresses and comments becomes static leases of one DHCP server. Preview reads the router (nothing is changed); once
          proposed, another admin approves it before it is applied, and a failure undoes every lease written.
        </p>
      </div>
      <AddressPlanForm devices={devices} />
    </div>
  );
}
