"use client";

import { useState } from "react";

/**
 * next-auth 4's sign-out, as its client (`signOut` of next-auth/react) does it, without loading that client on every
 * signed-in page: read the CSRF token (GET /api/auth/csrf), POST /api/auth/signout with it (form-encoded,
 * `json=true`: the answer is `{ url }`), then go to that URL. The server side ends the UserSession and audits
 * auth.logout (lib/auth/options.ts).
 * @throws Error when either request fails (the button is enabled again)
 */
async function signOutTo(callbackUrl: string): Promise<void> {
  const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
  if (!csrf.ok) throw new Error(`GET /api/auth/csrf: HTTP ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  });
  if (!res.ok) throw new Error(`POST /api/auth/signout: HTTP ${res.status}`);
  const { url } = (await res.json()) as { url?: string };
  window.location.href = url ?? callbackUrl;
}

/** Signs the user out (next-auth; audited as auth.logout) and returns to /login. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        signOutTo("/login").catch(() => setPending(false));
      }}
      className="rounded-md border border-white/20 px-3 py-1.5 text-sm text-slate-200 hover:bg-white/10 disabled:opacity-60"
      data-testid="sign-out"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
