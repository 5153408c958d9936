export { startPoller, PollDeadlineError, type Poller, type PollerOptions, type PollSummary } from "./poller";
export { pollDevice, recordPollFailure, type DevicePollResult, type PollDeviceOptions } from "./poll-device";
export { claimDevices, leaseRelease, nextPollTime, releaseAllLeases, type ClaimOptions } from "./lease";
