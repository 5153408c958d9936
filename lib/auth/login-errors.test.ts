import { describe, expect, it } from "vitest";
import { formatWait, loginThrottledError, parseLoginError, throttledMessage } from "./login-errors";

describe("login errors", () => {
  it("carries the wait of a throttled attempt from authorize to the form", () => {
    expect(loginThrottledError(4)).toBe("LoginThrottled:4");
    expect(loginThrottledError(0.2)).toBe("LoginThrottled:1");
    expect(parseLoginError(loginThrottledError(900))).toEqual({ kind: "throttled", retryAfterSec: 900 });
    expect(throttledMessage(parseLoginError("LoginThrottled:4").kind === "throttled" ? 4 : 0)).toBe("Too many failed sign-ins. Try again in 4 seconds.");
  });

  it("reads anything else as wrong email or password", () => {
    for (const error of [
      "CredentialsSignin",
      "LoginThrottled",
      "LoginThrottled:",
      "LoginThrottled:-5",
      "LoginThrottled:12345678",
      "LoginThrottled:3<script>",
      null,
      undefined,
      7,
    ]) {
      expect(parseLoginError(error)).toEqual({ kind: "invalid" });
    }
  });

  it("says how long to wait in seconds under a minute, in whole minutes (rounded up) from there", () => {
    expect([1, 2, 59, 60, 61, 120, 900].map(formatWait)).toEqual(["1 second", "2 seconds", "59 seconds", "1 minute", "2 minutes", "2 minutes", "15 minutes"]);
  });
});
