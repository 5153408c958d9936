"use client";

import Link from "next/link";
import { useLiveJson } from "@/components/charts/use-live-json";
import { EmptyState } from "@/components/ui/card";
import { LiveStatus } from "@/components/ui/live-status";
import { fleetApi, fleetKeys } from "@/lib/query-keys";
import type { FleetSummary } from "@/lib/status/types";

const TONES = {
  up: "border-l-status-up",
  down: "border-l-status-down",
  unauthorized: "border-l-status-unauthorized",
  unknown: "border-l-status-unknown",
  brand: "border-l-brand",
} as const;

function Counter({
  label,
  value,
  tone,
  href,
  detail,
  testId,
}: {
  label: string;
  value: number;
  tone: keyof typeof TONES;
  href?: string;
  detail?: string;
  testId: string;
}) {
  const body = (
    <>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">{value.toLocaleString()}</p>
      {detail && <p className="mt-1 text-xs text-slate-500">{detail}</p>}
    </>
  );
  const cls = `block rounded-lg border border-l-4 border-slate-200 bg-white p-4 shadow-sm ${TONES[tone]}`;
  return href ? (
    <Link href={href} className={`${cls} hover:bg-slate-50`} data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className={cls} data-testid={testId}>
      {body}
    </div>
  );
}

/**
 * The overview's counters (devices by status, MACsec links, MAC-server sessions), refreshed every
 * 10 s from GET /api/fleet/summary. `initial` is the server-rendered value.
 */
export function FleetCounters({ initial }: { initial: FleetSummary }) {
  const { data, error, dataUpdatedAt } = useLiveJson(fleetKeys.summary(), fleetApi.summary, initial, Date.parse(initial.generatedAt));
  const d = data.devices;
  const m = data.macsec;
  return (
    <section aria-labelledby="fleet-counters-title">
      <h2 id="fleet-counters-title" className="sr-only">
        Fleet counters
      </h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Counter
          label="Devices up"
          value={d.up}
          tone="up"
          href="/devices?status=up"
          detail={`of ${d.total} enabled${d.disabled ? `, ${d.disabled} disabled` : ""}`}
          testId="count-up"
        />
        <Counter label="Down" value={d.down} tone="down" href="/devices?status=down" testId="count-down" />
        <Counter
          label="Unauthorized"
          value={d.unauthorized}
          tone="unauthorized"
          href="/devices?status=unauthorized"
          detail="credentials or policy refused"
          testId="count-unauthorized"
        />
        <Counter label="Unknown" value={d.unknown} tone="unknown" href="/devices?status=unknown" detail="not polled yet" testId="count-unknown" />
      </div>
      <div className="mt-3 grid grid-cols-1 gap-3 md:grid-cols-3">
        <Counter
          label="MACsec links secured"
          value={m.secured}
          tone="up"
          detail={`of ${m.total} links · status open-encrypted`}
          testId="count-macsec-secured"
        />
        <Counter
          label="MACsec links not secured"
          value={m.notSecured + m.unknown}
          tone={m.notSecured > 0 ? "down" : "unknown"}
          detail={`${m.notSecured} not open-encrypted · ${m.unknown} on devices not up`}
          testId="count-macsec-not-secured"
        />
        <Counter
          label="MAC-server sessions now"
          value={data.sessions.total}
          tone="brand"
          detail="/tool/mac-server/sessions on devices that are up"
          testId="count-sessions"
        />
      </div>
      {d.total + d.disabled === 0 && (
        <div className="mt-3">
          <EmptyState title="No routers in the inventory yet">
            <Link href="/devices" className="text-brand hover:underline">
              Go to Devices
            </Link>{" "}
            to see the inventory; an admin adds routers there.
          </EmptyState>
        </div>
      )}
      <LiveStatus updatedAt={dataUpdatedAt} error={error} className="mt-3" />
    </section>
  );
}
