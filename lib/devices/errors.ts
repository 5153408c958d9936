/**
 * An expected failure of the device service (duplicate name, unknown device, wrong confirmation).
 * Server actions turn it into a user-facing ActionError; `fieldErrors` point at form fields.
 */
export class DeviceServiceError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "DeviceServiceError";
  }
}
