/** The one answer for an unknown, revoked or expired share token: a plain 404 with no hint which, and no link. */
export default function ShareNotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-1 text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">This status link is not valid.</p>
    </div>
  );
}
