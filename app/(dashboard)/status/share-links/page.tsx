import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { CreateShareLinkForm } from "@/components/status/create-share-link-form";
import { ShareLinksTable } from "@/components/status/share-links-table";
import { requirePagePermission } from "@/lib/auth/session";
import { getShareLinksAdmin } from "@/lib/status/server";

export const metadata: Metadata = { title: "Status share links" };

/**
 * /status/share-links (permission status.share): create a per-site link to the read-only status page
 * without login (URL shown once), list links with token prefix, creator, last use, expiry, and revoke them.
 */
export default async function ShareLinksPage() {
  await requirePagePermission("status.share");
  const { links, sites } = await getShareLinksAdmin();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/status" className="text-sm text-brand hover:underline">
          ← Status
        </Link>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">Status share links</h1>
        <p className="text-sm text-slate-500">
          A share link shows one site&apos;s read-only status to anyone who has the URL, without login. Only a hash of its token is stored: copy the URL when it
          is created. Revoke a link to close it at once.
        </p>
      </div>
      <Card title="New share link">
        <CreateShareLinkForm sites={sites} />
      </Card>
      <Card title={`Share links (${links.length})`}>
        <ShareLinksTable links={links} />
      </Card>
    </div>
  );
}
