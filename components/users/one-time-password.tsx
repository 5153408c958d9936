import { CopyButton } from "@/components/device/copy-button";

/**
 * A password shown exactly once (after create or reset): monospace, selectable, with a copy button and a
 * warning that it will not be shown again. The server keeps only its argon2id hash.
 */
export function OneTimePassword({ email, password }: { email: string; password: string }) {
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="one-time-password">
      <p>
        Password for <span className="font-semibold">{email}</span>. Copy it now and hand it over securely: it will not be shown again.
      </p>
      <div className="mt-2 flex items-center gap-2">
        <code className="select-all rounded bg-white px-2 py-1 font-mono text-base" data-testid="one-time-password-value">
          {password}
        </code>
        <CopyButton value={password} label={`password for ${email}`} />
      </div>
    </div>
  );
}
