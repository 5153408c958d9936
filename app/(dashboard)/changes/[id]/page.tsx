import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChangeDetailView } from "@/components/changes/change-detail-view";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getChange } from "@/lib/changes/server";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const change = await getChange(id).catch(() => null);
  return { title: change?.title ?? "Change request" };
}

/** /changes/[id]: one change request with its devices, diff, planned and executed calls, history and the viewer's possible actions. */
export default async function ChangePage({ params }: Props) {
  const { id } = await params;
  const user = await requirePagePermission("changes.read");
  const change = await getChange(id);
  if (!change) notFound();
  return (
    <div className="space-y-4">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/changes" className="hover:underline">
            Changes
          </Link>{" "}
          / {change.id}
        </nav>
        <h1 className="text-xl font-semibold text-slate-900" data-testid="change-title">
          {change.title}
        </h1>
      </div>
      <ChangeDetailView
        initial={change}
        viewer={{ id: user.id, canApprove: can(user.role, "changes.approve"), canPropose: can(user.role, "changes.propose") }}
      />
    </div>
  );
}
