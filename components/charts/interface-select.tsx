"use client";

import { useId } from "react";

/**
 * A labelled `<select>` of interface names for the per-interface charts. Renders nothing when there
 * is at most one interface (the chart title already names it).
 */
export function InterfaceSelect({ names, value, onChange }: { names: string[]; value: string; onChange: (name: string) => void }) {
  const id = useId();
  if (names.length <= 1)
    return names.length === 1 ? (
      <p className="text-sm text-slate-600">
        Interface <span className="font-mono">{names[0]}</span>
      </p>
    ) : null;
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="text-slate-600">
        Interface
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm shadow-sm"
        data-testid="interface-select"
      >
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The selected name if still present, else the first one (or "" when there is none). */
export function pickInterface(names: string[], selected: string | null): string {
  return selected !== null && names.includes(selected) ? selected : (names[0] ?? "");
}
