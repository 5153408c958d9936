import Link from "next/link";
import { countFiringAlerts } from "@/lib/alerts/server";
import { can, type Permission } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { countOutsideChanges } from "@/lib/backups/server";
import { BrandMark } from "./brand-mark";
import { NavLinks, type NavItem } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

/** Main sections, each shown only to roles holding its permission (the pages check it again). */
const ITEMS: (NavItem & { permission: Permission })[] = [
  { href: "/", label: "Overview", permission: "status.read" },
  { href: "/devices", label: "Devices", permission: "devices.read" },
  { href: "/macsec", label: "MACsec links", permission: "devices.read" },
  { href: "/status", label: "Status", permission: "status.read" },
  { href: "/alerts", label: "Alerts", permission: "alerts.read" },
  { href: "/changes", label: "Changes", permission: "changes.read" },
  { href: "/backups", label: "Backups", permission: "changes.read" },
  { href: "/audit", label: "Audit", permission: "audit.read" },
  { href: "/users", label: "Users", permission: "users.manage" },
  { href: "/settings/metrics", label: "Metrics", permission: "metrics.manage" },
];

/**
 * The dashboard's top bar: brand, main navigation (Alerts with its count of unacknowledged firing alerts, Backups with
 * its count of devices changed outside the product and not reviewed), the signed-in user's name and role, sign out.
 */
export async function TopNav({ user }: { user: Pick<SessionUser, "name" | "email" | "role"> }) {
  const [firing, outside] = await Promise.all([
    can(user.role, "alerts.read") ? countFiringAlerts() : 0,
    can(user.role, "changes.read") ? countOutsideChanges() : 0,
  ]);
  return (
    <header className="bg-slate-900 text-white shadow">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4">
        <Link href="/" className="text-white" aria-label="routeros-noc overview">
          <BrandMark />
        </Link>
        <nav aria-label="Main" className="flex-1">
          <NavLinks
            items={ITEMS.filter((i) => can(user.role, i.permission)).map(({ href, label }) => ({
              href,
              label,
              ...(href === "/alerts" && firing > 0 ? { badge: { count: firing, label: "firing" } } : {}),
              ...(href === "/backups" && outside > 0 ? { badge: { count: outside, label: "to review" } } : {}),
            }))}
          />
        </nav>
        <div className="flex items-center gap-3">
          <div className="text-right leading-tight" data-testid="current-user">
            <p className="text-sm font-medium" title={user.email}>
              {user.name}
            </p>
            <p className="text-xs uppercase tracking-wide text-slate-400">{user.role.toLowerCase()}</p>
          </div>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
