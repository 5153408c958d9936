import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { DeviceFilters } from "@/components/devices/device-filters";
import { DevicesTable } from "@/components/devices/devices-table";
import { Skeleton } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { deviceListHref, parseDeviceListParams } from "@/lib/devices/list-params";
import type { DeviceListQuery } from "@/lib/devices/queries";
import { listDevices, listSiteNames } from "@/lib/devices/server";

export const metadata: Metadata = { title: "Devices" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function DeviceList({ query, canManage }: { query: DeviceListQuery; canManage: boolean }) {
  const page = await listDevices(query);
  return (
    <div className="space-y-3">
      <DevicesTable rows={page.rows} query={{ ...query, page: page.page }} canManage={canManage} />
      {page.total > 0 && <Pagination page={page} hrefFor={(n) => deviceListHref(query, { page: n })} />}
    </div>
  );
}

async function Filters({ query }: { query: DeviceListQuery }) {
  return <DeviceFilters query={query} sites={await listSiteNames()} />;
}

/** /devices: the inventory with search, filters, sorting and pagination, all in the URL. */
export default async function DevicesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePagePermission("devices.read");
  const query = parseDeviceListParams(await searchParams);
  const canManage = can(user.role, "devices.manage");
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Devices</h1>
          <p className="text-sm text-slate-500">RouterOS routers in the inventory, as of their last poll.</p>
        </div>
        {canManage && (
          <div className="flex items-center gap-3">
            <Link href="/devices/networks" className="text-sm font-medium text-brand hover:underline" data-testid="router-networks-link">
              Router networks
            </Link>
            <Link
              href="/devices/new"
              className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark"
              data-testid="add-device"
            >
              Add device
            </Link>
          </div>
        )}
      </div>
      <Suspense fallback={<Skeleton className="h-16" />}>
        <Filters query={query} />
      </Suspense>
      <Suspense key={JSON.stringify(query)} fallback={<Skeleton className="h-96" />}>
        <DeviceList query={query} canManage={canManage} />
      </Suspense>
    </div>
  );
}
