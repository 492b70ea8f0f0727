import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "../src/db/schema";
import { DEMO_PASSWORD } from "../src/seed/seed";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let admin: Client;
let orgs: { id: string; name: string; kind: string; department: string | null; regionCode: string | null; enterpriseId: string | null }[];
const orgId = (name: string) => orgs.find((o) => o.name === name)!.id;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as("admin");
  const r = await admin.get("/api/organizations");
  expect(r.status).toBe(200);
  orgs = r.body.items;
});
afterAll(() => t.close());

const PW = "Xin#Yonghu2026";

describe("organizations", () => {
  it("lists organisations, filterable by kind and name", async () => {
    expect(orgs.find((o) => o.name === "句容市宝华镇安全生产监督管理办公室")).toMatchObject({ kind: "gov", department: "emergency", regionCode: "321183103" });
    expect(orgs.find((o) => o.name === "安管平台")?.kind).toBe("platform");
    const gov = await admin.get("/api/organizations?kind=gov");
    expect(gov.body.items.length).toBe(17);
    expect(gov.body.items.every((o: { kind: string }) => o.kind === "gov")).toBe(true);
    const q = await admin.get(`/api/organizations?q=${encodeURIComponent("商务")}`);
    expect(q.body.items.map((o: { name: string }) => o.name)).toEqual(["镇江市商务局"]);
    const ent = await admin.get(`/api/organizations?kind=enterprise&q=${encodeURIComponent("华泰化工")}`);
    expect(ent.body.items[0].enterpriseId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("create user", () => {
  let newId: string;

  it("rejects a weak password on password", async () => {
    const r = await admin.post("/api/users", {
      username: "jr.new",
      displayName: "新用户",
      password: "password",
      role: "regulator",
      orgId: orgId("句容市应急管理局"),
    });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "password", message: "密码须包含大写字母、小写字母、数字、符号中的至少三类" }]);
    expect(await t.db.select().from(users).where(eq(users.username, "jr.new"))).toHaveLength(0);
  });

  it("rejects a role that does not fit the organisation on role", async () => {
    for (const [role, org] of [
      ["enterprise_staff", "句容市应急管理局"],
      ["regulator", "镇江安信安全技术服务有限公司"],
      ["admin", "镇江市商务局"],
      ["expert", "安管平台"],
    ] as const) {
      const r = await admin.post("/api/users", { username: "jr.new", displayName: "新用户", password: PW, role, orgId: orgId(org) });
      expect(r.status, `${role} @ ${org}`).toBe(400);
      expect(r.body.fields.map((f: { field: string }) => f.field)).toEqual(["role"]);
    }
    const unknownOrg = await admin.post("/api/users", {
      username: "jr.new",
      displayName: "新用户",
      password: PW,
      role: "regulator",
      orgId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.body.fields[0].field).toBe("orgId");
    const badName = await admin.post("/api/users", {
      username: "1x",
      displayName: "新用户",
      password: PW,
      role: "regulator",
      orgId: orgId("句容市应急管理局"),
    });
    expect(badName.body.fields.map((f: { field: string }) => f.field)).toEqual(["username"]);
    expect(await t.db.select().from(users).where(eq(users.username, "jr.new"))).toHaveLength(0);
  });

  it("creates a user who can then log in with the organisation's scope", async () => {
    const r = await admin.post("/api/users", {
      username: "jr.new",
      displayName: "新监管员",
      password: PW,
      role: "regulator",
      orgId: orgId("句容市应急管理局"),
      phone: "13805299999",
    });
    expect(r.status).toBe(201);
    newId = r.body.id;
    expect(r.body).toMatchObject({
      username: "jr.new",
      displayName: "新监管员",
      role: "regulator",
      orgName: "句容市应急管理局",
      orgKind: "gov",
      phone: "13805299999",
      disabled: false,
      locked: false,
    });
    expect(r.body).not.toHaveProperty("passwordHash");
    const [row] = await t.db.select().from(users).where(eq(users.id, newId));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(PW);

    const login = await t.anonymous().login("jr.new", PW);
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({
      username: "jr.new",
      mustChangePassword: true,
      scope: { kind: "jurisdiction", regionCode: "321183", regionName: expect.stringMatching(/句容市$/) },
    });
  });

  it("answers 409 to a duplicate username", async () => {
    const r = await admin.post("/api/users", { username: "jr.new", displayName: "另一个", password: PW, role: "regulator", orgId: orgId("镇江市应急管理局") });
    expect(r.status).toBe(409);
    expect(r.body.fields[0].field).toBe("username");
    const dup = await admin.post("/api/users", { username: "admin", displayName: "冒名", password: PW, role: "admin", orgId: orgId("安管平台") });
    expect(dup.status).toBe(409);
    const [row] = await t.db.select().from(users).where(eq(users.username, "jr.new"));
    expect(row!.displayName).toBe("新监管员");
  });

  it("lists and searches users", async () => {
    const r = await admin.get("/api/users?q=jr.&pageSize=200");
    expect(r.body.items.map((u: { username: string }) => u.username).sort()).toEqual(["jr.new", "jr.yjj"]);
    expect(r.body.total).toBe(2);
    const all = await admin.get("/api/users?pageSize=3");
    expect(all.body.total).toBe((await t.db.select().from(users)).length);
    expect(all.body.items).toHaveLength(3);
  });

  it("changes a user's name and role, checked against the organisation", async () => {
    const ok = await admin.patch(`/api/users/${newId}`, { displayName: "新监管员（改）" });
    expect(ok.status).toBe(200);
    expect(ok.body.displayName).toBe("新监管员（改）");
    const bad = await admin.patch(`/api/users/${newId}`, { role: "expert" });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("role");
    const unknown = await admin.patch(`/api/users/${newId}`, { username: "hijack" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields.map((f: { field: string }) => f.field)).toEqual(["username"]);
    const empty = await admin.patch(`/api/users/${newId}`, {});
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ username: "jr.new", displayName: "新监管员（改）" });
    expect((await admin.patch("/api/users/00000000-0000-4000-8000-000000000000", { displayName: "x" })).status).toBe(404);
  });
});

describe("reset password and lock-out", () => {
  it("unlocks a locked account and sets a new password", async () => {
    for (let i = 0; i < 4; i++) expect((await t.anonymous().login("baohua.ajb", "Wrong#2026x")).status).toBe(401);
    expect((await t.anonymous().login("baohua.ajb", "Wrong#2026x")).status).toBe(423);
    expect((await t.anonymous().login("baohua.ajb")).status).toBe(423);
    const listed = await admin.get("/api/users?q=baohua");
    expect(listed.body.items[0]).toMatchObject({ username: "baohua.ajb", locked: true });

    const [u] = await t.db.select().from(users).where(eq(users.username, "baohua.ajb"));
    const weak = await admin.post(`/api/users/${u!.id}/reset-password`, { newPassword: "short" });
    expect(weak.status).toBe(400);
    expect(weak.body.fields[0].field).toBe("newPassword");
    expect((await t.anonymous().login("baohua.ajb")).status).toBe(423);

    const r = await admin.post(`/api/users/${u!.id}/reset-password`, { newPassword: "Reset#Mima2026" });
    expect(r.status).toBe(204);
    expect((await admin.get("/api/users?q=baohua")).body.items[0].locked).toBe(false);
    expect((await t.anonymous().login("baohua.ajb")).status).toBe(401); // the old password is gone
    const login = await t.anonymous().login("baohua.ajb", "Reset#Mima2026");
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    expect((await admin.post("/api/users/00000000-0000-4000-8000-000000000000/reset-password", { newPassword: "Reset#Mima2026" })).status).toBe(404);
  });

  it("shows an expired lock as not locked (by the application clock)", async () => {
    for (let i = 0; i < 5; i++) await t.anonymous().login("zj.sw", "Wrong#2026x");
    expect((await admin.get("/api/users?q=zj.sw")).body.items[0].locked).toBe(true);
    t.clock.now = new Date(t.clock.now.getTime() + 16 * 60_000);
    const fresh = await t.as("admin");
    expect((await fresh.get("/api/users?q=zj.sw")).body.items[0].locked).toBe(false);
    expect((await t.anonymous().login("zj.sw")).status).toBe(200);
    admin = fresh;
  });

  it("ends the user's sessions on a reset", async () => {
    const c = await t.as("ent.a");
    const [u] = await t.db.select().from(users).where(eq(users.username, "ent.a"));
    expect((await admin.post(`/api/users/${u!.id}/reset-password`, { newPassword: "Reset#Mima2026" })).status).toBe(204);
    expect((await c.get("/api/auth/me")).status).toBe(401);
  });
});

describe("disable", () => {
  it("ends the user's sessions and blocks login until re-enabled", async () => {
    const c1 = await t.as("zj.yjj");
    const c2 = await t.as("zj.yjj");
    const [u] = await t.db.select().from(users).where(eq(users.username, "zj.yjj"));
    const r = await admin.patch(`/api/users/${u!.id}`, { disabled: true });
    expect(r.status).toBe(200);
    expect(r.body.disabled).toBe(true);
    expect((await c1.get("/api/auth/me")).status).toBe(401);
    expect((await c2.get("/api/enterprises")).status).toBe(401);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, u!.id))).toHaveLength(0);
    const login = await t.anonymous().login("zj.yjj");
    expect(login.status).toBe(401);
    expect(login.body.code).toBe("INVALID_CREDENTIALS");
    expect((await admin.patch(`/api/users/${u!.id}`, { disabled: false })).body.disabled).toBe(false);
    expect((await t.anonymous().login("zj.yjj")).status).toBe(200);
  });

  it("does not let an admin disable or demote itself", async () => {
    const me = (await admin.get("/api/auth/me")).body;
    const r = await admin.patch(`/api/users/${me.id}`, { disabled: true });
    expect(r.status).toBe(400);
    expect((await admin.get("/api/auth/me")).status).toBe(200);
  });
});

