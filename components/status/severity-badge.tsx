const STYLES: Record<string, string> = {
  critical: "bg-red-100 text-red-800 ring-red-600/20",
  warning: "bg-amber-100 text-amber-800 ring-amber-600/20",
  info: "bg-sky-100 text-sky-800 ring-sky-600/20",
};

/** An alert rule's severity (`info`, `warning`, `critical`) as a coloured pill; an unknown value is shown like `info`. */
export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[severity] ?? STYLES.info}`}
      data-testid="severity"
    >
      {severity}
    </span>
  );
}
