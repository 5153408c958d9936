"use client";

import { useQuery } from "@tanstack/react-query";
import { startTransition, useActionState, useState, type FormEvent } from "react";
import { previewTemplateAction, proposeTemplateAction } from "@/app/(dashboard)/changes/actions";
import { fetchJson } from "@/components/charts/use-live-json";
import type { ChangeDeviceOption, ChangeSuggestions } from "@/lib/changes/dto";
import { splitInterfaceNames } from "@/lib/changes/templates/mac-server-hardening";
import { changeApi, changeKeys } from "@/lib/query-keys";
import { ChangeTargetPicker, resolveTargets, type TargetSelection } from "./change-target-picker";
import { SetUpPreviewView } from "./setup-preview-view";
import { TemplateFormActions } from "./template-form-actions";

const INPUT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";
/** Polled interfaces offered per router row. */
const MAX_SUGGESTED = 24;

function FieldError({ messages, id }: { messages: string[] | undefined; id: string }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-700">
      {messages.join("; ")}
    </p>
  );
}

/** `value` with `name` added at the end, or removed when already there (comma separated). */
function toggleName(value: string, name: string): string {
  const names = splitInterfaceNames(value);
  return (names.includes(name) ? names.filter((n) => n !== name) : [...names, name]).join(", ");
}

/** The interfaces the poller stored for one router, as toggle buttons that add or remove a name in the row's field. */
function InterfaceSuggestions({ deviceId, value, onChange, label }: { deviceId: string; value: string; onChange: (v: string) => void; label: string }) {
  const query = useQuery({
    queryKey: changeKeys.suggestions([deviceId]),
    queryFn: ({ signal }) => fetchJson<ChangeSuggestions>(changeApi.suggestions([deviceId]), signal),
    staleTime: 30_000,
  });
  if (query.isPending) return <p className="mt-1 text-xs text-slate-500">Loading polled interfaces…</p>;
  if (query.isError) return <p className="mt-1 text-xs text-amber-800">Polled interfaces unavailable: type the names.</p>;
  const names = query.data.interfaces.slice(0, MAX_SUGGESTED);
  if (names.length === 0) return <p className="mt-1 text-xs text-slate-500">No polled interfaces yet: type the names.</p>;
  const chosen = splitInterfaceNames(value);
  return (
    <div className="mt-1 flex flex-wrap gap-1" role="group" aria-label={`Polled interfaces of ${label}`}>
      {names.map((n) => (
        <button
          key={n}
          type="button"
          aria-pressed={chosen.includes(n)}
          onClick={() => onChange(toggleName(value, n))}
          className={`rounded border px-1.5 py-0.5 font-mono text-xs ${chosen.includes(n) ? "border-brand bg-brand/10 text-slate-900" : "border-slate-300 text-slate-600 hover:bg-slate-50"}`}
        >
          {n}
        </button>
      ))}
    </div>
  );
}

/**
 * The "MAC-server hardening" template form (lib/changes/templates/mac-server-hardening.ts): the management list's
 * name, the routers (one, by site, by tag, or picked), then a row per router with its interfaces (comma separated,
 * polled names offered as toggles). Preview plans every step on every router (reads only); Propose stores one
 * request for all of it.
 */
