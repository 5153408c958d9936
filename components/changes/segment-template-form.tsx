"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { previewTemplateAction, proposeTemplateAction } from "@/app/(dashboard)/changes/actions";
import type { ChangeDeviceOption } from "@/lib/changes/dto";
import { versionAtLeast } from "./change-target-picker";
import { SetUpPreviewView } from "./setup-preview-view";
import { TemplateFormActions } from "./template-form-actions";

const INPUT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";
/** MACVLAN exists from RouterOS 7.12 (docs/routeros.md). */
const MACVLAN_MIN = "7.12";

interface RouterRow {
  key: number;
  deviceId: string;
  parent: string;
  subnet: string;
}

function FieldError({ messages, id }: { messages: string[] | undefined; id: string }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-700">
      {messages.join("; ")}
    </p>
  );
}

/**
 * The "isolated MACVLAN segment" template form (lib/changes/templates/isolated-macvlan.ts): the segment's name,
 * MACVLAN mode and the WAN/LAN lists shared by every router, then one row per router (parent interface and
 * subnet). Preview plans every step on every router (reads only); Propose stores one request for all of it.
 */
export function SegmentTemplateForm({ devices }: { devices: ChangeDeviceOption[] }) {
  const eligible = devices.filter((d) => d.version === null || versionAtLeast(d.version, MACVLAN_MIN));
  const [rows, setRows] = useState<RouterRow[]>([{ key: 0, deviceId: "", parent: "ether2", subnet: "" }]);
  const [common, setCommon] = useState({ name: "macvlan-guest", mode: "private", wanList: "WAN", lanList: "LAN" });
  const [previewState, preview, previewing] = useActionState(previewTemplateAction, null);
  const [proposeState, propose, proposing] = useActionState(proposeTemplateAction, null);
  const [lastAction, setLastAction] = useState<"preview" | "propose">("preview");
  const [stale, setStale] = useState(false);
  const last = lastAction === "propose" ? proposeState : previewState;
  const failed = last && !last.ok ? last : null;
  const errors = failed?.fieldErrors ?? {};

  function submit(which: "preview" | "propose") {
    const input = {
      template: "isolated-macvlan" as const,
      input: { ...common, routers: rows.map(({ deviceId, parent, subnet }) => ({ deviceId, parent, subnet })) },
    };
    setLastAction(which);
    setStale(false);
    startTransition(() => (which === "preview" ? preview(input) : propose(input)));
  }
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit("preview");
  }
  function update(key: number, patch: Partial<RouterRow>) {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setStale(true);
  }
  const commonField = (name: keyof typeof common, label: string, help: string) => (
    <div>
      <label htmlFor={`segment-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {name === "mode" ? (
        <select
          id={`segment-${name}`}
          value={common.mode}
          onChange={(e) => setCommon({ ...common, mode: e.target.value })}
          className={INPUT}
          aria-describedby={`segment-${name}-help`}
        >
          <option value="private">private (segments on one parent cannot reach each other)</option>
          <option value="bridge">bridge</option>
        </select>
      ) : (
        <input
          id={`segment-${name}`}
          value={common[name]}
          onChange={(e) => setCommon({ ...common, [name]: e.target.value })}
          className={INPUT}
          aria-invalid={Boolean(errors[name])}
          aria-describedby={`segment-${name}-help`}
        />
      )}
      <p id={`segment-${name}-help`} className="mt-1 text-xs text-slate-500">
        {help}
      </p>
      <FieldError id={`segment-${name}-error`} messages={errors[name]} />
    </div>
  );
  const previewData = previewState?.ok ? previewState.data : null;
  return (
    <form onSubmit={onSubmit} onChange={() => setStale(true)} noValidate className="space-y-6" data-testid="segment-form">
      <fieldset className="grid gap-4 md:grid-cols-4">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Segment</legend>
        {commonField("name", "MACVLAN name", "The same name on every router; also names the pool, DHCP server and rule keys.")}
        {commonField("mode", "MACVLAN mode", "The guide uses private for an isolated segment.")}
        {commonField("wanList", "WAN interface list", "The segment may reach it; masquerade goes out of it.")}
        {commonField("lanList", "LAN interface list", "The segment may not reach it.")}
      </fieldset>
      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-slate-900">Routers (MACVLAN needs RouterOS {MACVLAN_MIN}+)</legend>
        <table className="min-w-full text-sm" data-testid="segment-routers">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Router
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Parent interface
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Subnet
              </th>
              <th scope="col" className="py-1 font-medium">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key} className="align-top" data-testid="segment-router-row">
                <td className="py-1 pr-3">
                  <select
                    aria-label={`Router ${i + 1}`}
                    value={r.deviceId}
                    onChange={(e) => update(r.key, { deviceId: e.target.value })}
                    className={INPUT}
                    aria-invalid={Boolean(errors[`routers.${i}.deviceId`])}
                  >
                    <option value="">Choose a router…</option>
                    {eligible.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name} ({d.site}, {d.version ?? "version unknown"})
                      </option>
                    ))}
                  </select>
                  <FieldError id={`segment-router-${i}-error`} messages={errors[`routers.${i}.deviceId`]} />
                </td>
                <td className="py-1 pr-3">
                  <input
                    aria-label={`Parent interface of router ${i + 1}`}
                    value={r.parent}
                    onChange={(e) => update(r.key, { parent: e.target.value })}
                    className={INPUT}
                    aria-invalid={Boolean(errors[`routers.${i}.parent`])}
                  />
                  <FieldError id={`segment-parent-${i}-error`} messages={errors[`routers.${i}.parent`]} />
                </td>
                <td className="py-1 pr-3">
                  <input
                    aria-label={`Subnet of router ${i + 1}`}
                    value={r.subnet}
                    placeholder="10.20.30.0/24"
                    onChange={(e) => update(r.key, { subnet: e.target.value })}
                    className={INPUT}
                    aria-invalid={Boolean(errors[`routers.${i}.subnet`])}
                  />
                  <FieldError id={`segment-subnet-${i}-error`} messages={errors[`routers.${i}.subnet`]} />
                </td>
                <td className="py-1">
                  <button
                    type="button"
                    onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                    disabled={rows.length === 1}
                    className="mt-1 rounded-md px-2 py-2 text-sm text-slate-600 hover:bg-slate-100 disabled:opacity-40"
                    aria-label={`Remove router ${i + 1}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          onClick={() => setRows((rs) => [...rs, { key: Math.max(...rs.map((x) => x.key)) + 1, deviceId: "", parent: "ether2", subnet: "" }])}
          className="mt-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50"
          data-testid="segment-add-router"
        >
          Add a router
        </button>
        <FieldError id="segment-routers-error" messages={errors.routers} />
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
