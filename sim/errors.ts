/**
 * RouterOS REST error replies. Bodies follow RouterOS: `{"error":400,"message":"Bad Request",
 * "detail":"..."}`; 404 and 401 carry no detail. Wording sources: docs/routeros.md (no such command or
 * directory, already have such address, input does not match any value of interface), public client
 * code (`unknown parameter <name>`, `failure: already have interface with such name`). Assumed
 * wording (not verified against a router): `invalid value for argument <name>` (from the console),
 * `failure: <arg> not specified` for a missing required argument, the nouns of other duplicate
 * messages, and a 406 naming the lower-cased method for an HTTP method RouterOS does not map to a
 * command (OPTIONS, HEAD...). MikroTik's REST manual: 406 `{"error":406,"message":"Not Acceptable","detail":
 * "no such command or directory (remove)"}` for a verb whose command the menu lacks. Field reports of
 * 7.23 (not the manual): 400 `no such command` for GET on a command path, and 500 `not enough
 * permissions (9)` for a user whose group lacks a policy the request needs.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, string | number>,
  ) {
    super(typeof body.detail === "string" ? body.detail : String(body.message));
  }
}

const STATUS_TEXT = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  406: "Not Acceptable",
  500: "Internal Server Error",
} as const;

/** 400 Bad Request with a RouterOS detail text. */
export function badRequest(detail: string): RestError {
  return new RestError(400, { error: 400, message: STATUS_TEXT[400], detail });
}

/** 400 `no such command or directory (<token>)`: a menu or command this version lacks. */
export function noSuchCommand(token: string): RestError {
  return badRequest(`no such command or directory (${token})`);
}

/** 400 `unknown parameter <name>`: an argument the command does not take. */
export function unknownParameter(name: string): RestError {
  return badRequest(`unknown parameter ${name}`);
}

/** 400 `input does not match any value of <arg>`: a reference to something that does not exist. */
export function noMatch(arg: string): RestError {
  return badRequest(`input does not match any value of ${arg}`);
}

/** 400 `invalid value for argument <arg>` (assumed wording). */
export function invalidValue(arg: string): RestError {
  return badRequest(`invalid value for argument ${arg}`);
}

/** 404 `{"error":404,"message":"Not Found"}`: unknown `.id` or name. */
export function notFound(): RestError {
  return new RestError(404, { error: 404, message: STATUS_TEXT[404] });
}

/** 401 `{"error":401,"message":"Unauthorized"}`. */
export function unauthorized(): RestError {
  return new RestError(401, { error: 401, message: STATUS_TEXT[401] });
}

/**
 * 406 Not Acceptable with `no such command or directory (<command>)` (MikroTik REST manual): the verb's
 * command is missing on that menu, e.g. DELETE on a singleton → `(remove)`, PUT on `/interface` →
 * `(add)`, PATCH without `set` → `(set)`.
 */
export function notAcceptable(command: string): RestError {
  return new RestError(406, { error: 406, message: STATUS_TEXT[406], detail: `no such command or directory (${command})` });
}

/** 400 `no such command` (field reports of 7.23): GET, PATCH or DELETE on a command path (`GET /rest/interface/print`). */
export function commandAsItem(): RestError {
  return badRequest("no such command");
}

/**
 * 500 `not enough permissions (9)` (field reports of 7.23): the REST user's group lacks the `read` or
 * `write` policy the request needs. The number is as reported; its meaning is unknown.
 */
export function notEnoughPermissions(): RestError {
  return new RestError(500, { error: 500, message: STATUS_TEXT[500], detail: "not enough permissions (9)" });
}

/** 500 as the `http500` fault answers. */
export function internalError(): RestError {
  return new RestError(500, { error: 500, message: STATUS_TEXT[500] });
}
