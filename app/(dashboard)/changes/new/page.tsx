import type { Metadata } from "next";
import Link from "next/link";
import { ChangeProposalForm, type ProposalDefaults } from "@/components/changes/change-proposal-form";
import { requirePagePermission } from "@/lib/auth/session";
import { listChangeDeviceOptions } from "@/lib/changes/server";
import { KIND_INFOS } from "@/lib/changes/kinds/catalog";
import { freshNocKey } from "@/lib/changes/kinds/rule-key";
import { CHANGE_KIND_IDS, type ChangeKindId } from "@/lib/changes/types";

export const metadata: Metadata = { title: "Propose a change" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Deep link → form defaults: `kind` (a kind id), `device` (a device id) and any non-secret param of
 * that kind by name (e.g. `interface=vlan-68`). Secret params are never taken from the URL. A fresh
 * firewall rule key (`noc:…`) is made per page load for the fields that ask for one.
 */
function defaultsFrom(sp: Record<string, string | string[] | undefined>, deviceIds: Set<string>): ProposalDefaults {
  const kind = (CHANGE_KIND_IDS as readonly string[]).includes(first(sp.kind) ?? "") ? (first(sp.kind) as ChangeKindId) : "macvlan.add";
  const info = KIND_INFOS.find((k) => k.id === kind);
  const params: Record<string, string> = {};
  for (const f of info?.fields ?? []) {
    const v = first(sp[f.name]);
    if (v !== undefined && f.type !== "secret") params[f.name] = v.slice(0, 256);
  }
  const device = first(sp.device) ?? "";
  return { kind, device: deviceIds.has(device) ? device : "", params, nocKey: freshNocKey() };
}

/** /changes/new: propose a change to one device or many (bulk), with a preview read from the routers. */
export default async function NewChangePage({ searchParams }: { searchParams: SearchParams }) {
  await requirePagePermission("changes.propose");
  const devices = await listChangeDeviceOptions();
  const defaults = defaultsFrom(await searchParams, new Set(devices.map((d) => d.id)));
  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/changes" className="hover:underline">
            Changes
          </Link>{" "}
          / new
        </nav>
        <h1 className="text-2xl font-semibold text-slate-900">Propose a change</h1>
        <p className="text-sm text-slate-500">Preview reads the routers (nothing is changed). Once proposed, another admin approves it before it is applied.</p>
        <p className="mt-1 text-sm text-slate-600">
          Whole set-ups from the guides, as one request:{" "}
          <Link href="/changes/new/segment" className="text-brand hover:underline" data-testid="template-segment-link">
            isolated MACVLAN segment
          </Link>
          ,{" "}
          <Link href="/changes/new/macsec-link" className="text-brand hover:underline" data-testid="template-macsec-link">
            MACsec link (or CAK rotation) on both ends
          </Link>
          ,{" "}
          <Link href="/changes/new/mac-server-hardening" className="text-brand hover:underline" data-testid="template-hardening-link">
            MAC-server hardening
          </Link>
          .
        </p>
      </div>
      <ChangeProposalForm devices={devices} defaults={defaults} />
    </div>
  );
}
