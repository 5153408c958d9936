"use client";

import { useMemo } from "react";
import { SelectOptions, type Choice } from "@/components/ui/filter-fields";
import type { ChangeDeviceOption } from "@/lib/changes/dto";
import { compareVersions } from "@/lib/routeros/version";

/** How the targets are chosen: one device, every device of a site, every device with a tag, or a hand-picked list. */
export type TargetMode = "device" | "site" | "tag" | "list";

/** The picker's state (controlled by the proposal form). */
export interface TargetSelection {
  mode: TargetMode;
  device: string;
  site: string;
  tag: string;
  list: string[];
}

const FIELD =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";

/** The device ids a selection resolves to, in name order. */
export function resolveTargets(devices: ChangeDeviceOption[], sel: TargetSelection): string[] {
  switch (sel.mode) {
    case "device":
      return devices.some((d) => d.id === sel.device) ? [sel.device] : [];
    case "site":
      return devices.filter((d) => d.site === sel.site).map((d) => d.id);
    case "tag":
      return devices.filter((d) => d.tags.includes(sel.tag)).map((d) => d.id);
    case "list":
      return devices.filter((d) => sel.list.includes(d.id)).map((d) => d.id);
  }
}

/** True when `version` is `min` or later (compareVersions: `7.24beta2` is before `7.24`); unknown or unparsable = too old. */
export function versionAtLeast(version: string | null, min: string): boolean {
  if (!version) return false;
  try {
    return compareVersions(version, min) >= 0;
  } catch {
    return false;
  }
}

const MODES: { value: TargetMode; label: string }[] = [
  { value: "device", label: "One device" },
  { value: "site", label: "By site" },
  { value: "tag", label: "By tag" },
  { value: "list", label: "Pick devices" },
];

/** A labelled, controlled `<select>` of the picker: `any` (value "") first, then `options`. */
function TargetSelect({
  id,
  label,
  value,
  onChange,
  any,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  any: string;
  options: Choice[];
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={FIELD}>
        <SelectOptions any={any} options={options} />
      </select>
    </div>
  );
}

/**
 * Chooses the devices of a proposal (bulk = one request, one approval, applied device by device) and
 * says how many devices the selection resolves to; warns about devices below the kind's minimum
 * RouterOS version (their preview fails).
 */
export function ChangeTargetPicker({
  devices,
  value,
  onChange,
  minVersion,
  errors,
}: {
  devices: ChangeDeviceOption[];
  value: TargetSelection;
  onChange: (next: TargetSelection) => void;
  minVersion: string | null;
  errors?: string[];
}) {
  const sites = useMemo(() => [...new Set(devices.map((d) => d.site))].sort(), [devices]);
  const tags = useMemo(() => [...new Set(devices.flatMap((d) => d.tags))].sort(), [devices]);
  const ids = resolveTargets(devices, value);
  const chosen = devices.filter((d) => ids.includes(d.id));
  const tooOld = minVersion ? chosen.filter((d) => !versionAtLeast(d.version, minVersion)) : [];
  const set = (patch: Partial<TargetSelection>) => onChange({ ...value, ...patch });

  return (
    <fieldset className="space-y-3" data-testid="target-picker">
      <legend className="mb-1 text-sm font-semibold text-slate-900">Devices</legend>
      <div role="radiogroup" aria-label="How to choose devices" className="flex flex-wrap gap-4 text-sm">
        {MODES.map((m) => (
          <label key={m.value} className="flex items-center gap-2">
            <input type="radio" name="targetMode" value={m.value} checked={value.mode === m.value} onChange={() => set({ mode: m.value })} />
            {m.label}
          </label>
        ))}
      </div>
      {value.mode === "device" && (
        <TargetSelect
          id="target-device"
          label="Device"
          value={value.device}
          onChange={(device) => set({ device })}
          any="Choose a device…"
          options={devices.map((d) => ({ value: d.id, label: `${d.name} (${d.site}, RouterOS ${d.version ?? "unknown"})` }))}
        />
      )}
      {value.mode === "site" && (
        <TargetSelect
          id="target-site"
          label="Site"
          value={value.site}
          onChange={(site) => set({ site })}
          any="Choose a site…"
          options={sites.map((s) => ({ value: s, label: s }))}
        />
      )}
      {value.mode === "tag" && (
        <TargetSelect
          id="target-tag"
          label="Tag"
          value={value.tag}
          onChange={(tag) => set({ tag })}
          any="Choose a tag…"
          options={tags.map((t) => ({ value: t, label: t }))}
        />
      )}
      {value.mode === "list" && (
        <div className="max-h-56 overflow-y-auto rounded-md border border-slate-200 p-2">
          {devices.map((d) => (
            <label key={d.id} className="flex items-center gap-2 py-0.5 text-sm">
              <input
                type="checkbox"
                checked={value.list.includes(d.id)}
                onChange={(e) => set({ list: e.target.checked ? [...value.list, d.id] : value.list.filter((x) => x !== d.id) })}
              />
              {d.name}{" "}
              <span className="text-xs text-slate-500">
                {d.site} · RouterOS {d.version ?? "unknown"}
              </span>
            </label>
          ))}
        </div>
      )}
      <p className="text-sm text-slate-700" data-testid="target-count" aria-live="polite">
        Resolves to <span className="font-semibold">{ids.length}</span> device{ids.length === 1 ? "" : "s"}
        {chosen.length > 0 && chosen.length <= 10 && <span className="text-slate-500">: {chosen.map((d) => d.name).join(", ")}</span>}
      </p>
      {tooOld.length > 0 && (
        <p className="text-sm text-amber-800">
          Needs RouterOS {minVersion} or later: {tooOld.map((d) => `${d.name} (${d.version ?? "unknown"})`).join(", ")} will fail the preview.
        </p>
      )}
      {errors && errors.length > 0 && <p className="text-sm text-red-700">{errors.join("; ")}</p>}
    </fieldset>
  );
}
