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

/** A version flagged as changed outside the product, with the diff from the version before it (secrets masked). */
export interface OutsideChangeDto {
  deviceId: string;
  deviceName: string;
  siteName: string;
  version: BackupVersionDto;
  /** The version before it; null when retention removed it (then `hunks` is empty). */
  previousId: string | null;
  hunks: DiffHunkDto[];
  /** Set once an admin reviewed it (UTC ISO), with who and the note. */
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewNote: string | null;
}

/** A page of outside changes: `unreviewed` (devices whose newest version is flagged and not reviewed) or `reviewed`. */
export interface OutsideChangesPageDto {
  view: "unreviewed" | "reviewed";
  items: OutsideChangeDto[];
  page: { page: number; pageCount: number; total: number; pageSize: number };
}

/** A device's or site's schedule and retention as stored (null = inherit: the site's, then the defaults). */
export interface BackupSettingsDto {
  enabled: boolean | null;
  /** Minutes after 00:00 UTC of the daily scheduled backup (0–1439). */
  timeOfDayMin: number | null;
  keepVersions: number | null;
  keepDays: number | null;
}
