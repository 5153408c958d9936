import type { Metadata } from "next";
import Link from "next/link";
import { DeviceForm } from "@/components/devices/device-form";
import { Card } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { listSiteNames } from "@/lib/devices/server";

export const metadata: Metadata = { title: "Add device" };

/** /devices/new: add a router to the inventory (admins: devices.manage). */
export default async function NewDevicePage() {
  await requirePagePermission("devices.manage");
  const sites = await listSiteNames();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/devices" className="hover:underline">
          Devices
        </Link>{" "}
        / Add device
      </nav>
      <h1 className="text-2xl font-semibold text-slate-900">Add device</h1>
      <Card>
        <DeviceForm sites={sites} />
      </Card>
    </div>
  );
}
