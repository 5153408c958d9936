import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { DeviceHeader } from "@/components/device/device-header";
import { DeviceTabs } from "@/components/device/device-tabs";
import { RangePicker } from "@/components/ui/range-picker";
import { countDeviceFiringAlerts } from "@/lib/alerts/server";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getDeviceHeader } from "@/lib/devices/server";

type Props = { children: ReactNode; params: Promise<{ id: string }> };

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const device = await getDeviceHeader(id).catch(() => null);
  return { title: device?.name ?? "Device" };
}

/**
 * /devices/[id] tab pages (Overview, MAC server, MACVLAN, MACsec, IP, Firewall, Configuration, Logs): header, tabs and the shared
 * time-range picker. A route group, so /devices/[id]/edit (its own page) does not get this chrome.
 * Unknown ids reach ../not-found.tsx.
 */
export default async function DeviceLayout({ children, params }: Props) {
  const { id } = await params;
  const user = await requirePagePermission("devices.read");
  const device = await getDeviceHeader(id);
  if (!device) notFound();
  return (
    <div className="space-y-4">
      <DeviceHeader device={device} canEdit={can(user.role, "devices.manage")} canPropose={can(user.role, "changes.propose")} />
      <Suspense fallback={<div className="h-10 border-b border-slate-200" />}>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="min-w-0 flex-1">
            <DeviceTabs deviceId={device.id} showConfiguration={can(user.role, "changes.read")} firingAlerts={await countDeviceFiringAlerts(device.id)} />
          </div>
          <RangePicker label="Chart time range" />
        </div>
      </Suspense>
      {children}
    </div>
  );
}
