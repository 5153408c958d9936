const STYLES: Record<string, string> = {
  up: "bg-green-100 text-green-800 ring-green-600/20",
  down: "bg-red-100 text-red-800 ring-red-600/20",
  unauthorized: "bg-amber-100 text-amber-800 ring-amber-600/20",
  unknown: "bg-slate-100 text-slate-700 ring-slate-500/20",
  "open-encrypted": "bg-green-100 text-green-800 ring-green-600/20",
  negotiating: "bg-amber-100 text-amber-800 ring-amber-600/20",
  initializing: "bg-amber-100 text-amber-800 ring-amber-600/20",
  invalid: "bg-red-100 text-red-800 ring-red-600/20",
  disabled: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

/** A coloured pill for a device status (up/down/unauthorized/unknown) or a MACsec status. */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  const s = status ?? "unknown";
  return (
    <span
      data-testid="status-badge"
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[s] ?? STYLES.unknown}`}
    >
      {s}
    </span>
  );
}
