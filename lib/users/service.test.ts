import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/log";
import { authenticateCredentials } from "../auth/login";
import { verifyPassword } from "../auth/password";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createShareLinkSchema } from "../status/schema";
import { changeRoleSchema, createUserSchema, setDisabledSchema } from "./schema";
import { changeUserRole, createUser, listUsers, resetUserPassword, setUserDisabled, UserServiceError, type UserActor } from "./service";
import { required } from "../testing/required";

let t: TestDb;
let admin: UserActor;

beforeEach(async () => {
  t = await createTestDb();
  const created = await createUser(
    t.db,
    { id: "bootstrap" },
    createUserSchema.parse({ email: "Ada@NOC.local ", name: "Ada", role: "ADMIN", passwordMode: "typed", password: "ada-password-123" }),
  );
  admin = { id: created.user.id, email: created.user.email, clientIp: "10.0.0.1", requestId: "req-1" };
});
afterEach(async () => {
  await t.cleanup();
});

async function addUser(email: string, role: "VIEWER" | "OPERATOR" | "ADMIN" = "VIEWER") {
  return createUser(t.db, admin, createUserSchema.parse({ email, name: email.split("@")[0], role, passwordMode: "generate", password: "" }));
}

/** Logs in `n` times (as many browsers) and returns the session ids. */
async function openSessions(email: string, password: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const outcome = await authenticateCredentials(t.db, { email, clientIp: `192.0.2.${i + 1}` }, password);
    if (!outcome.ok) throw new Error(`login of ${email} failed: ${outcome.reason}`);
    ids.push(outcome.sessionId);
  }
  return ids;
}

async function events(action: string) {
  return t.db.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } });
}

describe("createUser", () => {
  it("creates with a typed password (lower-cased email, argon2id hash) and audits without the password", async () => {
    const { user, generatedPassword } = await createUser(
      t.db,
      admin,
      createUserSchema.parse({ email: "Op@noc.local", name: "Oscar", role: "OPERATOR", passwordMode: "typed", password: "typed-password-1" }),
    );
    expect(generatedPassword).toBeNull();
    expect(user).toMatchObject({ email: "op@noc.local", name: "Oscar", role: "OPERATOR", disabled: false });
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash, "typed-password-1")).toBe(true);
    const [, event] = await events("user.create");
    expect(event).toMatchObject({
      actorId: admin.id,
      actorEmail: "ada@noc.local",
      clientIp: "10.0.0.1",
      requestId: "req-1",
      entityType: "user",
      entityId: user.id,
    });
    expect(JSON.parse(event?.after ?? "")).toEqual({ email: "op@noc.local", name: "Oscar", role: "OPERATOR", credential: "typed" });
    expect(event?.after).not.toContain("typed-password-1");
    expect(event?.after).not.toContain(stored.passwordHash);
  });

  it("generates a password, returned once, that logs in", async () => {
    const { user, generatedPassword } = await addUser("gen@noc.local", "OPERATOR");
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{18,}$/);
    expect(await authenticateCredentials(t.db, { email: "gen@noc.local", clientIp: null }, generatedPassword ?? "")).toMatchObject({
      ok: true,
      user: { id: user.id },
    });
    const all = await t.db.auditEvent.findMany();
    for (const e of all) expect(`${e.before}${e.after}`).not.toContain(generatedPassword);
  });

  it("refuses a duplicate email with a field error", async () => {
    await addUser("dup@noc.local");
    await expect(addUser("DUP@noc.local")).rejects.toMatchObject({
      name: "UserServiceError",
      fieldErrors: { email: [expect.stringMatching(/already exists/)] },
    });
    expect(await t.db.user.count({ where: { email: "dup@noc.local" } })).toBe(1);
  });
});

describe("schemas", () => {
  it("are strict and enforce the password rules", () => {
    const base = { email: "x@noc.local", name: "X", role: "VIEWER" };
    expect(createUserSchema.safeParse({ ...base, passwordMode: "typed", password: "short" }).error?.issues[0]).toMatchObject({
      path: ["password"],
      message: expect.stringMatching(/12/),
    });
    expect(createUserSchema.safeParse({ ...base, passwordMode: "typed", password: "twelve-chars" }).success).toBe(true);
    expect(createUserSchema.safeParse({ ...base, passwordMode: "generate", password: "something-typed" }).success).toBe(false);
    expect(createUserSchema.safeParse({ ...base, passwordMode: "generate", passwordHash: "x" }).success).toBe(false);
    expect(createUserSchema.safeParse({ ...base, role: "ROOT", passwordMode: "generate" }).success).toBe(false);
    expect(createUserSchema.safeParse({ ...base, email: "not-an-email", passwordMode: "generate" }).success).toBe(false);
    expect(changeRoleSchema.safeParse({ id: "u", role: "ADMIN", disabled: "true" }).success).toBe(false);
    expect(setDisabledSchema.parse({ id: "u", disabled: "false" })).toEqual({ id: "u", disabled: false });
  });
});

