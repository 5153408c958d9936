import type { Metadata } from "next";
import Link from "next/link";
import { AddRouterNetworkForm, RemoveRouterNetworkButton, ResetRouterNetworksForm } from "@/components/devices/router-network-forms";
import { Card } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { requirePagePermission } from "@/lib/auth/session";
import { getRouterNetworks } from "@/lib/devices/server";

export const metadata: Metadata = { title: "Router networks" };

/**
 * /devices/networks (permission devices.manage): the networks a device's API URL may point into, checked when a
 * device is saved and at every connection (poller, change runner, Test connection). Lists the admin's networks (or
 * the defaults while the list is empty), adds and removes networks, resets to the defaults, and shows what is never
 * allowed. Every change is audited.
 */
export default async function RouterNetworksPage() {
  await requirePagePermission("devices.manage");
  const view = await getRouterNetworks();
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <Link href="/devices" className="text-sm text-brand hover:underline">
          ← Devices
        </Link>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">Router networks</h1>
        <p className="text-sm text-slate-500">
          A device&apos;s API URL must resolve into these networks (every address a name resolves to). The NOC checks it when a device is saved and again before
          every connection, so routers cannot be used to reach the NOC server itself or its neighbours. Loopback is allowed only through a network added for it
          (e.g. 127.0.0.1/32 for a local simulator), and never on the NOC&apos;s own port.
        </p>
      </div>

      <Card title={view.usingDefaults ? "Defaults in effect (no network listed)" : `Allowed networks (${view.networks.length})`}>
        {view.usingDefaults ? (
          <ul className="list-disc space-y-1 pl-5 font-mono text-sm text-slate-700" data-testid="router-network-defaults">
            {view.defaults.map((cidr) => (
              <li key={cidr}>{cidr}</li>
            ))}
          </ul>
        ) : (
          <table className="w-full text-sm" data-testid="router-networks-table">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase text-slate-500">
                <th className="py-2 pr-3 font-medium">Network</th>
                <th className="py-2 pr-3 font-medium">Comment</th>
                <th className="py-2 pr-3 font-medium">Added</th>
                <th className="py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.networks.map((n) => (
                <tr key={n.id} className="border-b border-slate-100" data-testid="router-network-row">
                  <td className="py-2 pr-3 font-mono">{n.cidr}</td>
                  <td className="py-2 pr-3 text-slate-700">{n.comment}</td>
                  <td className="py-2 pr-3 text-slate-500">
                    <Time value={n.createdAt} />
                  </td>
                  <td className="py-2">
                    <RemoveRouterNetworkButton id={n.id} cidr={n.cidr} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="Add a network">
        <AddRouterNetworkForm usingDefaults={view.usingDefaults} />
      </Card>

      {!view.usingDefaults && (
        <Card title="Reset to defaults">
          <p className="mb-3 text-sm text-slate-700">
            Empties the list: the defaults ({view.defaults.join(", ")}) apply again, and any loopback network is gone.
          </p>
          <ResetRouterNetworksForm />
        </Card>
      )}

      <Card title="Never allowed">
        <p className="mb-2 text-sm text-slate-700">Refused whatever the list says:</p>
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
          {view.neverAllowed.map((n) => (
            <li key={n.cidr}>
              <span className="font-mono">{n.cidr}</span>: {n.why}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
