import "server-only";
import type { Db } from "../db-client";
import { appendAuditEvent, type AuditActor } from "../audit/log";
import { DeviceServiceError } from "./errors";
import { routerConnectGuard } from "./router-networks";
import type { TestConnectionInput } from "./schema";
import { storedPasswordFor } from "./service";
import { testRouterConnection, type ConnectionTestResult } from "./test-connection";

/**
 * The admin "Test connection" button: tests the form's connection settings against the router
 * (`/system/identity`, `/system/resource`, `/system/routerboard`, see testRouterConnection) and
 * audits it as `device.test_connection` (URL, username, ok, identity or error kind; never the password).
 * A blank password with `deviceId` uses that device's stored password, only when the posted API URL,
 * username, TLS fingerprint and CA PEM equal the stored ones. The target is vetted against the router networks
 * before any packet is sent (a refusal is the neutral `unreachable` result, see testRouterConnection).
 * Authorization is the caller's job.
 * @throws DeviceServiceError when the password is blank for a new device (fieldErrors.password), the
 *   device does not exist, or the settings changed with a blank password (fieldErrors.password)
 */
export async function testConnectionFromForm(db: Db, actor: AuditActor | null, input: TestConnectionInput): Promise<ConnectionTestResult> {
  let password = input.password;
  if (password === null) {
    if (!input.deviceId) throw new DeviceServiceError("Enter the router password to test the connection.", { password: ["required to test a new device"] });
    password = await storedPasswordFor(db, input.deviceId, input);
  }
  const result = await testRouterConnection({ ...input, password }, routerConnectGuard(db));
  await appendAuditEvent(db, actor, {
    action: "device.test_connection",
    entityType: "device",
    entityId: input.deviceId ?? undefined,
    after: {
      apiUrl: input.apiUrl,
      username: input.username,
      ok: result.ok,
      ...(result.ok ? { identity: result.facts.identity } : { errorKind: result.error.kind }),
    },
  });
  return result;
}
