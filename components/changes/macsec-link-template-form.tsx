"use client";

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import { previewTemplateAction, proposeTemplateAction } from "@/app/(dashboard)/changes/actions";
import type { ChangeDeviceOption } from "@/lib/changes/dto";
import { SetUpPreviewView } from "./setup-preview-view";
import { TemplateFormActions } from "./template-form-actions";

const INPUT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";
const LABEL = "block text-sm font-medium text-slate-800";

function Errors({ messages }: { messages: string[] | undefined }) {
  return messages?.length ? <p className="mt-1 text-xs text-red-700">{messages.join("; ")}</p> : null;
}

/**
 * The "MACsec link" template form (lib/changes/templates/macsec-link.ts): a new link on two routers, or a CAK
 * rotation on both ends of an existing one. Keys are generated on the server unless pasted; a pasted CAK is
 * sent once with the preview or proposal and never shown again (the inputs are cleared after a failure).
 */
export function MacsecLinkTemplateForm({ devices }: { devices: ChangeDeviceOption[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [action, setAction] = useState<"create" | "rotate-cak">("create");
  const [keys, setKeys] = useState<"generate" | "paste">("generate");
  const [previewState, preview, previewing] = useActionState(previewTemplateAction, null);
  const [proposeState, propose, proposing] = useActionState(proposeTemplateAction, null);
  const [lastAction, setLastAction] = useState<"preview" | "propose">("preview");
  const last = lastAction === "propose" ? proposeState : previewState;
  const failed = last && !last.ok ? last : null;
  const errors = failed?.fieldErrors ?? {};

  useEffect(() => {
    if (!failed) return;
    const cak = formRef.current?.elements.namedItem("cak");
    if (cak instanceof HTMLInputElement) cak.value = "";
  }, [failed]);

  function submit(which: "preview" | "propose") {
    const form = formRef.current;
    if (!form) return;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "");
    const input = {
      action,
      name: text("name"),
      profile: text("profile"),
      a: { deviceId: text("a.deviceId"), interface: action === "create" ? text("a.interface") : "" },
      b: { deviceId: text("b.deviceId"), interface: action === "create" ? text("b.interface") : "" },
      keys,
      cak: keys === "paste" ? text("cak") : "",
      ckn: keys === "paste" && action === "create" ? text("ckn") : "",
      waitSec: text("waitSec"),
    };
    setLastAction(which);
    startTransition(() => (which === "preview" ? preview({ template: "macsec-link", input }) : propose({ template: "macsec-link", input })));
  }
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit("preview");
  }
  const end = (side: "a" | "b", label: string) => (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-semibold text-slate-900">{label}</legend>
      <label className={LABEL}>
        Router
        <select name={`${side}.deviceId`} className={INPUT} defaultValue="" aria-invalid={Boolean(errors[side] ?? errors[`${side}.deviceId`])}>
          <option value="">Choose a router…</option>
          {devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.site}, {d.version ?? "version unknown"})
            </option>
          ))}
        </select>
      </label>
      <Errors messages={[...(errors[side] ?? []), ...(errors[`${side}.deviceId`] ?? [])]} />
      {action === "create" && (
        <label className={LABEL}>
          Parent interface
          <input name={`${side}.interface`} placeholder="ether2" className={INPUT} aria-invalid={Boolean(errors[`${side}.interface`])} />
        </label>
      )}
      <Errors messages={errors[`${side}.interface`]} />
    </fieldset>
  );
  const previewData = previewState?.ok ? previewState.data : null;
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-6" data-testid="macsec-link-form">
      <fieldset className="flex flex-wrap gap-6">
        <legend className="mb-2 text-sm font-semibold text-slate-900">What</legend>
        {(["create", "rotate-cak"] as const).map((a) => (
          <label key={a} className="flex items-center gap-2 text-sm">
            <input type="radio" name="action" value={a} checked={action === a} onChange={() => setAction(a)} />
            {a === "create" ? "A new link" : "Rotate the CAK on both ends"}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-4 md:grid-cols-3">
        <label className={LABEL}>
          MACsec interface name (both ends)
          <input name="name" defaultValue="macsec-link" className={INPUT} aria-invalid={Boolean(errors.name)} />
          <Errors messages={errors.name} />
        </label>
        {action === "create" && (
          <label className={LABEL}>
            MACsec profile
            <input name="profile" defaultValue="default" className={INPUT} />
            <Errors messages={errors.profile} />
          </label>
        )}
        <label className={LABEL}>
          Wait for open-encrypted (seconds)
          <input name="waitSec" type="number" min={5} max={600} defaultValue={60} className={INPUT} aria-describedby="wait-help" />
          <span id="wait-help" className="mt-1 block text-xs font-normal text-slate-500">
            If either end is not up by then, both ends are undone.
          </span>
          <Errors messages={errors.waitSec} />
        </label>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {end("a", "End A")}
        {end("b", "End B")}
      </div>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-900">Keys</legend>
        {(["generate", "paste"] as const).map((k) => (
          <label key={k} className="mr-6 inline-flex items-center gap-2 text-sm">
            <input type="radio" name="keys" value={k} checked={keys === k} onChange={() => setKeys(k)} />
            {k === "generate" ? "Generate on the server (recommended)" : "Paste my own"}
          </label>
        ))}
        <Errors messages={errors.keys} />
        {keys === "paste" && (
          <div className="grid gap-4 md:grid-cols-2">
            <label className={LABEL}>
              CAK (32 hexadecimal digits)
              <input name="cak" type="password" autoComplete="off" className={`${INPUT} font-mono`} aria-invalid={Boolean(errors.cak)} />
              <Errors messages={errors.cak} />
            </label>
            {action === "create" && (
              <label className={LABEL}>
                CKN (64 hexadecimal digits)
                <input name="ckn" autoComplete="off" className={`${INPUT} font-mono`} aria-invalid={Boolean(errors.ckn)} />
                <Errors messages={errors.ckn} />
              </label>
            )}
          </div>
        )}
      </fieldset>
      <TemplateFormActions
        failure={failed ? failed.message : null}
        hint={keys === "paste" && <p className="mt-1">The CAK field was cleared: paste it again.</p>}
        previewing={previewing}
        proposing={proposing}
        onPropose={() => submit("propose")}
        stale={false}
      />
      {previewData && <SetUpPreviewView preview={previewData} />}
    </form>
  );
}
