import { ExpectedError } from "../errors";

/** The router's export could not be read back (file never written, too large for `contents` without `/file/read`). */
export class ExportUnreadableError extends ExpectedError {
  override name = "ExportUnreadableError";
}

/** No such device or backup version (or it belongs to another device). */
export class BackupNotFoundError extends ExpectedError {
  override name = "BackupNotFoundError";
}

/** A backup around a change request that did not finish within its time limit (lib/backups/change-hook.ts). */
export class BackupTimeLimitError extends ExpectedError {
  override name = "BackupTimeLimitError";
}

/** A review refused: the version is not flagged as changed outside the product, or was already reviewed. */
export class BackupReviewError extends ExpectedError {
  override name = "BackupReviewError";
}
