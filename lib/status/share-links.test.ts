import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/log";
import { pgStoredText } from "../testing/raw-sql";
import { createTestDb, sqliteFile, type TestDb } from "../testing/test-db";
import { expiryFrom } from "./schema";
import {
  LAST_USED_THROTTLE_SEC,
  SHARE_TOKEN_PREFIX_LENGTH,
  ShareLinkError,
  createShareLink,
  hashShareToken,
  listShareLinks,
  resolveShareToken,
  revokeShareLink,
} from "./share-links";

const NOW = new Date("2026-11-22T12:00:00Z");
const later = (sec: number) => new Date(NOW.getTime() + sec * 1000);
const actor = { id: "u-admin", email: "admin@noc.local", clientIp: "127.0.0.1", requestId: "req-1" };

let t: TestDb;
const tokens: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  await t.db.user.create({ data: { id: actor.id, email: actor.email, name: "Ada", role: "ADMIN", passwordHash: "x" } });
  await t.db.site.createMany({
    data: [
      { id: "s-par", name: "Paris-DC1" },
      { id: "s-fra", name: "Frankfurt-DC1" },
    ],
  });
});

afterAll(async () => {
  await t.cleanup();
});

async function create(siteId: string, expiresAt: Date | null = null, label = "ACME support") {
  const res = await createShareLink(t.db, actor, { siteId, label, expiresAt, baseUrl: "https://noc.example.net/" }, NOW);
  tokens.push(res.token);
  return res;
}

