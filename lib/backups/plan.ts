/**
 * A device's effective backup schedule and retention: its own settings, else its site's, else the defaults
 * (on, daily at any time; the newest 100 versions younger than 365 days, docs/backups.md). Pure: no database.
 */

/** Settings as stored on ConfigBackupDevice / ConfigBackupSite (null = inherit). */
export interface PlanSettings {
  enabled?: boolean | null;
  /** Minutes after 00:00 UTC of the daily backup (0–1439). */
  timeOfDayMin?: number | null;
  intervalHours: number | null;
  keepVersions: number | null;
  keepDays: number | null;
}

/**
 * What applies to one device: scheduled backups on or off; daily at `timeOfDayMin` minutes after 00:00 UTC, or (null)
 * every `intervalHours` hours; versions and days kept.
 */
export interface EffectivePlan {
  enabled: boolean;
  timeOfDayMin: number | null;
  intervalHours: number;
  keepVersions: number;
  keepDays: number;
}

/** The defaults when neither the device nor its site sets a value. */
export const DEFAULT_PLAN: EffectivePlan = { enabled: true, timeOfDayMin: null, intervalHours: 24, keepVersions: 100, keepDays: 365 };

/** Device settings win over site settings, which win over {@link DEFAULT_PLAN}, field by field. */
export function effectivePlan(
  device: PlanSettings | null | undefined,
  site: PlanSettings | null | undefined,
  defaults: EffectivePlan = DEFAULT_PLAN,
): EffectivePlan {
  return {
    enabled: device?.enabled ?? site?.enabled ?? defaults.enabled,
    timeOfDayMin: device?.timeOfDayMin ?? site?.timeOfDayMin ?? defaults.timeOfDayMin,
    intervalHours: device?.intervalHours ?? site?.intervalHours ?? defaults.intervalHours,
    keepVersions: device?.keepVersions ?? site?.keepVersions ?? defaults.keepVersions,
    keepDays: device?.keepDays ?? site?.keepDays ?? defaults.keepDays,
  };
}

/** Hours to wait before retrying a device whose last attempt failed: the interval, at most one hour. */
export function retryHours(plan: EffectivePlan): number {
  return Math.min(plan.intervalHours, 1);
}

/** The latest moment at or before `now` whose UTC time of day is `minutes` after midnight. */
export function latestDailySlot(now: Date, minutes: number): Date {
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 0, minutes));
  return slot.getTime() <= now.getTime() ? slot : new Date(slot.getTime() - 86_400_000);
}

/**
 * Whether a scheduled backup is due at `now`: scheduled backups on; never succeeded, or last success before the
 * latest daily slot (`timeOfDayMin`, UTC) or at least `intervalHours` ago (no time of day); and no attempt within
 * the retry delay (so a failing router is tried again hourly, not at every tick).
 */
export function isDue(plan: EffectivePlan, state: { lastAttemptAt: Date | null; lastSuccessAt: Date | null } | null, now: Date): boolean {
  if (!plan.enabled) return false;
  const t = now.getTime();
  const last = state?.lastSuccessAt?.getTime();
  const successDue =
    last === undefined || (plan.timeOfDayMin === null ? t - last >= plan.intervalHours * 3_600_000 : last < latestDailySlot(now, plan.timeOfDayMin).getTime());
  const retryDue = !state?.lastAttemptAt || t - state.lastAttemptAt.getTime() >= retryHours(plan) * 3_600_000;
  return successDue && retryDue;
}
