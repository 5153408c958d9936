import "server-only";
import pino from "pino";
import { getEnv } from "./env";

/**
 * The structured logger (pino, JSON lines). Secret fields are redacted by path; never log a raw
 * MACsec reply or a password in any other field.
 */
export const log = pino({
  level: getEnv().LOG_LEVEL,
  redact: {
    paths: ["password", "*.password", "cak", "*.cak", "passwordSealed", "*.passwordSealed", "authorization", "*.authorization"],
    censor: "[redacted]",
  },
  base: { app: "routeros-noc" },
});
