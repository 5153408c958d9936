/**
 * The one base class of expected failures: refusals whose `message`, and `fieldErrors` (form field name →
 * messages) when they have them, are written for the user (duplicate name, wrong state, last admin, a
 * router's `detail` …). defineAction (lib/auth/action.ts) returns them as `{ ok: false, message,
 * fieldErrors }` and withPermission (lib/auth/route.ts) as a 4xx JSON body; any other error is logged
 * with a reference and masked. Subclasses only name the failure (`override name = "..."`, kept readable in minified
 * builds) and may add fields of their own;
 * no allow-list of classes is kept anywhere. Client-safe: no server import.
 */
export class ExpectedError extends Error {
  override name = "ExpectedError";

  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}
