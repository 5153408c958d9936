import type { Metadata } from "next";
import { SegmentTemplateForm } from "@/components/changes/segment-template-form";
import { TemplatePageHeader } from "@/components/changes/template-form-actions";
import { requirePagePermission } from "@/lib/auth/session";
import { listChangeDeviceOptions } from "@/lib/changes/server";

export const metadata: Metadata = { title: "Isolated MACVLAN segment" };

/** /changes/new/segment: the isolated MACVLAN segment template, on one router or many, as one request. */
export default async function SegmentTemplatePage() {
  await requirePagePermission("changes.propose");
  const devices = await listChangeDeviceOptions();
  return (
    <div className="max-w-5xl space-y-4">
      <TemplatePageHeader crumb="isolated MACVLAN segment" title="Isolated MACVLAN segment">
        From the MACVLAN guide: a MACVLAN on a parent, its gateway address, a DHCP pool, server and network, firewall rules that keep the segment off the LAN
        and off the router (DHCP and DNS excepted), and masquerade out of the WAN list where none covers the subnet. One request for every router; if any step
        fails, every applied step is undone.
      </TemplatePageHeader>
      <SegmentTemplateForm devices={devices} />
    </div>
  );
}
