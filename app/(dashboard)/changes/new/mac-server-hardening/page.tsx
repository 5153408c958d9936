import type { Metadata } from "next";
import Link from "next/link";
import { HardeningTemplateForm } from "@/components/changes/hardening-template-form";
import { requirePagePermission } from "@/lib/auth/session";
import { listChangeDeviceOptions } from "@/lib/changes/server";

export const metadata: Metadata = { title: "MAC-server hardening" };

/** /changes/new/mac-server-hardening: the MAC-server hardening template, on one router or many (by site or tag), as one request. */
export default async function MacServerHardeningPage() {
  await requirePagePermission("changes.propose");
  const devices = await listChangeDeviceOptions();
  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/changes" className="hover:underline">
            Changes
          </Link>{" "}
          /{" "}
          <Link href="/changes/new" className="hover:underline">
            new
          </Link>{" "}
          / MAC-server hardening
        </nav>
        <h1 className="text-2xl font-semibold text-slate-900">MAC-server hardening</h1>
        <p className="text-sm text-slate-500">
          From the MAC server guides&apos; security advice: a management interface list with the interfaces you name as its members, MAC-Telnet and MAC-Winbox
          allowed only on that list, and MAC ping off. One request for every router; if any step fails, every applied step is undone.
        </p>
      </div>
      <HardeningTemplateForm devices={devices} />
    </div>
  );
}
