import "server-only";
import { cache } from "react";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import type { ChangeDetailDto, ChangeDeviceOption, ChangeFilterOptions, ChangeListPage, ChangeListQuery, ChangeSuggestions } from "./dto";
import { queryChangeDetail, queryChangeDeviceOptions, queryChangeFilterOptions, queryChangeList, queryChangeSuggestions } from "./queries";

/**
 * Data access of the change-request pages and `app/api/changes/**`. Server-only. Every function checks
 * its permission itself and returns DTOs (lib/changes/dto.ts); no sealed secret is ever selected.
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/session.ts)
 */

/** A page of the queue with per-status counts. Permission: changes.read. */
export async function listChanges(query: ChangeListQuery): Promise<ChangeListPage> {
  await requirePermission("changes.read");
  return queryChangeList(db, query);
}

/** Devices and proposers for the queue's filters. Permission: changes.read. */
export async function listChangeFilterOptions(): Promise<ChangeFilterOptions> {
  await requirePermission("changes.read");
  return queryChangeFilterOptions(db);
}

/**
 * One request with targets, steps and history; null when it does not exist. Permission: changes.read.
 * Cached per request (React `cache`): the page's generateMetadata and the page share one read.
 */
export const getChange = cache(async (id: string): Promise<ChangeDetailDto | null> => {
  await requirePermission("changes.read");
  return queryChangeDetail(db, id);
});

/** Every device (site, tags, version) for the target picker. Permission: changes.propose. */
export async function listChangeDeviceOptions(): Promise<ChangeDeviceOption[]> {
  await requirePermission("changes.propose");
  return queryChangeDeviceOptions(db);
}

/** Polled names of the devices `deviceIds`, merged, for the form's suggestions. Permission: changes.propose. */
export async function getChangeSuggestions(deviceIds: string[]): Promise<ChangeSuggestions> {
  await requirePermission("changes.propose");
  return queryChangeSuggestions(db, deviceIds);
}