describe("changeUserRole", () => {
  it("changes the role and audits before/after", async () => {
    const { user } = await addUser("v@noc.local");
    const updated = await changeUserRole(t.db, admin, { id: user.id, role: "OPERATOR" });
    expect(updated.role).toBe("OPERATOR");
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("OPERATOR");
    const [event] = await events("user.update");
    expect(JSON.parse(event?.before ?? "")).toEqual({ email: "v@noc.local", role: "VIEWER" });
    expect(JSON.parse(event?.after ?? "")).toEqual({ email: "v@noc.local", role: "OPERATOR" });
    expect(await changeUserRole(t.db, admin, { id: user.id, role: "OPERATOR" })).toMatchObject({ role: "OPERATOR" });
    expect(await events("user.update")).toHaveLength(1);
  });

  it("refuses an admin changing their own role", async () => {
    await addUser("other-admin@noc.local", "ADMIN");
    await expect(changeUserRole(t.db, admin, { id: admin.id, role: "VIEWER" })).rejects.toThrow(/your own role/);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
  });

  it("refuses demoting the last enabled admin, counting disabled admins out", async () => {
    const { user: second } = await addUser("second@noc.local", "ADMIN");
    await setUserDisabled(t.db, admin, { id: second.id, disabled: true });
    const secondActor = { id: second.id, email: second.email };
    await expect(changeUserRole(t.db, secondActor, { id: admin.id, role: "OPERATOR" })).rejects.toThrow(/last enabled admin/);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
    await setUserDisabled(t.db, admin, { id: second.id, disabled: false });
    expect(await changeUserRole(t.db, secondActor, { id: admin.id, role: "OPERATOR" })).toMatchObject({ role: "OPERATOR" });
  });

  it("two admins demoting each other at once: exactly one succeeds", async () => {
    const { user: second } = await addUser("rival@noc.local", "ADMIN");
    const results = await Promise.allSettled([
      changeUserRole(t.db, admin, { id: second.id, role: "VIEWER" }),
      changeUserRole(t.db, { id: second.id, email: second.email }, { id: admin.id, role: "VIEWER" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await t.db.user.count({ where: { role: "ADMIN", disabled: false } })).toBe(1);
  });

  it("refuses an unknown user", async () => {
    await expect(changeUserRole(t.db, admin, { id: "nope", role: "ADMIN" })).rejects.toBeInstanceOf(UserServiceError);
  });
});

describe("setUserDisabled", () => {
  it("disables (login refused) and enables (login works again), each audited", async () => {
    const { user, generatedPassword } = await addUser("d@noc.local", "OPERATOR");
    const password = generatedPassword ?? "";
    await setUserDisabled(t.db, admin, { id: user.id, disabled: true });
    expect(await authenticateCredentials(t.db, { email: "d@noc.local", clientIp: null }, password)).toEqual({ ok: false, reason: "invalid" });
    await setUserDisabled(t.db, admin, { id: user.id, disabled: false });
    expect(await authenticateCredentials(t.db, { email: "d@noc.local", clientIp: null }, password)).toMatchObject({ ok: true });
    const [disable] = await events("user.disable");
    const [enable] = await events("user.enable");
    expect(JSON.parse(disable?.after ?? "")).toEqual({ email: "d@noc.local", disabled: true, revokedSessions: 0 });
    expect(JSON.parse(enable?.before ?? "")).toEqual({ email: "d@noc.local", disabled: true });
    await setUserDisabled(t.db, admin, { id: user.id, disabled: false });
    expect(await events("user.enable")).toHaveLength(1);
  });

  it("revokes the sessions opened before a disable, and a re-enable does not bring them back", async () => {
    const { user, generatedPassword } = await addUser("s@noc.local", "OPERATOR");
    const sessionIds = await openSessions("s@noc.local", generatedPassword ?? "", 2);
    await setUserDisabled(t.db, admin, { id: user.id, disabled: true });
    await setUserDisabled(t.db, admin, { id: user.id, disabled: false });
    const rows = await t.db.userSession.findMany({ where: { id: { in: sessionIds } } });
    expect(rows.map((r) => r.revokedReason)).toEqual(["disabled", "disabled"]);
    const [disable] = await events("user.disable");
    const [enable] = await events("user.enable");
    expect(JSON.parse(disable?.after ?? "")).toMatchObject({ revokedSessions: 2 });
    expect(JSON.parse(enable?.after ?? "")).toMatchObject({ revokedSessions: 0 });
  });

  it("revokes on re-enable too: a session that exists while the account is disabled never comes back", async () => {
    const { user, generatedPassword } = await addUser("e@noc.local", "OPERATOR");
    const [sessionId] = await openSessions("e@noc.local", generatedPassword ?? "", 1);
    await t.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    await setUserDisabled(t.db, admin, { id: user.id, disabled: false });
    expect(await t.db.userSession.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ revokedReason: "enabled", revokedAt: expect.any(Date) });
    const [enable] = await events("user.enable");
    expect(JSON.parse(enable?.after ?? "")).toMatchObject({ revokedSessions: 1 });
  });

  it("leaves other users' sessions alone", async () => {
    const { user } = await addUser("x@noc.local", "OPERATOR");
    const { generatedPassword } = await addUser("y@noc.local", "OPERATOR");
    const [other] = await openSessions("y@noc.local", generatedPassword ?? "", 1);
    await setUserDisabled(t.db, admin, { id: user.id, disabled: true });
    expect((await t.db.userSession.findUniqueOrThrow({ where: { id: other } })).revokedAt).toBeNull();
  });

  it("refuses disabling oneself and the last enabled admin", async () => {
    const { user: op } = await addUser("op2@noc.local", "OPERATOR");
    await expect(setUserDisabled(t.db, admin, { id: admin.id, disabled: true })).rejects.toThrow(/your own account/);
    await expect(setUserDisabled(t.db, { id: op.id }, { id: admin.id, disabled: true })).rejects.toThrow(/last enabled admin/);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.id } })).disabled).toBe(false);
    expect(await events("user.disable")).toHaveLength(0);
  });
});