describe("non-administrators", () => {
  it("get 403 on every user and organisation endpoint, and nothing changes", async () => {
    const [target] = await t.db.select().from(users).where(eq(users.username, "expert1"));
    const snapshot = async () =>
      (await t.db.select().from(users).orderBy(users.username)).map((u) => [u.username, u.role, u.disabled, u.passwordHash, u.displayName]);
    const before = await snapshot();
    for (const name of ["jr.yjj", "ent.b", "expert1"]) {
      const c = await t.as(name);
      const calls = [
        () => c.get("/api/users"),
        () => c.get("/api/organizations"),
        () => c.post("/api/users", { username: "sneaky", displayName: "x", password: PW, role: "admin", orgId: orgId("安管平台") }),
        () => c.patch(`/api/users/${target!.id}`, { role: "admin" }),
        () => c.patch(`/api/users/${target!.id}`, { disabled: true }),
        () => c.post(`/api/users/${target!.id}/reset-password`, { newPassword: PW }),
      ];
      for (const call of calls) {
        const r = await call();
        expect(r.status, `${name} ${r.raw.raw.req.method} ${r.raw.raw.req.url}`).toBe(403);
        expect(r.body.code).toBe("FORBIDDEN");
      }
    }
    expect(await snapshot()).toEqual(before);
    expect((await t.anonymous().login("expert1", DEMO_PASSWORD)).status).toBe(200);
  });
});
