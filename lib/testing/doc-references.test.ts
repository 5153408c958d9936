import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { listSourceFiles, REPO_ROOT } from "./import-graph";

/** A path in a comment: segments with a slash (`lib/db.ts`, `../db.ts`, `app/(dashboard)/page.tsx`) or an upper-case `README.md`. */
const PATH_RE =
  /(?<![\w/.:-])((?:\.{1,2}\/)*(?:(?:\([\w-]+\)|[\w.[\]-]+)\/)+[\w.[\]-]+\.(?:md|ts|tsx|mts|mjs|js|json|prisma|sql)|[A-Z][A-Z0-9_-]*\.md)(?![\w/])/g;

/** The comments of a TS/JS source text, in order. */
export function commentsOf(text: string, file: string): string[] {
  const out: string[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, file.endsWith("x") ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) out.push(scanner.getTokenText());
  }
  return out;
}

/** Paths cited in `comment` (URLs, globs and the build's output under `.next/`, which a clean clone does not have, left out). */
export function citedPaths(comment: string): string[] {
  const text = comment.replace(/\bhttps?:\/\/\S+/g, " ");
  return [...text.matchAll(PATH_RE)].map((m) => m[1] ?? "").filter((p) => p !== "" && !p.includes("*") && !p.startsWith(".next/"));
}

/** True when `cited` names a file: from the repository root, relative to the citing file, or in an installed package. */
function exists(cited: string, file: string): boolean {
  const candidates = [path.join(REPO_ROOT, cited), path.resolve(path.dirname(file), cited), path.join(REPO_ROOT, "node_modules", cited)];
  return candidates.some((c) => existsSync(c));
}

// Comments must not send a reader to files that are not in the repository (a document kept elsewhere, a moved
// module): the check reads every comment of the TypeScript and JavaScript sources.
describe("comments cite files that exist", () => {
  const files = listSourceFiles(["."], [".ts", ".tsx", ".mts", ".mjs", ".js"]);

  it("reads paths out of comments (the check can fail)", () => {
    const comments = commentsOf(
      '// see docs/routeros.md and NOT-IN-REPO.md\nconst url = "lib/x.ts"; /* lib/db.ts, https://x.y/a/b.md, lib/**\u002f*.ts, .next/build-manifest.json */',
      "a.ts",
    );
    expect(comments.flatMap(citedPaths)).toEqual(["docs/routeros.md", "NOT-IN-REPO.md", "lib/db.ts"]);
    expect(exists("NOT-IN-REPO.md", path.join(REPO_ROOT, "lib/db.ts"))).toBe(false);
    expect(files.length).toBeGreaterThan(200);
  });

  it("every cited path exists", () => {
    const missing = files.flatMap((file) =>
      commentsOf(readFileSync(file, "utf8"), file)
        .flatMap(citedPaths)
        .filter((cited) => !exists(cited, file))
        .map((cited) => `${path.relative(REPO_ROOT, file)}: ${cited}`),
    );
    expect(missing).toEqual([]);
  });
});
