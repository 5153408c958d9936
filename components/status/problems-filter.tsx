import Link from "next/link";

/**
 * "All devices" / "Only problems": two links (the filter lives in the URL as `?problems=1`, no form).
 * @param basePath the page's own path (`/status` or `/share/<token>`): the links never leave it
 */
export function ProblemsFilter({ basePath, onlyProblems }: { basePath: string; onlyProblems: boolean }) {
  const options = [
    { href: basePath, label: "All devices", active: !onlyProblems },
    { href: `${basePath}?problems=1`, label: "Only problems", active: onlyProblems },
  ];
  return (
    <nav aria-label="Filter devices" data-testid="status-filter">
      <ul className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white text-sm shadow-sm">
        {options.map((o) => (
          <li key={o.label} className="border-l border-slate-200 first:border-l-0">
            <Link
              href={o.href}
              replace
              scroll={false}
              aria-current={o.active ? "true" : undefined}
              className={`block px-3 py-1.5 font-medium ${o.active ? "bg-brand text-white" : "text-slate-600 hover:bg-slate-50"}`}
            >
              {o.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
