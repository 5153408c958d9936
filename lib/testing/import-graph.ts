import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** The repository root (this file is lib/testing/import-graph.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts"];
/** Repo-relative directories that hold no hand-written source: dependencies, builds, generated code, data. */
const SKIPPED_DIRS = new Set(["node_modules", ".next", ".git", "lib/generated", "data", ".tmp", "test-results", "playwright-report", "e2e/.auth"]);

/** What one module imports at run time: repo files (absolute paths) and packages (bare specifiers). */
export interface ModuleImports {
  files: string[];
  packages: string[];
  /** The module's directive (its first statement): client components, or server actions (called over HTTP). */
  directive: "use client" | "use server" | null;
}

/** Files with one of `extensions` (default .ts, .tsx, .mts) under `dirs` (repo-relative), skipping generated code, builds and data. */
export function listSourceFiles(dirs: readonly string[], extensions: readonly string[] = SOURCE_EXTENSIONS): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (!SKIPPED_DIRS.has(path.relative(REPO_ROOT, full)) && entry !== "node_modules") walk(full);
      } else if (extensions.some((ext) => entry.endsWith(ext)) && !entry.endsWith(".d.ts")) {
        out.push(full);
      }
    }
  };
  for (const dir of dirs) walk(path.join(REPO_ROOT, dir));
  return out.sort();
}

/** Resolves an import specifier of `from` to a repo file (relative or `@/` paths), or null for a package. */
function resolveSpecifier(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(REPO_ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (base === null) return null;
  const candidates = [base, ...SOURCE_EXTENSIONS.map((ext) => base + ext), ...SOURCE_EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!found) throw new Error(`${path.relative(REPO_ROOT, from)}: cannot resolve import "${specifier}"`);
  return found;
}

/** True when an import or export declaration is erased at compile time (`import type`, only `type` specifiers). */
function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  }
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import (`import "server-only"`) always runs
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** Parses `file` and lists what it imports at run time (static imports, re-exports and `import()` calls). */
export function readImports(file: string): ModuleImports {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!isTypeOnly(node)) specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) specifiers.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const first = source.statements[0];
  const directiveText = first !== undefined && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) ? first.expression.text : null;
  const directive = directiveText === "use client" || directiveText === "use server" ? directiveText : null;
  const files: string[] = [];
  const packages: string[] = [];
  for (const specifier of specifiers) {
    const resolved = resolveSpecifier(file, specifier);
    if (resolved === null) packages.push(specifier);
    else if (SOURCE_EXTENSIONS.some((ext) => resolved.endsWith(ext))) files.push(resolved); // not CSS, JSON, SVG
  }
  return { files, packages, directive };
}

/**
 * Walks the run-time import graph from `entry` and returns the first chain (entry first, repo-relative paths) that
 * ends at a module for which `isForbidden` returns a reason, with that reason; null when none does. A `"use server"`
 * module reached through an import is not entered: a client bundle gets references to its actions, not its code.
 */
export function findForbiddenChain(
  entry: string,
  isForbidden: (file: string, imports: ModuleImports) => string | null,
  cache: Map<string, ModuleImports> = new Map(),
): { chain: string[]; reason: string } | null {
  const parent = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const imports = cache.get(file) ?? readImports(file);
    cache.set(file, imports);
    if (imports.directive === "use server" && file !== entry) continue;
    const reason = isForbidden(file, imports);
    if (reason !== null) {
      const chain: string[] = [];
      for (let at: string | null | undefined = file; at; at = parent.get(at)) chain.unshift(path.relative(REPO_ROOT, at));
      return { chain, reason };
    }
    for (const next of imports.files) {
      if (!parent.has(next)) {
        parent.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}