export function HardeningTemplateForm({ devices }: { devices: ChangeDeviceOption[] }) {
  const [list, setList] = useState("MGMT");
  const [targets, setTargets] = useState<TargetSelection>({ mode: "device", device: "", site: "", tag: "", list: [] });
  const [interfaces, setInterfaces] = useState<Record<string, string>>({});
  const [previewState, preview, previewing] = useActionState(previewTemplateAction, null);
  const [proposeState, propose, proposing] = useActionState(proposeTemplateAction, null);
  const [lastAction, setLastAction] = useState<"preview" | "propose">("preview");
  const [stale, setStale] = useState(false);
  const last = lastAction === "propose" ? proposeState : previewState;
  const failed = last && !last.ok ? last : null;
  const errors = failed?.fieldErrors ?? {};
  const ids = resolveTargets(devices, targets);
  const rows = ids.flatMap((id) => devices.filter((d) => d.id === id));
  const valueOf = (id: string) => (Object.hasOwn(interfaces, id) ? (interfaces[id] ?? "") : "");

  function submit(which: "preview" | "propose") {
    const input = {
      template: "mac-server-hardening" as const,
      input: { list, routers: rows.map((d) => ({ deviceId: d.id, interfaces: valueOf(d.id) })) },
    };
    setLastAction(which);
    setStale(false);
    startTransition(() => (which === "preview" ? preview(input) : propose(input)));
  }
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit("preview");
  }
  function setRow(id: string, value: string) {
    setInterfaces((v) => ({ ...v, [id]: value }));
    setStale(true);
  }
  const previewData = previewState?.ok ? previewState.data : null;
  return (
    <form onSubmit={onSubmit} onChange={() => setStale(true)} noValidate className="space-y-6" data-testid="hardening-form">
      <div className="max-w-sm">
        <label htmlFor="hardening-list" className="block text-sm font-medium text-slate-800">
          Management interface list
        </label>
        <input
          id="hardening-list"
          value={list}
          onChange={(e) => setList(e.target.value)}
          className={INPUT}
          aria-invalid={Boolean(errors.list)}
          aria-describedby="hardening-list-help"
        />
        <p id="hardening-list-help" className="mt-1 text-xs text-slate-500">
          The same name on every router; created where it is missing. MAC-Telnet and MAC-Winbox will answer only on its members.
        </p>
        <FieldError id="hardening-list-error" messages={errors.list} />
      </div>
      <ChangeTargetPicker
        devices={devices}
        value={targets}
        onChange={(next) => {
          setTargets(next);
          setStale(true);
        }}
        minVersion={null}
        errors={errors.routers}
      />
      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-slate-900">Interfaces per router</legend>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="hardening-no-routers">
            Choose routers above: each gets a row here for its management interfaces.
          </p>
        ) : (
          <table className="min-w-full text-sm" data-testid="hardening-routers">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="w-1/3 py-1 pr-3 font-medium">
                  Router
                </th>
                <th scope="col" className="py-1 font-medium">
                  Interfaces in the list (comma separated)
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d, i) => (
                <tr key={d.id} className="align-top" data-testid="hardening-router-row" data-device={d.name}>
                  <td className="py-2 pr-3">
                    <span className="font-medium text-slate-900">{d.name}</span>
                    <span className="block text-xs text-slate-500">
                      {d.site} · RouterOS {d.version ?? "unknown"}
                    </span>
                    <FieldError id={`hardening-router-${i}-error`} messages={errors[`routers.${i}.deviceId`]} />
                  </td>
                  <td className="py-2">
                    <input
                      aria-label={`Interfaces of ${d.name}`}
                      value={valueOf(d.id)}
                      placeholder="ether2, vlan-68"
                      onChange={(e) => setRow(d.id, e.target.value)}
                      className={INPUT}
                      aria-invalid={Boolean(errors[`routers.${i}.interfaces`])}
                      aria-describedby={`hardening-interfaces-${i}-error`}
                    />
                    <InterfaceSuggestions deviceId={d.id} value={valueOf(d.id)} onChange={(v) => setRow(d.id, v)} label={d.name} />
                    <FieldError id={`hardening-interfaces-${i}-error`} messages={errors[`routers.${i}.interfaces`]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </fieldset>
      <TemplateFormActions
        failure={failed ? failed.message : null}
        previewing={previewing}
        proposing={proposing}
        onPropose={() => submit("propose")}
        stale={previewData !== null && stale}
      />
      {previewData && <SetUpPreviewView preview={previewData} />}
    </form>
  );
}
