import type { RouterOsVersion } from "../../routeros/version";

/** A RouterOS version as `supportsFeature` accepts it: parsed, or the string `/system/resource` printed. */
export type RouterOsVersionLike = RouterOsVersion | string;
