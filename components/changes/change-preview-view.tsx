import type { ChangePreview } from "@/lib/changes/workflow-types";
import { ChangeCallList, ChangeDiffTable, ChangeOrderList } from "./change-diff";

/**
 * The preview of a proposal per device: current vs proposed values, the exact REST calls, notes, the
 * error (RouterOS `detail` verbatim) and a warning when the change would cut the management path.
 * Secret params appear only as fingerprints.
 */
export function ChangePreviewView({ preview }: { preview: ChangePreview }) {
  const failed = preview.targets.filter((t) => !t.ok).length;
  const fingerprints = Object.entries(preview.secretFingerprints);
  return (
    <section className="space-y-3" data-testid="change-preview" aria-label="Preview">
      <h2 className="text-base font-semibold text-slate-900">
        Preview: <span data-testid="preview-title">{preview.title}</span>
      </h2>
      <p className="text-sm text-slate-600">
        {preview.targets.length} device{preview.targets.length === 1 ? "" : "s"}
        {failed > 0 ? `, ${failed} cannot be planned (a proposal is refused until every device plans)` : ", all planned"}.
        {fingerprints.map(([k, fp]) => (
          <span key={k} className="ml-2 font-mono text-xs" data-testid="secret-fingerprint">
            {k} fingerprint {fp}
          </span>
        ))}
      </p>
      {preview.targets.map((t) => (
        <article
          key={t.deviceId}
          className={`rounded-lg border bg-white p-4 shadow-sm ${t.ok ? "border-slate-200" : "border-red-300"}`}
          data-testid="preview-target"
          data-device={t.deviceName}
        >
          <h3 className="mb-2 text-sm font-semibold text-slate-800">{t.deviceName}</h3>
          {t.error && (
            <p
              role="alert"
              className="mb-2 whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800"
              data-testid="preview-error"
            >
              {t.error}
              {t.fieldErrors &&
                Object.entries(t.fieldErrors).map(([f, msgs]) => (
                  <span key={f} className="block font-mono text-xs">
                    {f}: {msgs.join("; ")}
                  </span>
                ))}
            </p>
          )}
          {t.cutsManagementPath && (
            <p className="mb-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="preview-management-warning">
              This change disrupts {t.managementInterface ?? "the interface"} that carries the app&apos;s management path to this router: an admin must
              explicitly accept it when approving.
            </p>
          )}
          {t.ok && (
            <div className="space-y-3">
              <ChangeDiffTable diff={t.diff} testId="preview-diff" />
              <ChangeOrderList order={t.order} />
              <ChangeCallList calls={t.calls} />
            </div>
          )}
          {t.notes.length > 0 && (
            <ul className="mt-2 list-disc pl-5 text-sm text-slate-600">
              {t.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </section>
  );
}
