import { ExpectedError } from "../errors";

/** The router's export could not be read back (file never written, too large for `contents` without `/file/read`). */
export class ExportUnreadableError extends ExpectedError {
  override name = "ExportUnreadableError";
}

/** No such device or backup version (or it belongs to another device). */
export class BackupNotFoundError extends ExpectedError {
  override name = "BackupNotFoundError";
}
