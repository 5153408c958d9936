"use client";

import Link from "next/link";
import { startTransition, useActionState, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { previewAddressPlanAction, proposeAddressPlanAction } from "@/app/(dashboard)/changes/new/address-plan/actions";
import { TextAreaField, TextField } from "@/components/devices/form-field";
import { useRouterView } from "@/components/device/router-view";
import type { ChangeDeviceOption } from "@/lib/changes/dto";
import type { AddressingViewDto } from "@/lib/devices/router-view-dto";
import { AddressPlanRows } from "./address-plan-rows";
import { ChangePreviewView } from "./change-preview-view";

const SELECT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";
const BTN = "rounded-md px-4 py-2 text-sm font-semibold shadow-sm disabled:cursor-wait disabled:opacity-60";

/** The DHCP servers of the chosen device, read live from the router (IP view), as `<datalist>` options. */
function ServerSuggestions({ deviceId }: { deviceId: string }) {
  const view = useRouterView<AddressingViewDto>(deviceId, "addressing");
  return (
    <datalist id="address-plan-servers">
      {(view.data?.view.dhcpServers ?? []).map((s) => (
        <option key={s.id} value={s.name}>
          {`${s.name} on ${s.interface}`}
        </option>
      ))}
    </datalist>
  );
}

/**
 * The address plan form: one device, one of its DHCP servers and a CSV (`mac-address,address,comment`, pasted or read
 * from a file in the browser), then Preview (the CSV parsed and checked on the server, then the kind's plan read from
 * the router: rows by class and the REST calls) and Propose (re-planned on the server; redirects to the request).
 * Problems are shown by CSV line.
 */
export function AddressPlanForm({ devices }: { devices: ChangeDeviceOption[] }) {
  const [deviceId, setDeviceId] = useState("");
  const [previewState, preview, previewing] = useActionState(previewAddressPlanAction, null);
  const [proposeState, propose, proposing] = useActionState(proposeAddressPlanAction, null);
  const [lastAction, setLastAction] = useState<"preview" | "propose">("preview");
  const [stale, setStale] = useState(false);
  const [showCalls, setShowCalls] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const last = lastAction === "propose" ? proposeState : previewState;
  const failed = last && !last.ok ? last : null;
  const errors = failed?.fieldErrors ?? {};
  const plan = previewState?.ok ? previewState.data : null;
  const target = plan?.preview.targets[0];

  function submit(which: "preview" | "propose") {
    const form = formRef.current;
    if (!form) return;
    const data = new FormData(form);
    const input = { deviceId, server: String(data.get("server") ?? ""), csv: String(data.get("csv") ?? "") };
    setStale(false);
    setLastAction(which);
    startTransition(() => (which === "preview" ? preview(input) : propose(input)));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit("preview");
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    const csv = formRef.current?.elements.namedItem("csv");
    if (!file || !(csv instanceof HTMLTextAreaElement)) return;
    csv.value = await file.text();
    setStale(true);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} onChange={() => setStale(true)} noValidate className="space-y-6" data-testid="address-plan-form">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <div>
          <label htmlFor="address-plan-device" className="block text-sm font-medium text-slate-700">
            Device
          </label>
          <select id="address-plan-device" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} className={SELECT} required>
            <option value="">Choose a router…</option>
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.site}
                {d.version ? `, ${d.version}` : ""})
              </option>
            ))}
          </select>
          {errors.deviceId && <p className="mt-1 text-xs text-red-700">{errors.deviceId.join("; ")}</p>}
        </div>
        <TextField
          name="server"
          label="DHCP server"
          required
          placeholder="dhcp1"
          list="address-plan-servers"
          autoComplete="off"
          errors={errors.server}
          hint="An /ip/dhcp-server of the device; the leases become static leases of this server."
        />
        {deviceId && <ServerSuggestions deviceId={deviceId} />}
      </div>
      <div className="space-y-2">
        <TextAreaField
          name="csv"
          label="Address plan (CSV)"
          rows={12}
          placeholder={"mac-address,address,comment\n02:00:00:00:00:01,192.168.99.10,printer"}
          errors={[...(errors.csv ?? []), ...(errors.rows ?? [])]}
          hint="One lease per line: mac-address,address,comment (comment optional; quote it when it has a comma). A header line is optional; # lines are skipped. At most 5,000 rows. An empty comment leaves the router's comment as it is."
        />
        <label className="block text-sm text-slate-700">
          Or read a file:{" "}
          <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e)} className="text-sm" data-testid="address-plan-file" />
        </label>
      </div>
      {failed && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="address-plan-error">
          {failed.message}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <button
          type="submit"
          disabled={previewing || deviceId === ""}
          className={`${BTN} bg-slate-800 text-white hover:bg-slate-700`}
          data-testid="preview-button"
        >
          {previewing ? "Reading the router…" : "Preview"}
        </button>
        <button
          type="button"
          onClick={() => submit("propose")}
          disabled={proposing || deviceId === ""}
          className={`${BTN} bg-brand text-white hover:bg-brand-dark`}
          data-testid="propose-button"
        >
          {proposing ? "Proposing…" : "Propose"}
        </button>
        <Link href="/changes/new" className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
          Cancel
        </Link>
        {plan && stale && <span className="text-sm text-amber-800">The inputs changed since this preview: preview again.</span>}
      </div>
      {plan && target && !target.ok && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800" data-testid="address-plan-plan-error">
          <p>
            {target.deviceName}: {target.error}
          </p>
          <ul className="mt-1 list-disc pl-5 font-mono text-xs">
            {Object.values(target.fieldErrors ?? {})
              .flat()
              .map((m, i) => (
                <li key={i}>{m}</li>
              ))}
          </ul>
        </div>
      )}
      {plan && target?.ok && (
        <div className="space-y-4">
          <AddressPlanRows plan={plan} />
          <button type="button" onClick={() => setShowCalls((v) => !v)} className="text-sm text-brand hover:underline" aria-expanded={showCalls}>
            {showCalls ? "Hide" : "Show"} the field changes and the {target.calls.length} REST calls
          </button>
          {showCalls && <ChangePreviewView preview={plan.preview} />}
        </div>
      )}
    </form>
  );
}
