/**
 * RouterOS REST error replies. Bodies follow RouterOS: `{"error":400,"message":"Bad Request",
 * "detail":"..."}`; 404 and 401 carry no detail. Wording sources: ROUTEROS.md (no such command or
 * directory, already have such address, input does not match any value of interface), public client
 * code (`unknown parameter <name>`, `failure: already have interface with such name`). Assumed
 * wording (not verified against a router): `invalid value for argument <name>` (from the console),
 * `failure: <arg> not specified` for a missing required argument, the nouns of other duplicate
 * messages, and 406 `{"error":406,"message":"Not Acceptable"}` for a verb the menu lacks.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, string | number>,
  ) {
    super(typeof body.detail === "string" ? body.detail : String(body.message));
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  406: "Not Acceptable",
  500: "Internal Server Error",
};

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

/** 406 Not Acceptable: a verb whose command the menu lacks (e.g. PUT on /interface). */
export function notAcceptable(): RestError {
  return new RestError(406, { error: 406, message: STATUS_TEXT[406] });
}

/** 500 as the `http500` fault answers. */
export function internalError(): RestError {
  return new RestError(500, { error: 500, message: STATUS_TEXT[500] });
}
