import Link from "next/link";

/** A list's sort direction in its URL (`dir=asc|desc`). */
export type SortDir = "asc" | "desc";

/**
 * A sortable column header (`<th scope="col" aria-sort>`) whose link sorts the list by this column:
 * in `defaultDir` first, and the other way when the list is already sorted by it in `defaultDir`.
 * `sorted` says whether the list is sorted by this column now and `dir` is the list's direction;
 * `hrefFor(dir)` is the list's URL sorted by this column in `dir` (back to page 1). The arrow shows
 * `dir` on the sorted column and `defaultDir` (greyed) on the others.
 */
export function SortHeader({
  label,
  sorted,
  dir,
  defaultDir,
  hrefFor,
}: {
  label: string;
  sorted: boolean;
  dir: SortDir;
  defaultDir: SortDir;
  hrefFor: (dir: SortDir) => string;
}) {
  const nextDir: SortDir = sorted && dir === defaultDir ? (defaultDir === "asc" ? "desc" : "asc") : defaultDir;
  const shown = sorted ? dir : defaultDir;
  return (
    <th scope="col" aria-sort={sorted ? (dir === "asc" ? "ascending" : "descending") : "none"} className="px-3 py-2 font-medium">
      <Link href={hrefFor(nextDir)} className="inline-flex items-center gap-1 hover:text-slate-900">
        {label}
        <span aria-hidden="true" className={sorted ? "text-slate-700" : "text-slate-300"}>
          {shown === "asc" ? "▲" : "▼"}
        </span>
        <span className="sr-only">{sorted ? `, sorted ${dir === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
      </Link>
    </th>
  );
}
