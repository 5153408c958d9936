"use client";

import { revokeShareLinkAction } from "@/app/(dashboard)/status/share-links/actions";
import { EmptyState } from "@/components/ui/card";
import { ConfirmRevoke } from "@/components/ui/confirm-revoke";
import { Time } from "@/components/ui/time";
import type { ShareLinkView } from "@/lib/status/share-links";

const STATE_STYLES: Record<ShareLinkView["state"], string> = {
  active: "bg-green-100 text-green-800",
  expired: "bg-slate-100 text-slate-700",
  revoked: "bg-red-100 text-red-800",
};

/** Every share link with its site, label, token prefix, creator, times and state; active ones can be revoked. */
export function ShareLinksTable({ links }: { links: ShareLinkView[] }) {
  if (links.length === 0)
    return <EmptyState title="No share links yet">Create one above to show a site&apos;s status to someone without an account.</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Status share links, newest first</caption>
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-2 pr-3 font-medium">
              Site
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Label
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Token
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Created
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Last used
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Expires
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              State
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {links.map((l) => (
            <tr key={l.id} data-testid="share-link-row" data-prefix={l.tokenPrefix} data-state={l.state}>
              <td className="py-2 pr-3 font-medium">{l.siteName}</td>
              <td className="py-2 pr-3">{l.label || <span className="text-slate-500">–</span>}</td>
              <td className="py-2 pr-3 font-mono text-xs">{l.tokenPrefix}…</td>
              <td className="py-2 pr-3 text-xs">
                <Time value={l.createdAt} />
                {l.createdByEmail && <div className="text-slate-500">{l.createdByEmail}</div>}
              </td>
              <td className="py-2 pr-3 text-xs">
                <Time value={l.lastUsedAt} relative />
              </td>
              <td className="py-2 pr-3 text-xs">{l.expiresAt ? <Time value={l.expiresAt} /> : <span className="text-slate-500">never</span>}</td>
              <td className="py-2 pr-3">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLES[l.state]}`}>{l.state}</span>
                {l.revokedAt && (
                  <div className="text-xs text-slate-500">
                    <Time value={l.revokedAt} />
                  </div>
                )}
              </td>
              <td className="py-2 text-right">
                {l.state === "active" && <ConfirmRevoke action={revokeShareLinkAction} id={l.id} testId="share-link-revoke" />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
