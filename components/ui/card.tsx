import type { ReactNode } from "react";

/** A titled panel. */
export function Card({ title, actions, children, className = "" }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white shadow-sm ${className}`}>
      {(title || actions) && (
        <header className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
          <h2 className="text-sm font-semibold text-slate-700">{title}</h2>
          {actions}
        </header>
      )}
      <div className="p-4">{children}</div>
    </section>
  );
}

/** Placeholder shown while a widget loads (Suspense fallback). */
export function Skeleton({ className = "h-40" }: { className?: string }) {
  return <div role="status" aria-label="Loading" className={`animate-pulse rounded-md bg-slate-100 ${className}`} />;
}

/** Shown when a list or chart has nothing to show; says why and what to do. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">
      <p className="font-medium text-slate-600">{title}</p>
      {children && <div className="mt-1">{children}</div>}
    </div>
  );
}

/** An error message box (role=alert). */
export function ErrorBox({ title = "Something went wrong", children }: { title?: string; children?: ReactNode }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-1">{children}</div>}
    </div>
  );
}
