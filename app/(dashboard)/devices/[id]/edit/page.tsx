import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteDeviceForm } from "@/components/devices/delete-device-form";
import { DeviceForm } from "@/components/devices/device-form";
import { Card } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { getDeviceForEdit, listSiteNames } from "@/lib/devices/server";

export const metadata: Metadata = { title: "Edit device" };

/** /devices/[id]/edit: change or delete a router's inventory entry (admins: devices.manage). */
export default async function EditDevicePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePagePermission("devices.manage");
  const { id } = await params;
  const [device, sites] = await Promise.all([getDeviceForEdit(id), listSiteNames()]);
  if (!device) notFound();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/devices" className="hover:underline">
          Devices
        </Link>{" "}
        /{" "}
        <Link href={`/devices/${device.id}`} className="hover:underline">
          {device.name}
        </Link>{" "}
        / Edit
      </nav>
      <h1 className="text-2xl font-semibold text-slate-900">Edit {device.name}</h1>
      <Card>
        <DeviceForm device={device} sites={sites} />
      </Card>
      <Card title="Delete device" className="border-red-200">
        <DeleteDeviceForm id={device.id} name={device.name} />
      </Card>
    </div>
  );
}
