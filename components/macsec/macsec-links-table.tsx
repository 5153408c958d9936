import Link from "next/link";
import { LinkState } from "@/components/device/macvlan-table";
import { EmptyState } from "@/components/ui/card";
import { shortenHex } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { macsecLinksHref, type MacsecLinkDto, type MacsecLinkEndDto, type MacsecLinkQuery, type MacsecLinkSort } from "@/lib/macsec/link-types";
import { StatusSince } from "./status-since";

const PILL = "inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

/** What the link is: a secured pair, a pair not secured, a far end missing from the inventory, or a CKN conflict. */
function LinkKind({ link }: { link: MacsecLinkDto }) {
  if (link.kind === "conflict") return <span className={`${PILL} bg-red-100 text-red-800 ring-red-600/20`}>CKN conflict: {link.ends.length} interfaces</span>;
  if (link.kind === "far-end-missing") return <span className={`${PILL} bg-amber-100 text-amber-800 ring-amber-600/20`}>far end not in inventory</span>;
  return link.secured ? (
    <span className={`${PILL} bg-green-100 text-green-800 ring-green-600/20`}>secured</span>
  ) : (
    <span className={`${PILL} bg-red-100 text-red-800 ring-red-600/20`}>not secured</span>
  );
}

/**
 * One end: router (to its device page's MACsec tab) and site, interface on its parent, status (open-encrypted is good,
 * anything else a problem; how long, when known), MTU, running/disabled, and the poll these values are from. A router
 * that is not up or not polled says so: its end's values are as of its last poll.
 */
function End({ end, asOf }: { end: MacsecLinkEndDto; asOf: string }) {
  return (
    <div
      data-testid="macsec-end"
      data-secured={end.secured}
      className={`space-y-1 border-l-4 pl-2 ${end.secured ? "border-green-500" : "border-red-500"}`}
      aria-label={`${end.router} ${end.name}: ${end.secured ? "secured" : "not secured"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/devices/${encodeURIComponent(end.deviceId)}/macsec`} className="font-medium text-brand hover:underline">
          {end.router}
        </Link>
        <span className="text-xs text-slate-500">{end.site}</span>
        {end.deviceStatus !== "up" && <StatusBadge status={end.deviceStatus} />}
        {!end.deviceEnabled && <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-600">not polled</span>}
      </div>
      <div className="font-mono text-xs">
        {end.name} <span className="text-slate-500">on {end.parent}</span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={end.status} />
        <StatusSince since={end.statusSince} atLeast={end.statusSinceAtLeast} asOf={asOf} />
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span>MTU {end.mtu ?? "–"}</span>
        <LinkState running={end.running} disabled={end.disabled} />
      </div>
      <div className="text-xs text-slate-500">
        Last poll <Time value={end.lastPollAt} relative />
      </div>
    </div>
  );
}

/** The order links (problems first / by router), each a link to page 1 in that order. */
function OrderLinks({ query }: { query: MacsecLinkQuery }) {
  const current = query.sort ?? "problems";
  const item = (sort: MacsecLinkSort, label: string) =>
    current === sort ? (
      <span aria-current="true" className="font-medium text-slate-900">
        {label}
      </span>
    ) : (
      <Link href={macsecLinksHref(query, { sort, page: 1 })} className="text-brand hover:underline">
        {label}
      </Link>
    );
  return (
    <p className="flex gap-3 text-sm text-slate-600" data-testid="macsec-order">
      <span>Order:</span>
      {item("problems", "Problems first")}
      {item("router", "Router")}
    </p>
  );
}

/**
 * The MACsec links table (server-rendered): per link its kind and CKN (shortened, full on hover), then both ends side by
 * side; a missing far end says so, and the extra ends of a CKN conflict are stacked in the far-end column. `asOf`: when
 * the rows were read (ISO UTC), the end of each status's duration.
 */
export function MacsecLinksTable({ rows, query, asOf }: { rows: MacsecLinkDto[]; query: MacsecLinkQuery; asOf: string }) {
  if (rows.length === 0) {
    const filtered = Boolean(query.q || query.site || query.status);
    return (
      <EmptyState title={filtered ? "No MACsec link matches these filters" : "No MACsec links"}>
        {filtered ? (
          <Link href="/macsec" className="text-brand hover:underline">
            Clear the filters
          </Link>
        ) : (
          "No router in the inventory has an /interface/macsec entry as of its last poll."
        )}
      </EmptyState>
    );
  }
  return (
    <div className="space-y-2">
      <OrderLinks query={query} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="macsec-links-table">
          <caption className="sr-only">MACsec links</caption>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Link
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                End A
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                End B
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((link) => {
              const [a, ...far] = link.ends;
              return (
                <tr key={link.ckn ?? `${a?.deviceId}/${a?.name}`} data-testid="macsec-link" data-kind={link.kind} className="align-top">
                  <td className="space-y-1 px-3 py-2">
                    <LinkKind link={link} />
                    <div className="font-mono text-xs text-slate-500" title={link.ckn ?? undefined}>
                      {link.ckn ? `CKN ${shortenHex(link.ckn)}` : "no CKN"}
                    </div>
                  </td>
                  <td className="px-3 py-2">{a && <End end={a} asOf={asOf} />}</td>
                  <td className="space-y-3 px-3 py-2">
                    {far.length === 0 ? (
                      <p className="text-sm text-amber-800" data-testid="far-end-missing">
                        Far end not in inventory
                      </p>
                    ) : (
                      far.map((e) => <End key={`${e.deviceId}/${e.name}`} end={e} asOf={asOf} />)
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
