import type { TemplatePreview } from "@/lib/changes/templates/schema";
import { ChangeCallList, ChangeDiffTable, ChangeOrderList } from "./change-diff";

/**
 * The preview of a set-up: its steps grouped by router, each with current vs proposed values, the chain
 * order for firewall rules, the exact REST calls, notes and why it could not be planned (RouterOS `detail`
 * verbatim). The template's own notes (e.g. NAT already covered) come first.
 */
export function SetUpPreviewView({ preview }: { preview: TemplatePreview }) {
  const routers = [...new Set(preview.steps.map((s) => s.deviceName))];
  const failed = preview.steps.filter((s) => !s.ok).length;
  return (
    <section className="space-y-4" data-testid="setup-preview" aria-label="Preview">
      <h2 className="text-base font-semibold text-slate-900">
        Preview: <span data-testid="preview-title">{preview.title}</span>
      </h2>
      <p className="text-sm text-slate-600">
        {preview.steps.length} steps on {routers.length} {routers.length === 1 ? "router" : "routers"}
        {failed > 0 ? `, ${failed} cannot be planned (a proposal is refused until every step plans)` : ", all planned"}. One approval covers every step; if any
        step fails, every applied step is undone on every router.
      </p>
      {preview.templateNotes.length > 0 && (
        <ul className="list-disc pl-5 text-sm text-slate-600" data-testid="template-notes">
          {preview.templateNotes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {routers.map((router) => (
        <div key={router} className="space-y-2" data-testid="preview-router" data-device={router}>
          <h3 className="text-sm font-semibold text-slate-800">{router}</h3>
          {preview.steps
            .filter((s) => s.deviceName === router)
            .map((s) => (
              <details
                key={s.position}
                open={!s.ok}
                className={`rounded-lg border bg-white p-3 shadow-sm ${s.ok ? "border-slate-200" : "border-red-300"}`}
                data-testid="preview-step"
              >
                <summary className="cursor-pointer text-sm text-slate-800">
                  <span className="mr-2 text-slate-500">
                    {s.position + 1}/{preview.steps.length}
                  </span>
                  {s.title} <span className="font-mono text-xs text-slate-500">{s.kind}</span>
                  {!s.ok && <span className="ml-2 font-semibold text-red-800">cannot be planned</span>}
                </summary>
                <div className="mt-2 space-y-3">
                  {s.error && (
                    <p
                      role="alert"
                      className="whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800"
                      data-testid="preview-error"
                    >
                      {s.error}
                    </p>
                  )}
                  {s.ok && (
                    <>
                      <ChangeDiffTable diff={s.diff} testId="preview-diff" />
                      <ChangeOrderList order={s.order} />
                      <ChangeCallList calls={s.calls} />
                    </>
                  )}
                  {s.notes.length > 0 && (
                    <ul className="list-disc pl-5 text-sm text-slate-600">
                      {s.notes.map((n, i) => (
                        <li key={i}>{n}</li>
                      ))}
                    </ul>
                  )}
                </div>
              </details>
            ))}
        </div>
      ))}
    </section>
  );
}
