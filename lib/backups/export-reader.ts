import "server-only";
import { randomBytes } from "node:crypto";
import { log } from "../log";
import { RouterOsApiError, type RouterOsClient, type RouterOsRow } from "../routeros";
import { ExportUnreadableError } from "./errors";

/**
 * Reads a router's configuration over REST (docs/routeros.md, "Configuration export and files"):
 * `POST /rest/export {terse, file}` writes `<name>.rsc`; the file is read back with `/file/read` in chunks
 * (`chunk-size`, `offset`), or from `/file` `contents` when the router has no `read` (before 7.16 in the
 * schemas); the file is removed afterwards, also when reading failed.
 */

/** Options of {@link readRouterExport}. */
export interface ReadExportOptions {
  /** Pass `show-sensitive` (secrets in the text; the REST user also needs the `sensitive` policy). Default false. */
  showSensitive?: boolean;
  /** Bytes per `/file/read` (default 32 768). */
  chunkSize?: number;
  /** How long to wait for the file to appear after `export` (ms, default 5 000), polled every 200 ms. */
  fileWaitMs?: number;
}

/** The export text as the router wrote it, and how it was read. */
export interface RouterExport {
  text: string;
  /** Size `/file` reported (bytes). */
  sizeBytes: number;
  /** `read`: `/file/read` in `chunks` requests; `contents`: the `/file` print's `contents`. */
  method: "read" | "contents";
  chunks: number;
  /** Name of the file on the router (`noc-backup-<hex>.rsc`), removed by now. */
  fileName: string;
}

const FILE_PROPLIST = ["name", "size", "contents"];

/** Whether the error is RouterOS saying the command does not exist in this version (`no such command or directory`). */
function isNoSuchCommand(err: unknown): boolean {
  return err instanceof RouterOsApiError && err.status === 400 && (err.detail ?? "").startsWith("no such command");
}

async function waitForFile(client: RouterOsClient, name: string, waitMs: number): Promise<RouterOsRow> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [row] = await client.print("/file", { proplist: FILE_PROPLIST, where: { name } });
    if (row) return row;
    if (Date.now() >= deadline) throw new ExportUnreadableError(`the router did not write ${name} within ${waitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The `data` of a `/file/read` reply: `[{"data": …}]` or one object (docs/routeros.md; the shape is unverified). */
function chunkData(rows: RouterOsRow[]): string {
  const data = rows[0]?.data;
  if (typeof data !== "string") throw new ExportUnreadableError("the router's /file/read reply has no data");
  return data;
}

/** `/file/read` from offset 0 until `size` bytes are read; null when this version has no `read`. */
async function readInChunks(client: RouterOsClient, name: string, size: number, chunkSize: number): Promise<{ text: string; chunks: number } | null> {
  const parts: Buffer[] = [];
  let offset = 0;
  let chunks = 0;
  while (offset < size || chunks === 0) {
    let rows: RouterOsRow[];
    try {
      rows = await client.command("/file", "read", { file: name, "chunk-size": String(chunkSize), offset: String(offset) }, { idempotent: true });
    } catch (err) {
      if (chunks === 0 && isNoSuchCommand(err)) return null;
      throw err;
    }
    const part = Buffer.from(chunkData(rows), "utf8");
    chunks++;
    if (part.length === 0) break;
    parts.push(part);
    offset += part.length;
  }
  const text = Buffer.concat(parts).toString("utf8");
  if (offset !== size) throw new ExportUnreadableError(`read ${offset} bytes of ${name}, /file says ${size}`);
  return { text, chunks };
}

/**
 * Exports the router's configuration (`terse`) to a uniquely named file, reads it back and removes it.
 * @returns the text (volatile header included) and how it was read
 * @throws ExportUnreadableError when the file does not appear, or is too large for `contents` on a version without
 *   `/file/read`; RouterOsError subclasses for router and transport failures (the file is still removed when it exists)
 */
export async function readRouterExport(client: RouterOsClient, opts: ReadExportOptions = {}): Promise<RouterExport> {
  const base = `noc-backup-${randomBytes(6).toString("hex")}`;
  const fileName = `${base}.rsc`;
  await client.command("/", "export", { terse: "", file: base, ...(opts.showSensitive ? { "show-sensitive": "" } : {}) });
  try {
    const row = await waitForFile(client, fileName, opts.fileWaitMs ?? 5_000);
    const size = Number(row.size ?? "NaN");
    if (!Number.isInteger(size) || size < 0) throw new ExportUnreadableError(`/file gives no size for ${fileName}`);
    const read = await readInChunks(client, fileName, size, opts.chunkSize ?? 32_768);
    if (read) return { text: read.text, sizeBytes: size, method: "read", chunks: read.chunks, fileName };
    const contents = typeof row.contents === "string" ? row.contents : undefined;
    if (contents === undefined || Buffer.byteLength(contents, "utf8") !== size) {
      throw new ExportUnreadableError(`the export is ${size} bytes: too large for /file contents, and this RouterOS version has no /file/read`);
    }
    return { text: contents, sizeBytes: size, method: "contents", chunks: 0, fileName };
  } finally {
    await removeFile(client, fileName);
  }
}

/** Removes the file when it exists; a failure to remove is logged, not thrown (the read's own outcome is what the caller gets). */
async function removeFile(client: RouterOsClient, name: string): Promise<void> {
  try {
    const rows = await client.print("/file", { proplist: [".id", "name"], where: { name } });
    for (const row of rows) if (row[".id"] !== undefined) await client.remove("/file", row[".id"]);
  } catch (err) {
    log.warn({ err, file: name }, "backups: could not remove the export file from the router");
  }
}
