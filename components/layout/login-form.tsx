"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { LOGIN_THROTTLED_ERROR } from "@/lib/auth/login-errors";

/**
 * Only same-origin destinations are followed after login (no open redirect to another host).
 * The callback is resolved against the current origin the way the browser would (so `/\t/evil.com`,
 * `//evil.com` and `/\\evil.com` are caught), anything with control characters or another origin
 * becomes `/`, and only path + query + hash is kept.
 */
function safeCallback(url: string | undefined): string {
  if (!url || !url.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(url)) return "/";
  let resolved: URL;
  try {
    resolved = new URL(url, window.location.origin);
  } catch {
    return "/";
  }
  if (resolved.origin !== window.location.origin) return "/";
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/**
 * The email + password form of /login. Signs in through next-auth's credentials provider without a
 * page reload, shows "Wrong email or password" on failure (or a wait message when the login throttle refuses) and goes to `callbackUrl` (or /) on success.
 */
export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (!res || res.error || !res.ok) {
        setError(
          res?.error === LOGIN_THROTTLED_ERROR
            ? "Too many failed sign-ins. Wait 15 minutes and try again."
            : "Wrong email or password.",
        );
        setPending(false);
        return;
      }
      router.replace(safeCallback(callbackUrl));
      router.refresh();
    } catch {
      setError("The server could not be reached. Try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? "login-error" : undefined} data-testid="login-form">
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand"
        />
      </div>
      {error && (
        <p id="login-error" role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark disabled:cursor-not-allowed disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
