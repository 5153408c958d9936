import type { ReactNode } from "react";

/** One term/value pair; `null`/`undefined` values show "–" (not known yet). */
export type Fact = { label: string; value: ReactNode; mono?: boolean };

/** A definition list of facts in a responsive grid (server component). */
export function FactList({ facts, testId }: { facts: Fact[]; testId?: string }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3" data-testid={testId}>
      {facts.map((f) => (
        <div key={f.label} className="min-w-0">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{f.label}</dt>
          <dd className={`mt-0.5 truncate text-sm text-slate-900 ${f.mono ? "font-mono" : ""}`}>{f.value ?? <span className="text-slate-400">–</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
