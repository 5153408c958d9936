import { ExpectedError } from "../errors";

/**
 * The one role → permission map (docs/security.md, authorization matrix). Code checks permissions, never role names.
 * VIEWER = support staff (read), OPERATOR = NOC staff (read + propose), ADMIN = NOC leads (everything).
 */
export const ROLES = ["VIEWER", "OPERATOR", "ADMIN"] as const;
export type RoleName = (typeof ROLES)[number];

export type Permission =
  | "status.read"
  | "devices.read"
  | "devices.manage"
  | "devices.testConnection"
  | "changes.read"
  | "changes.propose"
  | "changes.approve"
  | "audit.read"
  | "users.manage"
  | "status.share"
  | "alerts.read"
  | "alerts.acknowledge"
  | "alerts.manage"
  | "metrics.manage";

const VIEWER: Permission[] = ["status.read", "devices.read", "alerts.read"];
const OPERATOR: Permission[] = [...VIEWER, "changes.read", "changes.propose", "audit.read", "alerts.acknowledge"];
const ADMIN: Permission[] = [
  ...OPERATOR,
  "devices.manage",
  "devices.testConnection",
  "changes.approve",
  "users.manage",
  "status.share",
  "alerts.manage",
  "metrics.manage",
];

const MAP: Record<RoleName, ReadonlySet<Permission>> = {
  VIEWER: new Set(VIEWER),
  OPERATOR: new Set(OPERATOR),
  ADMIN: new Set(ADMIN),
};

/** True when `role` grants `permission`. Unknown roles grant nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  if (!role || !(role in MAP)) return false;
  return MAP[role as RoleName].has(permission);
}

/** Thrown by requirePermission (lib/auth/session.ts) when the user lacks `permission` (403 / the action's refusal). */
export class ForbiddenError extends ExpectedError {
  override name = "ForbiddenError";

  constructor(readonly permission: Permission) {
    super(`You do not have permission to do this (${permission}).`);
  }
}

/** Thrown by requirePermission when there is no valid session (401 / the action's refusal). */
export class UnauthenticatedError extends ExpectedError {
  override name = "UnauthenticatedError";

  constructor() {
    super("You are not signed in.");
  }
}
