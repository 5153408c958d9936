import type { Metadata } from "next";
import Link from "next/link";
import { SegmentTemplateForm } from "@/components/changes/segment-template-form";
import { requirePagePermission } from "@/lib/auth/session";
import { listChangeDeviceOptions } from "@/lib/changes/server";

export const metadata: Metadata = { title: "Isolated MACVLAN segment" };

/** /changes/new/segment: the isolated MACVLAN segment template, on one router or many, as one request. */
export default async function SegmentTemplatePage() {
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
          / isolated MACVLAN segment
        </nav>
        <h1 className="text-2xl font-semibold text-slate-900">Isolated MACVLAN segment</h1>
        <p className="text-sm text-slate-500">
          From the MACVLAN guide: a MACVLAN on a parent, its gateway address, a DHCP pool, server and network, firewall rules that keep the segment off the LAN
          and off the router (DHCP and DNS excepted), and masquerade out of the WAN list where none covers the subnet. One request for every router; if any step
          fails, every applied step is undone.
        </p>
      </div>
      <SegmentTemplateForm devices={devices} />
    </div>
  );
}
