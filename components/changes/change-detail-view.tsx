"use client";

import type { ReactNode } from "react";
import { ChangeBackupLinks } from "@/components/backups/change-backup-links";
import { Card } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { ChangeDetailDto, ChangeTargetDto } from "@/lib/changes/dto";
import { SET_UP_KIND } from "@/lib/changes/setup/types";
import { ChangeCancelPanel, mayCancel } from "./change-cancel-panel";
import { ChangeDecisionPanel, type ChangeViewer } from "./change-decision-panel";
import { ChangeHistory } from "./change-history";
import { isLive, useChange } from "./change-query";
import { ChangeStatusBadge } from "./change-status-badge";
import { ChangeTargetCard } from "./change-target-card";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-800">{children}</dd>
    </div>
  );
}

function Progress({ change }: { change: ChangeDetailDto }) {
  const { total, done, applied, current } = change.progress;
  if (total <= 1 && !isLive(change.status)) return null;
  return (
    <div className="space-y-1" data-testid="change-progress">
      <div className="flex justify-between text-sm text-slate-700">
        <span>
          {done} of {total} device{total === 1 ? "" : "s"} done, {applied} applied
        </span>
        {current !== null && (
          <span>
            applying device {current} of {total}
          </span>
        )}
      </div>
      <div
        className="h-2 overflow-hidden rounded bg-slate-100"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label="Devices done"
      >
        <div className="h-full bg-brand transition-all" style={{ width: `${total === 0 ? 0 : (100 * done) / total}%` }} />
      </div>
    </div>
  );
}

/**
 * The request page body, refreshed every second while SCHEDULED or APPLYING (GET /api/changes/[id]):
 * status, facts (kind, proposer, decision, hash, window), progress, what the viewer may do (Cancel
 * included, for the proposer or an admin while PENDING, APPROVED or SCHEDULED), each
 * device (diff, planned calls, executed steps, error) and the audit history.
 */
export function ChangeDetailView({ initial, viewer }: { initial: ChangeDetailDto; viewer: ChangeViewer }) {
  const { data, error, isFetching } = useChange(initial);
  const change = data ?? initial;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <ChangeStatusBadge status={change.status} />
        {isLive(change.status) && <span className="text-xs text-slate-500">{isFetching ? "refreshing…" : "live"}</span>}
        {error && <span className="text-xs text-red-700">{error.message}</span>}
      </div>
      {change.error && (
        <p role="alert" className="whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="change-error">
          {change.error}
        </p>
      )}
      <Card title="Request">
        <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <Fact label="Kind">
            <span className="font-mono">{change.kind}</span>
          </Fact>
          <Fact label="Proposed by">
            <span title={change.proposer.email}>{change.proposer.name}</span> · <Time value={change.proposedAt} />
          </Fact>
          <Fact label={change.status === "REJECTED" ? "Rejected by" : "Approved by"}>
            {change.decider ? (
              <>
                <span title={change.decider.email}>{change.decider.name}</span> · <Time value={change.decidedAt} />
              </>
            ) : (
              "–"
            )}
          </Fact>
          <Fact label="Proposal hash">
            <span className="font-mono" title={change.hash}>
              {change.hash.slice(0, 12)}
            </span>
          </Fact>
          {change.decisionComment && (
            <Fact label={change.status === "REJECTED" ? "Reason" : "Comment"}>
              <span data-testid="decision-comment">{change.decisionComment}</span>
            </Fact>
          )}
          {(change.windowStart || change.windowEnd) && (
            <Fact label="Window">
              <Time value={change.windowStart} /> – {change.windowEnd ? <Time value={change.windowEnd} /> : "open"}
            </Fact>
          )}
          {change.applyStartedAt && (
            <Fact label="Applied">
              <Time value={change.applyStartedAt} /> – {change.finishedAt ? <Time value={change.finishedAt} /> : "running"}
            </Fact>
          )}
          {change.allowManagementCut && <Fact label="Management path">may be cut (accepted by the approver)</Fact>}
        </dl>
      </Card>
      <Card title="Decision">
        <div className="space-y-3">
          <Progress change={change} />
          <ChangeDecisionPanel change={change} viewer={viewer} />
          {mayCancel(change, viewer) && <ChangeCancelPanel id={change.id} />}
        </div>
      </Card>
      {change.kind === SET_UP_KIND ? (
        <SetUpSteps targets={change.targets} />
      ) : (
        <div className="space-y-3">
          <h2 className="text-sm font-semibold text-slate-700">Devices ({change.targets.length})</h2>
          {change.targets.map((t) => (
            <ChangeTargetCard key={t.id} target={t} total={change.targets.length} />
          ))}
        </div>
      )}
      {change.history.some((e) => e.action === "change.backup") && (
        <Card title="Configuration backups">
          <ChangeBackupLinks events={change.history} />
        </Card>
      )}
      <Card title="History (audit log)">
        <ChangeHistory events={change.history} />
      </Card>
    </div>
  );
}

/** A set-up's steps grouped by router (each router's in step order), with a count of each router's applied steps. */
function SetUpSteps({ targets }: { targets: ChangeTargetDto[] }) {
  const routers = [...new Set(targets.map((t) => t.deviceName))];
  return (
    <div className="space-y-5">
      <h2 className="text-sm font-semibold text-slate-700">
        Steps ({targets.length}) on {routers.length} {routers.length === 1 ? "router" : "routers"}
      </h2>
      {routers.map((name) => {
        const steps = targets.filter((t) => t.deviceName === name);
        return (
          <section key={name} className="space-y-3" aria-label={`Steps on ${name}`} data-testid="setup-router">
            <h3 className="text-sm font-semibold text-slate-800">
              {name}{" "}
              <span className="font-normal text-slate-500">
                · {steps.filter((t) => t.status === "APPLIED").length} of {steps.length} steps applied
              </span>
            </h3>
            {steps.map((t) => (
              <ChangeTargetCard key={t.id} target={t} total={targets.length} />
            ))}
          </section>
        );
      })}
    </div>
  );
}
