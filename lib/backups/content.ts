import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { createTwoFilesPatch, diffLines } from "diff";

/**
 * Pure helpers on export texts: normalising (volatile header out), hashing, line counts of a diff and the
 * unified diff (the `diff` package), gzip (zlib). No database, no router.
 */

/** The export's first line, `# <date> <time> by RouterOS <version>` (docs/routeros.md, "Configuration export and files"). */
const HEADER_RE = /^# .* by RouterOS (\S+)\s*$/;

/** A normalised export: the text without its volatile first line, and the version that line named. */
export interface NormalisedExport {
  /** Lines joined with `\n`, trailing spaces dropped, ending with one `\n`. */
  text: string;
  routerVersion: string | null;
}

/**
 * Drops the volatile header line (date and version: it changes at every export) and normalises line ends (`\r\n`
 * or `\n`) and trailing blanks, so two exports of the same configuration give the same text. The stable header
 * lines (`# software id`, `# model`, `# serial number`) are kept.
 */
export function normaliseExport(raw: string): NormalisedExport {
  const lines = raw.replace(/\r\n?/g, "\n").split("\n");
  let routerVersion: string | null = null;
  const first = HEADER_RE.exec(lines[0] ?? "");
  if (first) {
    routerVersion = first[1] ?? null;
    lines.shift();
  }
  const kept = lines.map((l) => l.trimEnd());
  while (kept.length > 0 && kept.at(-1) === "") kept.pop();
  return { text: kept.length === 0 ? "" : `${kept.join("\n")}\n`, routerVersion };
}

/** SHA-256 of the text's UTF-8, lower-case hex (64 characters). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Lines added and removed going from `before` to `after` (line diff of the `diff` package). */
export function lineChanges(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count;
    else if (part.removed) removed += part.count;
  }
  return { added, removed };
}

/** A unified diff (3 lines of context) from `before` to `after`, file names as given (e.g. `2026-11-21T13:01Z.rsc`). */
export function unifiedDiff(beforeName: string, before: string, afterName: string, after: string): string {
  return createTwoFilesPatch(beforeName, afterName, before, after, undefined, undefined, { context: 3 });
}

/** gzip of the text's UTF-8 (zlib, default level). */
export function compressText(text: string): Buffer {
  return gzipSync(Buffer.from(text, "utf8"));
}

/** The text of a gzip made by {@link compressText}. @throws Error when the bytes are not gzip */
export function decompressText(bytes: Uint8Array): string {
  return gunzipSync(bytes).toString("utf8");
}
