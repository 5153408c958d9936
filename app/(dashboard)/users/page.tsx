import type { Metadata } from "next";
import { CreateUserForm } from "@/components/users/create-user-form";
import { UsersTable } from "@/components/users/users-table";
import { Card } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { listAllUsers } from "@/lib/users/server";

export const metadata: Metadata = { title: "Users" };

/** /users: accounts and roles (admins: users.manage). Changes apply on the user's next request. */
export default async function UsersPage() {
  const user = await requirePagePermission("users.manage");
  const rows = await listAllUsers();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Users</h1>
        <p className="text-sm text-slate-500">
          Viewer: support (read only). Operator: NOC (read, propose changes, audit log). Admin: everything. Role and account changes apply on the user&apos;s
          next request; every change is in the audit log.
        </p>
      </div>
      <Card title="Add user">
        <CreateUserForm />
      </Card>
      <UsersTable rows={rows} currentUserId={user.id} />
    </div>
  );
}