describe("createShareLink", () => {
  it("returns a 32-byte base64url token once, in the URL, and stores only its SHA-256 and prefix", async () => {
    const { token, url, link } = await create("s-par");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(url).toBe(`https://noc.example.net/share/${token}`);
    expect(link).toMatchObject({
      siteName: "Paris-DC1",
      label: "ACME support",
      tokenPrefix: token.slice(0, SHARE_TOKEN_PREFIX_LENGTH),
      state: "active",
      createdByEmail: actor.email,
    });
    const row = await t.db.statusShareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.tokenHash).toBe(hashShareToken(token));
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("writes a status_share.create audit event without the token", async () => {
    const { token, link } = await create("s-fra");
    const ev = await t.db.auditEvent.findFirstOrThrow({ where: { action: "status_share.create", entityId: link.id } });
    expect(ev.actorEmail).toBe(actor.email);
    expect(JSON.parse(ev.after ?? "{}")).toEqual({ siteId: "s-fra", site: "Frankfurt-DC1", label: "ACME support", prefix: link.tokenPrefix, expiresAt: null });
    expect(`${ev.before}${ev.after}`).not.toContain(token);
    expect(`${ev.before}${ev.after}`).not.toContain(hashShareToken(token));
  });

  it("refuses an unknown site and an expiry that is not in the future", async () => {
    await expect(create("s-nope")).rejects.toBeInstanceOf(ShareLinkError);
    await expect(create("s-par", NOW)).rejects.toThrow(/future/);
  });

  it("generates a different token every time", async () => {
    const a = await create("s-par");
    const b = await create("s-par");
    expect(a.token).not.toBe(b.token);
  });
});

describe("resolveShareToken", () => {
  it("opens the link's site; unknown, malformed and tampered tokens give null", async () => {
    const { token } = await create("s-fra");
    expect(await resolveShareToken(t.db, token, NOW)).toMatchObject({ siteId: "s-fra", siteName: "Frankfurt-DC1" });
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(await resolveShareToken(t.db, flipped, NOW)).toBeNull();
    expect(await resolveShareToken(t.db, "short", NOW)).toBeNull();
    expect(await resolveShareToken(t.db, `${token}x`, NOW)).toBeNull();
    expect(await resolveShareToken(t.db, hashShareToken(token), NOW)).toBeNull();
  });

  it("gives null once the link has expired", async () => {
    const { token } = await create("s-par", later(3600));
    expect(await resolveShareToken(t.db, token, later(3599))).not.toBeNull();
    expect(await resolveShareToken(t.db, token, later(3600))).toBeNull();
    const list = await listShareLinks(t.db, later(3600));
    expect(list.find((l) => l.tokenPrefix === token.slice(0, SHARE_TOKEN_PREFIX_LENGTH))?.state).toBe("expired");
  });

  it("records lastUsedAt at most once per throttle window, without audit events", async () => {
    const { token, link } = await create("s-par");
    const auditsBefore = await t.db.auditEvent.count();
    await resolveShareToken(t.db, token, later(10));
    await resolveShareToken(t.db, token, later(20));
    const first = await t.db.statusShareLink.findUniqueOrThrow({ where: { id: link.id }, select: { lastUsedAt: true } });
    expect(first.lastUsedAt?.toISOString()).toBe(later(10).toISOString());
    await resolveShareToken(t.db, token, later(10 + LAST_USED_THROTTLE_SEC + 1));
    const second = await t.db.statusShareLink.findUniqueOrThrow({ where: { id: link.id }, select: { lastUsedAt: true } });
    expect(second.lastUsedAt?.toISOString()).toBe(later(10 + LAST_USED_THROTTLE_SEC + 1).toISOString());
    expect(await t.db.auditEvent.count()).toBe(auditsBefore);
  });
});

describe("revokeShareLink", () => {
  it("revokes once: the token no longer resolves, a second revoke is refused, the audit event has no token", async () => {
    const { token, link } = await create("s-fra");
    const view = await revokeShareLink(t.db, actor, { id: link.id }, later(5));
    expect(view.state).toBe("revoked");
    expect(view.revokedAt).toBe(later(5).toISOString());
    expect(await resolveShareToken(t.db, token, later(6))).toBeNull();
    await expect(revokeShareLink(t.db, actor, { id: link.id }, later(7))).rejects.toThrow(/already revoked/);
    await expect(revokeShareLink(t.db, actor, { id: "missing" }, later(7))).rejects.toBeInstanceOf(ShareLinkError);
    const ev = await t.db.auditEvent.findFirstOrThrow({ where: { action: "status_share.revoke", entityId: link.id } });
    expect(JSON.parse(ev.before ?? "{}")).toMatchObject({ site: "Frankfurt-DC1", prefix: link.tokenPrefix, state: "active" });
    expect(`${ev.before}${ev.after}`).not.toContain(token);
    const row = await t.db.statusShareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.revokedById).toBe(actor.id);
  });
});

describe("listShareLinks", () => {
  it("lists newest first with site, creator and state, never a token or hash", async () => {
    const list = await listShareLinks(t.db, NOW);
    expect(list.length).toBe(tokens.length);
    expect(list.every((l) => l.createdByEmail === actor.email)).toBe(true);
    const json = JSON.stringify(list);
    for (const token of tokens) {
      expect(json).not.toContain(token);
      expect(json).not.toContain(hashShareToken(token));
    }
  });
});

describe("at rest", () => {
  it("no token appears in the database file (WAL checkpointed; PostgreSQL: every stored row), and the audit chain verifies", async () => {
    if (t.provider === "sqlite") await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const bytes = t.provider === "sqlite" ? await readFile(sqliteFile(t)) : Buffer.from(await pgStoredText(t), "utf8");
    expect(tokens.length).toBeGreaterThan(5);
    for (const token of tokens) {
      expect(bytes.includes(Buffer.from(token, "utf8"))).toBe(false);
      expect(bytes.includes(Buffer.from(hashShareToken(token), "utf8"))).toBe(true);
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

describe("expiryFrom", () => {
  it("adds the chosen days, or gives null for never", () => {
    expect(expiryFrom("never", NOW)).toBeNull();
    expect(expiryFrom("7d", NOW)?.toISOString()).toBe("2026-11-29T12:00:00.000Z");
  });
});
