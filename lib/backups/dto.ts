/**
 * What the Configuration tab and the fleet receive about stored backups (client-safe: types only, no secret,
 * times as ISO strings in UTC).
 */

/** Why a version was taken (ConfigBackupTrigger). */
export type BackupTriggerDto = "after_change" | "before_change" | "on_demand" | "scheduled";

/** One stored version (without its text). Sizes in bytes of the normalised text. */
export interface BackupVersionDto {
  id: string;
  takenAt: string;
  trigger: BackupTriggerDto;
  changeRequestId: string | null;
  sizeBytes: number;
  linesAdded: number;
  linesRemoved: number;
  /** Holds secrets (sealed at rest; masked in diffs). */
  sealed: boolean;
  outsideChange: boolean;
  routerVersion: string | null;
}

/** A page of a device's versions (newest first) and its backup state. */
export interface BackupHistoryDto {
  deviceId: string;
  versions: BackupVersionDto[];
  page: { page: number; pageCount: number; total: number; pageSize: number };
  includeSecrets: boolean;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

/** One hunk of a diff: line numbers (1-based) and its lines, each starting with ` `, `+` or `-`. */
export interface DiffHunkDto {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

/** The diff between two versions of one device (secrets masked). */
export interface BackupDiffDto {
  from: BackupVersionDto;
  to: BackupVersionDto;
  hunks: DiffHunkDto[];
}

/** A device whose newest version changed outside a change request. */
export interface OutsideChangeDto {
  deviceId: string;
  deviceName: string;
  backupId: string;
  takenAt: string;
  linesAdded: number;
  linesRemoved: number;
}
