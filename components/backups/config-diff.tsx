import type { BackupDiffDto, DiffHunkDto } from "@/lib/backups/dto";
import { EmptyState } from "@/components/ui/card";

/** How a diff is drawn: one column with `+`/`-` lines, or the two versions side by side. */
export type DiffMode = "unified" | "split";

type Side = { n: number; text: string; kind: "context" | "added" | "removed" } | null;

const ROW_CLASS = { context: "", added: "bg-green-50 text-green-900", removed: "bg-red-50 text-red-900" } as const;

/** The rows of a hunk side by side: context on both sides, each run of removals paired with the additions after it. */
export function splitRows(h: DiffHunkDto): Array<[Side, Side]> {
  const rows: Array<[Side, Side]> = [];
  let oldN = h.oldStart;
  let newN = h.newStart;
  let removed: Side[] = [];
  let added: Side[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) rows.push([removed[i] ?? null, added[i] ?? null]);
    removed = [];
    added = [];
  };
  for (const line of h.lines) {
    const text = line.slice(1);
    if (line.startsWith("-")) removed.push({ n: oldN++, text, kind: "removed" });
    else if (line.startsWith("+")) added.push({ n: newN++, text, kind: "added" });
    else if (line.startsWith(" ")) {
      flush();
      rows.push([
        { n: oldN++, text, kind: "context" },
        { n: newN++, text, kind: "context" },
      ]);
    }
  }
  flush();
  return rows;
}

function Cell({ side }: { side: Side }) {
  if (!side) return <td colSpan={2} className="bg-slate-50" />;
  return (
    <>
      <td className="w-10 select-none pr-2 text-right text-slate-400">{side.n}</td>
      <td className={`whitespace-pre-wrap break-all px-2 ${ROW_CLASS[side.kind]}`}>{side.text}</td>
    </>
  );
}

function UnifiedHunk({ h }: { h: DiffHunkDto }) {
  return (
    <tbody>
      <tr>
        <td colSpan={2} className="bg-slate-100 px-2 text-slate-500">{`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`}</td>
      </tr>
      {h.lines.map((line, i) => {
        const kind = line.startsWith("+") ? "added" : line.startsWith("-") ? "removed" : "context";
        return (
          <tr key={i} data-diff-line={kind}>
            <td className="w-4 select-none px-1 text-slate-400">{line.charAt(0)}</td>
            <td className={`whitespace-pre-wrap break-all px-2 ${ROW_CLASS[kind]}`}>{line.slice(1)}</td>
          </tr>
        );
      })}
    </tbody>
  );
}

/**
 * The diff between two stored versions (secrets already masked by lib/backups), unified or side by side.
 * An identical pair shows an empty state.
 */
export function ConfigDiff({ diff, mode }: { diff: Pick<BackupDiffDto, "hunks">; mode: DiffMode }) {
  if (diff.hunks.length === 0) return <EmptyState title="No differences">The two versions are the same.</EmptyState>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200" data-testid="config-diff" data-mode={mode}>
      <table className="w-full font-mono text-xs">
        {mode === "unified"
          ? diff.hunks.map((h, i) => <UnifiedHunk key={i} h={h} />)
          : diff.hunks.map((h, i) => (
              <tbody key={i}>
                <tr>
                  <td colSpan={4} className="bg-slate-100 px-2 text-slate-500">{`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`}</td>
                </tr>
                {splitRows(h).map(([left, right], j) => (
                  <tr key={j} data-diff-line={left?.kind === "removed" || right?.kind === "added" ? "changed" : "context"}>
                    <Cell side={left} />
                    <Cell side={right} />
                  </tr>
                ))}
              </tbody>
            ))}
      </table>
    </div>
  );
}
