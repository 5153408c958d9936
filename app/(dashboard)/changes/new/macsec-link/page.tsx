import type { Metadata } from "next";
import { MacsecLinkTemplateForm } from "@/components/changes/macsec-link-template-form";
import { TemplatePageHeader } from "@/components/changes/template-form-actions";
import { requirePagePermission } from "@/lib/auth/session";
import { listChangeDeviceOptions } from "@/lib/changes/server";

export const metadata: Metadata = { title: "MACsec link" };

/** /changes/new/macsec-link: a MACsec link on two routers, or a CAK rotation on both ends, as one request. */
export default async function MacsecLinkTemplatePage() {
  await requirePagePermission("changes.propose");
  const devices = await listChangeDeviceOptions();
  return (
    <div className="max-w-5xl space-y-4">
      <TemplatePageHeader crumb="MACsec link" title="MACsec link">
        From the MACsec guide: one MACsec interface on each end with the same CAK and CKN. After the writes the request waits until both ends report
        open-encrypted; if one does not in time, both ends are undone and the request names it. Keys are sealed at rest and shown only as fingerprints.
      </TemplatePageHeader>
      <MacsecLinkTemplateForm devices={devices} />
    </div>
  );
}
