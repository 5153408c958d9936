import type { Metadata } from "next";
import { HardeningTemplateForm } from "@/components/changes/hardening-template-form";
import { TemplatePageHeader } from "@/components/changes/template-form-actions";
import { requirePagePermission } from "@/lib/auth/session";
import { listChangeDeviceOptions } from "@/lib/changes/server";

export const metadata: Metadata = { title: "MAC-server hardening" };

/** /changes/new/mac-server-hardening: the MAC-server hardening template, on one router or many (by site or tag), as one request. */
export default async function MacServerHardeningPage() {
  await requirePagePermission("changes.propose");
  const devices = await listChangeDeviceOptions();
  return (
    <div className="max-w-5xl space-y-4">
      <TemplatePageHeader crumb="MAC-server hardening" title="MAC-server hardening">
        From the MAC server guides&apos; security advice: a management interface list with the interfaces you name as its members, MAC-Telnet and MAC-Winbox
        allowed only on that list, and MAC ping off. One request for every router; if any step fails, every applied step is undone.
      </TemplatePageHeader>
      <HardeningTemplateForm devices={devices} />
    </div>
  );
}
