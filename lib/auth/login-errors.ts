/**
 * Error code thrown by the credentials `authorize` when the login throttle refuses an attempt; next-auth 4
 * hands it to the browser as `signIn(...).error`. Kept in its own module so the client form can import it.
 */
export const LOGIN_THROTTLED_ERROR = "LoginThrottled";
