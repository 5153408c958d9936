import { EmptyState } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { UserRow } from "@/lib/users/service";
import { DisableForm, ResetPasswordForm, RoleForm } from "./user-row-actions";

/**
 * The accounts table (server-rendered): email, name, role (editable), status, created (viewer's zone, UTC on
 * hover) and the row actions. The signed-in admin's own row cannot be demoted or disabled (the server refuses too).
 */
export function UsersTable({ rows, currentUserId }: { rows: UserRow[]; currentUserId: string }) {
  if (rows.length === 0) return <EmptyState title="No accounts yet" />;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="users-table">
        <caption className="sr-only">Accounts</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Email
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Role
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Created
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((u) => {
            const self = u.id === currentUserId;
            return (
              <tr
                key={u.id}
                className={u.disabled ? "bg-slate-50 text-slate-500" : ""}
                data-testid="user-row"
                data-email={u.email}
                data-role={u.role}
                data-disabled={u.disabled}
              >
                <td className="px-3 py-2 font-medium">
                  {u.email}
                  {self && <span className="ml-2 rounded bg-brand-light px-1.5 py-0.5 text-xs text-brand-dark">you</span>}
                </td>
                <td className="px-3 py-2">{u.name}</td>
                <td className="px-3 py-2">
                  <RoleForm id={u.id} email={u.email} role={u.role} self={self} />
                </td>
                <td className="px-3 py-2">
                  {u.disabled ? (
                    <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-700">disabled</span>
                  ) : (
                    <span className="rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-800">enabled</span>
                  )}
                </td>
                <td className="px-3 py-2">
                  <Time value={u.createdAt} />
                </td>
                <td className="px-3 py-2">
                  <div className="flex flex-col items-start gap-2">
                    <DisableForm id={u.id} disabled={u.disabled} self={self} />
                    <ResetPasswordForm id={u.id} />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
