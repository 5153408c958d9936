"use client";

import { useState, useTransition, type RefObject } from "react";
import { testConnectionAction } from "@/app/(dashboard)/devices/actions";
import type { ActionResult } from "@/lib/auth/action";
import type { ConnectionTestResult } from "@/lib/devices/test-connection";
import { formatRouterOsDuration } from "@/lib/validation/routeros";

function Result({ result }: { result: ActionResult<ConnectionTestResult> }) {
  if (!result.ok) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        <p className="font-medium">{result.message}</p>
        {result.fieldErrors && (
          <ul className="mt-1 list-disc pl-5 text-xs">
            {Object.entries(result.fieldErrors).map(([field, errors]) => (
              <li key={field}>
                {field}: {errors.join("; ")}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const r = result.data;
  if (!r.ok) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="test-connection-result">
        <p className="font-medium">
          Connection failed: <span className="font-mono">{r.error.kind}</span>
          {r.error.status !== undefined && <span> (HTTP {r.error.status})</span>}
        </p>
        <p className="mt-1">{r.error.message}</p>
        {r.error.detail && (
          <p className="mt-1">
            RouterOS says: <span className="font-mono">{r.error.detail}</span>
          </p>
        )}
        <p className="mt-1 text-xs text-red-700">after {r.elapsedMs} ms</p>
      </div>
    );
  }
  const f = r.facts;
  return (
    <div role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900" data-testid="test-connection-result">
      <p className="font-medium">Connected in {r.elapsedMs} ms</p>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5">
        <dt className="text-green-800">Identity</dt>
        <dd className="font-medium">{f.identity}</dd>
        <dt className="text-green-800">Board</dt>
        <dd>
          {f.boardName}
          {f.model && f.model !== f.boardName ? ` (${f.model})` : ""} · {f.architecture}
        </dd>
        <dt className="text-green-800">RouterOS</dt>
        <dd>{f.version}</dd>
        <dt className="text-green-800">Uptime</dt>
        <dd className="font-mono">{formatRouterOsDuration(f.uptimeSec)}</dd>
      </dl>
    </div>
  );
}

/**
 * "Test connection": sends the form's connection fields (API URL, username, password, fingerprint,
 * CA) to testConnectionAction, which reads the router's facts from the server. On edit, a blank
 * password uses the stored one (`deviceId`) only if URL, username, fingerprint and CA are unchanged;
 * otherwise the server asks for the password again. Nothing is saved.
 */
export function TestConnectionPanel({ formRef, deviceId }: { formRef: RefObject<HTMLFormElement | null>; deviceId?: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<ConnectionTestResult> | null>(null);

  function onTest() {
    const form = formRef.current;
    if (!form) return;
    const data = new FormData(form);
    const get = (key: string) => String(data.get(key) ?? "");
    const input = {
      apiUrl: get("apiUrl"),
      username: get("username"),
      password: get("password"),
      tlsFingerprint: get("tlsFingerprint"),
      caPem: get("caPem"),
      ...(deviceId ? { deviceId } : {}),
    };
    startTransition(async () => {
      setResult(await testConnectionAction(null, input));
    });
  }

  return (
    <div className="space-y-3" aria-live="polite">
      <button
        type="button"
        onClick={onTest}
        disabled={pending}
        className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-700 shadow-sm hover:bg-slate-50 disabled:cursor-wait disabled:opacity-60"
        data-testid="test-connection"
      >
        {pending ? "Testing…" : "Test connection"}
      </button>
      {result && !pending && <Result result={result} />}
    </div>
  );
}
