import { describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { generateKey, seal, secretFingerprint, unseal } from "./seal";

const key = generateKey();

describe("secret sealing (AES-256-GCM)", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = seal("s3cret-password", "device:1:password", key);
    expect(sealed).not.toContain("s3cret");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(unseal(sealed, "device:1:password", key)).toBe("s3cret-password");
  });

  it("uses a fresh IV each time", () => {
    expect(seal("x", "", key)).not.toBe(seal("x", "", key));
  });

  it("refuses a wrong key, a wrong aad and a tampered ciphertext", () => {
    const sealed = seal("secret", "device:1:password", key);
    expect(() => unseal(sealed, "device:1:password", generateKey())).toThrow();
    expect(() => unseal(sealed, "device:2:password", key)).toThrow();
    const parts = sealed.split(".");
    const ct = Buffer.from(at(parts, 3), "base64");
    ct.writeUInt8(ct.readUInt8(0) ^ 1, 0);
    parts[3] = ct.toString("base64");
    expect(() => unseal(parts.join("."), "device:1:password", key)).toThrow();
    expect(() => unseal("garbage", "", key)).toThrow(/malformed/);
  });

  it("fingerprints are short and stable", () => {
    expect(secretFingerprint("abc")).toMatch(/^[0-9a-f]{8}$/);
    expect(secretFingerprint("abc")).toBe(secretFingerprint("abc"));
  });
});
