"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** One top-navigation entry. */
export interface NavItem {
  href: string;
  label: string;
  /** A count shown beside the label, with what it counts for screen readers (e.g. 3, "firing"). */
  badge?: { count: number; label: string };
}

/** The top navigation's links; the current section is marked with aria-current="page". */
export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex items-center gap-1">
      {items.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={`rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-white/15 text-white" : "text-slate-300 hover:bg-white/10 hover:text-white"}`}
            >
              {item.label}
              {item.badge !== undefined && (
                <span
                  className="ml-1.5 rounded-full bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white"
                  data-testid="nav-badge"
                  aria-label={`${item.badge.count} ${item.badge.label}`}
                >
                  {item.badge.count}
                </span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
