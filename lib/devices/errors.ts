import { ExpectedError } from "../errors";

/**
 * An expected failure of the device service (duplicate name, unknown device, wrong confirmation).
 * Shown to the user as is (an ExpectedError, lib/errors.ts); `fieldErrors` point at form fields.
 */
export class DeviceServiceError extends ExpectedError {
  override name = "DeviceServiceError";
}
