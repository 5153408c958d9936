import { validateArgs, findRow } from "./crud";
import { formatRouterOsDateTime } from "./dynamics";
import { badRequest, noSuchCommand } from "./errors";
import { renderExport } from "./export";
import { MENUS } from "./menus";
import type { RestReply } from "./rest-handler";
import type { RouterState } from "./router-state";
import type { Row, StoredRow } from "./types";

/**
 * The root `export` command and the `/file` menu's file texts (docs/routeros.md, "Configuration export").
 * `export file=<name>` writes `<name>.rsc` into `/file`; `/file` prints `contents` only for small files and
 * `/file/read` (where the version's schema has it: 7.16.2 yes, 7.12.2 no) returns a byte range.
 */

/**
 * Largest file whose `contents` a `/file` print shows (bytes). The 4 KB limit of `contents` is the
 * scripting manual's; whether v7 still has it is unverified (assumed: larger files print no `contents`).
 */
export const FILE_CONTENTS_MAX = 4095;

/** Full text of files written by `export` (or `/file add contents=`), by row: a removed row takes its text with it. */
const texts = new WeakMap<StoredRow, string>();

const FILE_DEF = MENUS["/file"];

/** The `/file` row named `name`, created or replaced with `text` (type `script` for `.rsc`, size in bytes). */
export function writeFile(state: RouterState, name: string, text: string, nowMs: number): StoredRow {
  if (!FILE_DEF) throw new Error("the /file menu is not defined");
  const size = Buffer.byteLength(text, "utf8");
  const values: Row = {
    name,
    type: name.endsWith(".rsc") ? "script" : "file",
    size: String(size),
    "last-modified": formatRouterOsDateTime(nowMs, state.version),
    ...(size <= FILE_CONTENTS_MAX ? { contents: text } : {}),
  };
  const rows = state.rows(FILE_DEF.store);
  const old = rows.find((r) => r.name === name);
  if (old) state.remove(FILE_DEF.store, old[".id"]);
  const row = state.insert(FILE_DEF.store, values);
  texts.set(row, text);
  return row;
}

/**
 * `POST /rest/export`: arguments checked against the `/ (export)` menu of the version's schema. `terse`
 * puts the menu on every line; `show-sensitive` prints secrets when the REST user has the `sensitive`
 * policy (hidden by default, docs/routeros.md). With `file=<name>` it writes `<name>.rsc` (`.rsc` added
 * unless given) and answers `[]`; without it, it answers `{"ret": "<text>"}` (assumed: the reply shape
 * of a console export over REST is unverified). `compact`/`hide-sensitive` are accepted (the defaults);
 * `verbose`, `where` and `path` are not modelled (400).
 */
export function exportCommand(state: RouterState, body: Record<string, unknown>, args: Row, nowMs: number): RestReply {
  const allowed = state.env.schemas.menu(state.version, "/ (export)")?.export;
  if (!allowed) throw noSuchCommand("export");
  validateArgs(allowed, args);
  for (const unmodelled of ["verbose", "where", "path"]) {
    if (unmodelled in args) throw badRequest(`simulator: export ${unmodelled} is not modelled`);
  }
  const showSensitive = "show-sensitive" in body && state.spec.info.policies.includes("sensitive");
  const text = renderExport(state, { terse: "terse" in args, showSensitive, nowMs });
  if (args.file === undefined) return { status: 200, body: { ret: text } };
  if (args.file === "") throw badRequest("failure: file name not specified");
  writeFile(state, args.file.endsWith(".rsc") ? args.file : `${args.file}.rsc`, text, nowMs);
  return { status: 200, body: [] };
}

/**
 * `POST /rest/file/read {"file","chunk-size","offset"}`: the bytes `[offset, offset + chunk-size)` of the file as
 * text, answered as `[{"data": "<text>"}]` (assumed: the reply shape is unverified; an offset at or past the end
 * gives `""`). `chunk-size` defaults to the rest of the file (assumed).
 */
export function readFileCommand(state: RouterState, args: Row): RestReply {
  if (!FILE_DEF) throw new Error("the /file menu is not defined");
  if (!args.file) throw badRequest("failure: file not specified");
  const row = findRow(state, FILE_DEF, args.file);
  const bytes = Buffer.from(texts.get(row) ?? row.contents ?? "", "utf8");
  const offset = Number(args.offset ?? "0");
  const size = args["chunk-size"] === undefined ? bytes.length : Number(args["chunk-size"]);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest("invalid value for argument offset");
  if (!Number.isInteger(size) || size <= 0) throw badRequest("invalid value for argument chunk-size");
  return { status: 200, body: [{ data: bytes.subarray(offset, offset + size).toString("utf8") }] };
}
