import Link from "next/link";
import type { RouterViewResult } from "@/lib/devices/router-view-dto";
import { LOG_LIMIT_MAX, LOG_TOPICS, type LogQuery, type RouterLogViewDto } from "@/lib/router-logs/dto";
import { EmptyState, ErrorBox } from "@/components/ui/card";
import { Time } from "@/components/ui/time";

/**
 * The filter form (GET: topic, text, how many); submitting reads the router's log again. `loggedTopics` (null when
 * the router could not be read) splits the topic list into those the router logs to memory and the rest.
 */
export function RouterLogFilters({ q, loggedTopics }: { q: LogQuery; loggedTopics: string[] | null }) {
  const logged = loggedTopics ?? [];
  const others = [...new Set<string>([...LOG_TOPICS, ...(q.topic === null ? [] : [q.topic])])].filter((t) => !logged.includes(t));
  const options = (topics: string[]) =>
    topics.map((t) => (
      <option key={t} value={t}>
        {t}
      </option>
    ));
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 text-sm" data-testid="log-filters">
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Topic</span>
        <select name="topic" defaultValue={q.topic ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1">
          <option value="">All topics</option>
          {loggedTopics === null ? (
            options(others)
          ) : (
            <>
              <optgroup label="Logged to memory by this router">{options(logged)}</optgroup>
              <optgroup label="Not named by a logging rule">{options(others)}</optgroup>
            </>
          )}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Message contains</span>
        <input name="q" type="search" defaultValue={q.text} maxLength={200} className="rounded-md border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Newest</span>
        <input name="limit" type="number" min={1} max={LOG_LIMIT_MAX} defaultValue={q.limit} className="w-24 rounded-md border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50">
        Read log
      </button>
    </form>
  );
}

/** The entries read (newest first) with how many matched, or why the router could not be read. */
export function RouterLogTable({ result }: { result: RouterViewResult<RouterLogViewDto> }) {
  if (!result.ok) {
    return <ErrorBox title="The router's log could not be read">{result.error.message}</ErrorBox>;
  }
  const { entries, matched, total } = result.view;
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500" data-testid="log-count">
        {entries.length} shown of {matched} matching ({total} in the router&apos;s buffer), read <Time value={result.readAt} />
      </p>
      {entries.length === 0 ? (
        <EmptyState title="No matching entries">Try another topic or text; a topic is logged only when /system/logging has a rule for it.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="log-table">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Time (router)</th>
                <th className="px-3 py-2">Topics</th>
                <th className="px-3 py-2">Message</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((e, i) => (
                <tr key={i}>
                  <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs">{e.time}</td>
                  <td className="px-3 py-1.5 text-xs text-slate-600">{e.topics.join(", ")}</td>
                  <td className="break-all px-3 py-1.5 font-mono text-xs">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * "Turn on logging for this topic": shown when the filtered topic is not among the topics the router logs to memory
 * (`loggedTopics`), for viewers who may propose changes. Links to the change form with `logging.add` prefilled for this
 * device and topic (action empty = memory).
 */
export function LoggingShortcut({
  deviceId,
  topic,
  loggedTopics,
  canPropose,
}: {
  deviceId: string;
  topic: string | null;
  loggedTopics: string[];
  canPropose: boolean;
}) {
  if (topic === null || loggedTopics.includes(topic)) return null;
  const href = `/changes/new?kind=logging.add&device=${encodeURIComponent(deviceId)}&topics=${encodeURIComponent(topic)}`;
  return (
    <div
      className="flex flex-wrap items-center gap-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      data-testid="logging-shortcut"
    >
      <span>
        No /system/logging rule sends <span className="font-mono">{topic}</span> to memory: only its entries that also carry{" "}
        {loggedTopics.length > 0 ? <span className="font-mono">{loggedTopics.join(", ")}</span> : "a logged topic"} appear here.
      </span>
      {canPropose && (
        <Link href={href} className="font-medium text-brand hover:underline" data-testid="logging-shortcut-link">
          Turn on logging for this topic
        </Link>
      )}
    </div>
  );
}
