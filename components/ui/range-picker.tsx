"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { RANGE_KEYS, RANGE_LABELS, parseRange } from "@/lib/metrics/ranges";

/**
 * The chart time-range picker (15m / 1h / 6h / 24h / 7d / 30d / 1y), kept in the URL as `?range=` so it is
 * shared by the device tabs, survives reloads and can be linked. Links (not buttons): keyboard and
 * middle-click work; the active one has aria-current. Other search params are kept.
 */
export function RangePicker({ label = "Time range" }: { label?: string }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const current = parseRange(params.get("range"));
  return (
    <nav aria-label={label} data-testid="range-picker">
      <ul className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white text-sm shadow-sm">
        {RANGE_KEYS.map((key) => {
          const next = new URLSearchParams(params);
          next.set("range", key);
          const active = key === current;
          return (
            <li key={key} className="border-l border-slate-200 first:border-l-0">
              <Link
                href={`${pathname}?${next.toString()}`}
                scroll={false}
                replace
                aria-current={active ? "true" : undefined}
                title={RANGE_LABELS[key]}
                className={`block px-3 py-1.5 font-medium ${active ? "bg-brand text-white" : "text-slate-600 hover:bg-slate-50"}`}
              >
                {key}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