describe("resetUserPassword", () => {
  it("sets a new generated password: old one refused, new one works, never in the audit log", async () => {
    const { user, generatedPassword } = await addUser("r@noc.local", "VIEWER");
    const before = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    const { password } = await resetUserPassword(t.db, admin, { id: user.id });
    expect(password).not.toBe(generatedPassword);
    expect(await authenticateCredentials(t.db, { email: "r@noc.local", clientIp: null }, generatedPassword ?? "")).toMatchObject({ ok: false });
    expect(await authenticateCredentials(t.db, { email: "r@noc.local", clientIp: null }, password)).toMatchObject({ ok: true });
    const after = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    const [event] = await events("user.password_reset");
    expect(event).toMatchObject({ entityId: user.id, actorId: admin.id, before: null });
    expect(JSON.parse(event?.after ?? "")).toEqual({ email: "r@noc.local", revokedSessions: 0 });
    for (const e of await t.db.auditEvent.findMany()) {
      for (const secret of [password, generatedPassword ?? "", before.passwordHash, after.passwordHash, "ada-password-123"])
        expect(`${e.before}${e.after}`).not.toContain(secret);
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("revokes every session opened before the reset, and only those", async () => {
    const { user, generatedPassword } = await addUser("rs@noc.local", "VIEWER");
    const before = await openSessions("rs@noc.local", generatedPassword ?? "", 2);
    const { password } = await resetUserPassword(t.db, admin, { id: user.id });
    const [afterReset] = await openSessions("rs@noc.local", password, 1);
    const rows = await t.db.userSession.findMany({ where: { userId: user.id } });
    expect(rows.filter((r) => before.includes(r.id)).map((r) => r.revokedReason)).toEqual(["password_reset", "password_reset"]);
    expect(rows.find((r) => r.id === afterReset)?.revokedAt).toBeNull();
    const [event] = await events("user.password_reset");
    expect(JSON.parse(event?.after ?? "")).toMatchObject({ revokedSessions: 2 });
  });
});

describe("listUsers", () => {
  it("lists every account by email without hashes", async () => {
    await addUser("b@noc.local");
    const rows = await listUsers(t.db);
    expect(rows.map((r) => r.email)).toEqual(["ada@noc.local", "b@noc.local"]);
    expect(Object.keys(required(rows[0], "a user row")).sort()).toEqual(["createdAt", "disabled", "email", "id", "name", "role"]);
  });
});

describe("account and share-link text fields", () => {
  it("refuse control characters and bidi overrides in a display name or a share-link label, and trim edge spaces", () => {
    const account = (name: string) => createUserSchema.safeParse({ email: "x@noc.local", name, role: "VIEWER", passwordMode: "generate" });
    for (const hostile of ["Ada\u0000", "Ada\nLovelace", "\u202Eadmin", "Ada\u2066"]) expect(account(hostile).success, JSON.stringify(hostile)).toBe(false);
    expect(account("  Ada Lovelace ").data?.name).toBe("Ada Lovelace");
    const link = (label: string) => createShareLinkSchema.safeParse({ siteId: "s1", label, expiresIn: "7d" });
    expect(link("night\u202Eshift").success).toBe(false);
    expect(link(" Night shift ").data?.label).toBe("Night shift");
  });
});
