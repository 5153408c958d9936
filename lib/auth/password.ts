import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// argon2id parameters: OWASP's 19 MiB / 2 iterations / 1 lane baseline.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 /* Argon2id */ } as const;

/** Hashes a password with argon2id (PHC string, salt included). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Verifies a password against an argon2 PHC string; false on mismatch or a malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** Hash of a random password nobody knows, with the same parameters as real hashes (made once per process). */
let dummyHash: Promise<string> | null = null;

/**
 * Login-time verification that costs one argon2 verify whether or not the account exists: with a null
 * `phc` (unknown or disabled account) the password is checked against a dummy hash and false is returned.
 */
export async function verifyLoginPassword(phc: string | null, password: string): Promise<boolean> {
  if (phc !== null) return verifyPassword(phc, password);
  dummyHash ??= hashPassword(randomBytes(32).toString("hex"));
  await verifyPassword(await dummyHash, password);
  return false;
}
