import Link from "next/link";
import type { ReactNode } from "react";

const BTN = "rounded-md px-4 py-2 text-sm font-semibold shadow-sm disabled:cursor-wait disabled:opacity-60";

/**
 * The end of a template form: the failure (message and `hint`, e.g. that a secret field was cleared), then Preview
 * (the form's submit), Propose, Cancel, and a warning when the inputs changed since the preview shown (`stale`).
 */
export function TemplateFormActions(props: {
  failure: string | null;
  hint?: ReactNode;
  previewing: boolean;
  proposing: boolean;
  onPropose: () => void;
  stale: boolean;
}) {
  const { failure, hint, previewing, proposing, onPropose, stale } = props;
  return (
    <>
      {failure !== null && (
        <div role="alert" className="whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="proposal-error">
          {failure}
          {hint}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <button type="submit" disabled={previewing} className={`${BTN} bg-slate-800 text-white hover:bg-slate-700`} data-testid="preview-button">
          {previewing ? "Reading the routers…" : "Preview"}
        </button>
        <button
          type="button"
          onClick={onPropose}
          disabled={proposing}
          className={`${BTN} bg-brand text-white hover:bg-brand-dark`}
          data-testid="propose-button"
        >
          {proposing ? "Proposing…" : "Propose"}
        </button>
        <Link href="/changes" className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
          Cancel
        </Link>
        {stale && <span className="text-sm text-amber-800">The inputs changed since this preview: preview again.</span>}
      </div>
    </>
  );
}

/** The heading of a /changes/new/<template> page: breadcrumb (Changes / new / `crumb`), title and what the template does. */
export function TemplatePageHeader({ crumb, title, children }: { crumb: string; title: string; children: ReactNode }) {
  return (
    <div>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/changes" className="hover:underline">
          Changes
        </Link>{" "}
        /{" "}
        <Link href="/changes/new" className="hover:underline">
          new
        </Link>{" "}
        / {crumb}
      </nav>
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="text-sm text-slate-500">{children}</p>
    </div>
  );
}
