import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AlertsSubNav } from "@/components/alerts/alerts-sub-nav";
import { ConfirmAction } from "@/components/alerts/confirm-action";
import { EnableToggle, SendTestButton } from "@/components/alerts/target-actions";
import { TargetForm } from "@/components/alerts/target-form";
import { TargetNotifications } from "@/components/alerts/target-notifications";
import { Card, Skeleton } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Time } from "@/components/ui/time";
import { getTarget, listTargetMessages } from "@/lib/alerts/admin-server";
import { requirePagePermission } from "@/lib/auth/session";
import { deleteTargetAction } from "../actions";

export const metadata: Metadata = { title: "Notification target" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function Messages({ id, page }: { id: string; page: number | undefined }) {
  const list = await listTargetMessages(id, page);
  return (
    <div className="space-y-3">
      <Pagination page={list} hrefFor={(n) => `/alerts/targets/${id}?page=${n}`} />
      <TargetNotifications rows={list.rows} />
    </div>
  );
}

/**
 * /alerts/targets/[id]: one target's delivery state (last success, last error), "Send test", its settings (the HMAC
 * secret as a fingerprint only), enable/disable, delete, and its recent messages with paging (admins: alerts.manage).
 */
export default async function NotificationTargetPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  await requirePagePermission("alerts.manage");
  const { id } = await params;
  const target = await getTarget(id);
  if (!target) notFound();
  const rawPage = (await searchParams).page;
  const page = typeof rawPage === "string" && /^\d+$/.test(rawPage) ? Number(rawPage) : undefined;
  const { lastSuccessAt, lastErrorAt, lastError, ...values } = target;
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href="/alerts/targets" className="text-brand underline">
            ← Notification targets
          </Link>
        </p>
        <h1 className="text-2xl font-semibold text-slate-900">{target.name}</h1>
        <p className="text-sm text-slate-500">
          {target.kind === "email" ? "E-mail" : target.slack ? "Webhook (Slack-compatible body)" : "Webhook"} · {target.enabled ? "enabled" : "disabled"} ·{" "}
          {target.minSeverity} and above
          {target.kind === "webhook" && (
            <>
              {" "}
              · signing secret{" "}
              <span className="font-mono" data-testid="target-fingerprint">
                {target.secretFingerprint ?? "none (unsigned)"}
              </span>
            </>
          )}
        </p>
      </div>
      <AlertsSubNav canManage />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Card title="Delivery">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Last success</dt>
            <dd data-testid="target-last-success">
              <Time value={lastSuccessAt?.toISOString()} relative />
            </dd>
            <dt className="text-slate-500">Last error</dt>
            <dd data-testid="target-last-error">
              {lastError ? (
                <>
                  <Time value={lastErrorAt?.toISOString()} relative />
                  <p className="break-words text-red-700">{lastError}</p>
                </>
              ) : (
                "none"
              )}
            </dd>
          </dl>
        </Card>
        <Card title="Test and state">
          <div className="flex flex-wrap items-start gap-4">
            <SendTestButton id={target.id} enabled={target.enabled} />
            <EnableToggle id={target.id} enabled={target.enabled} />
            <ConfirmAction
              action={deleteTargetAction}
              input={{ id: target.id }}
              label="Delete"
              question={`Delete ${target.name} and its messages?`}
              testId="target-delete"
            />
          </div>
        </Card>
      </div>
      <Card title="Recent messages">
        <Suspense key={String(page)} fallback={<Skeleton className="h-40" />}>
          <Messages id={target.id} page={page} />
        </Suspense>
      </Card>
      <Card title="Settings">
        <TargetForm key={JSON.stringify(values)} target={values} />
      </Card>
    </div>
  );
}
