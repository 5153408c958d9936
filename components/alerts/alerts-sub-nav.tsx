"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The sections of /alerts; Targets only for those who manage alerts (its URLs and SMTP logins are for admins). */
const SECTIONS = [
  { href: "/alerts", label: "Alerts", manageOnly: false },
  { href: "/alerts/rules", label: "Rules", manageOnly: false },
  { href: "/alerts/allow-list", label: "Allow-list", manageOnly: false },
  { href: "/alerts/targets", label: "Targets", manageOnly: true },
];

/**
 * Tabs between the alert pages (Alerts · Rules · Allow-list · Targets); the current one is marked with
 * aria-current="page" (a sub-page such as /alerts/rules/<id> marks its section).
 */
export function AlertsSubNav({ canManage }: { canManage: boolean }) {
  const pathname = usePathname();
  const current = SECTIONS.filter((s) => pathname === s.href || pathname.startsWith(`${s.href}/`)).at(-1)?.href;
  return (
    <nav aria-label="Alert sections" className="flex flex-wrap gap-1 border-b border-slate-200" data-testid="alerts-sub-nav">
      {SECTIONS.filter((s) => canManage || !s.manageOnly).map((s) => (
        <Link
          key={s.href}
          href={s.href}
          aria-current={current === s.href ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${current === s.href ? "border-brand font-semibold text-brand" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
