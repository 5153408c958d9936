"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import { previewChangeAction, proposeChangeAction } from "@/app/(dashboard)/changes/actions";
import { fetchJson } from "@/components/charts/use-live-json";
import type { ChangeDeviceOption, ChangeSuggestions } from "@/lib/changes/dto";
import { KIND_INFOS, kindInfo } from "@/lib/changes/kinds/catalog";
import type { ChangeKindId } from "@/lib/changes/types";
import { changeApi, changeKeys } from "@/lib/query-keys";
import { ChangePreviewView } from "./change-preview-view";
import { ChangeTargetPicker, resolveTargets, type TargetSelection } from "./change-target-picker";
import { KindFields, paramInputName, readParams } from "./kind-fields";

const GROUPS = [...new Set(KIND_INFOS.map((k) => k.group))];
const SELECT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";
const BTN = "rounded-md px-4 py-2 text-sm font-semibold shadow-sm disabled:cursor-wait disabled:opacity-60";

/** What a deep link (`/changes/new?kind=…&device=…&<param>=…`) pre-fills. */
export interface ProposalDefaults {
  kind: ChangeKindId;
  device: string;
  params: Record<string, string>;
  /** A fresh product key (`noc:…`, made by the page) for fields with `generate: "noc-key"`. */
  nocKey: string;
}

function useSuggestions(ids: string[]) {
  const shown = ids.slice(0, 20);
  return useQuery({
    queryKey: changeKeys.suggestions(shown),
    queryFn: ({ signal }) => fetchJson<ChangeSuggestions>(changeApi.suggestions(shown), signal),
    enabled: shown.length > 0,
    staleTime: 30_000,
  });
}

/**
 * The proposal form: kind (grouped), devices (one, by site, by tag, or a list), the kind's inputs, then
 * Preview (server action previewChange: router reads only) and Propose (server action proposeChange,
 * which re-plans and redirects to the request). Secret inputs are never echoed back: a failed preview
 * or proposal clears them.
 */
export function ChangeProposalForm({ devices, defaults }: { devices: ChangeDeviceOption[]; defaults: ProposalDefaults }) {
  const [kindId, setKindId] = useState<ChangeKindId>(defaults.kind);
  const [targets, setTargets] = useState<TargetSelection>({ mode: "device", device: defaults.device, site: "", tag: "", list: [] });
  const [previewState, preview, previewing] = useActionState(previewChangeAction, null);
  const [proposeState, propose, proposing] = useActionState(proposeChangeAction, null);
  const [stale, setStale] = useState(false);
  const [lastAction, setLastAction] = useState<"preview" | "propose">("preview");
  const formRef = useRef<HTMLFormElement>(null);
  const kind = kindInfo(kindId);
  const deviceIds = resolveTargets(devices, targets);
  const suggestions = useSuggestions(deviceIds);
  const last = lastAction === "propose" ? proposeState : previewState;
  const failed = last && !last.ok ? last : null;
  const errors = failed?.fieldErrors ?? {};

  useEffect(() => {
    if (!failed) return;
    for (const name of kind.secretParams) {
      const input = formRef.current?.elements.namedItem(paramInputName(name));
      if (input instanceof HTMLInputElement) input.value = "";
    }
  }, [failed, kind.secretParams]);

  function submit(which: "preview" | "propose") {
    const form = formRef.current;
    if (!form) return;
    const input = { kind: kindId, deviceIds, params: readParams(kind, new FormData(form)) };
    setStale(false);
    setLastAction(which);
    startTransition(() => (which === "preview" ? preview(input) : propose(input)));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit("preview");
  }

  const previewData = previewState?.ok ? previewState.data : null;
  return (
    <form ref={formRef} onSubmit={onSubmit} onChange={() => setStale(true)} noValidate className="space-y-6" data-testid="proposal-form">
      <div>
        <label htmlFor="change-kind-select" className="block text-sm font-semibold text-slate-900">
          Change
        </label>
        <select id="change-kind-select" value={kindId} onChange={(e) => setKindId(e.target.value as ChangeKindId)} className={`${SELECT} max-w-xl`}>
          {GROUPS.map((g) => (
            <optgroup key={g} label={g}>
              {KIND_INFOS.filter((k) => k.group === g).map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <ChangeTargetPicker devices={devices} value={targets} onChange={setTargets} minVersion={kind.minVersion} errors={errors.deviceIds} />
      {kind.formPath ? (
        <p className="text-sm text-slate-700" data-testid="kind-form-link">
          {kind.label} has its own form:{" "}
          <Link href={kind.formPath} className="font-semibold text-brand hover:underline">
            open it
          </Link>
          .
        </p>
      ) : (
        <KindFields
          key={kindId}
          kind={kind}
          initial={kindId === defaults.kind ? defaults.params : {}}
          nocKey={defaults.nocKey}
          errors={errors}
          suggestions={suggestions.data}
          secretFingerprints={previewData && !stale ? previewData.secretFingerprints : {}}
        />
      )}
      {failed && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="proposal-error">
          {failed.message}
          {kind.secretParams.length > 0 && <p className="mt-1">Secret fields were cleared: enter them again.</p>}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <button
          type="submit"
          disabled={previewing || deviceIds.length === 0 || kind.formPath !== undefined}
          className={`${BTN} bg-slate-800 text-white hover:bg-slate-700`}
          data-testid="preview-button"
        >
          {previewing ? "Reading the routers…" : "Preview"}
        </button>
        <button
          type="button"
          onClick={() => submit("propose")}
          disabled={proposing || deviceIds.length === 0 || kind.formPath !== undefined}
          className={`${BTN} bg-brand text-white hover:bg-brand-dark`}
          data-testid="propose-button"
        >
          {proposing ? "Proposing…" : "Propose"}
        </button>
        <Link href="/changes" className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
          Cancel
        </Link>
        {previewData && stale && <span className="text-sm text-amber-800">The inputs changed since this preview: preview again.</span>}
      </div>
      {previewData && <ChangePreviewView preview={previewData} />}
    </form>
  );
}
