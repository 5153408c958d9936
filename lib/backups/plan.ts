/**
 * A device's effective backup schedule and retention: its own settings, else its site's, else the defaults
 * (daily; the newest 100 versions younger than 365 days, docs/backups.md). Pure: no database.
 */

/** Settings as stored on ConfigBackupDevice / ConfigBackupSite (null = inherit). */
export interface PlanSettings {
  intervalHours: number | null;
  keepVersions: number | null;
  keepDays: number | null;
}

/** What applies to one device: hours between scheduled backups; versions and days kept. */
export interface EffectivePlan {
  intervalHours: number;
  keepVersions: number;
  keepDays: number;
}

/** The defaults when neither the device nor its site sets a value. */
export const DEFAULT_PLAN: EffectivePlan = { intervalHours: 24, keepVersions: 100, keepDays: 365 };

/** Device settings win over site settings, which win over {@link DEFAULT_PLAN}, field by field. */
export function effectivePlan(
  device: PlanSettings | null | undefined,
  site: PlanSettings | null | undefined,
  defaults: EffectivePlan = DEFAULT_PLAN,
): EffectivePlan {
  return {
    intervalHours: device?.intervalHours ?? site?.intervalHours ?? defaults.intervalHours,
    keepVersions: device?.keepVersions ?? site?.keepVersions ?? defaults.keepVersions,
    keepDays: device?.keepDays ?? site?.keepDays ?? defaults.keepDays,
  };
}

/** Hours to wait before retrying a device whose last attempt failed: the interval, at most one hour. */
export function retryHours(plan: EffectivePlan): number {
  return Math.min(plan.intervalHours, 1);
}

/**
 * Whether a scheduled backup is due at `now`: never succeeded or last success at least `intervalHours` ago, and
 * no attempt within the retry delay (so a failing router is tried again hourly, not at every tick).
 */
export function isDue(plan: EffectivePlan, state: { lastAttemptAt: Date | null; lastSuccessAt: Date | null } | null, now: Date): boolean {
  const t = now.getTime();
  const successDue = !state?.lastSuccessAt || t - state.lastSuccessAt.getTime() >= plan.intervalHours * 3_600_000;
  const retryDue = !state?.lastAttemptAt || t - state.lastAttemptAt.getTime() >= retryHours(plan) * 3_600_000;
  return successDue && retryDue;
}
