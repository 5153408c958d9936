"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

/** Signs the user out (next-auth; audited as auth.logout) and returns to /login. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/login" });
      }}
      className="rounded-md border border-white/20 px-3 py-1.5 text-sm text-slate-200 hover:bg-white/10 disabled:opacity-60"
      data-testid="sign-out"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
