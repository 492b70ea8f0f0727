import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, enterprises, sessions, users } from "../src/db/schema";
import { DEMO_PASSWORD } from "../src/seed/seed";
import { Client, startTestApp, type TestApp } from "./support/testApp";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const MIN = 60_000;
const advance = (ms: number) => {
  t.clock.now = new Date(t.clock.now.getTime() + ms);
};
const sidOf = (c: Client) => crypto.createHash("sha256").update(c.cookies.get("anguan_sid")!).digest("hex");
/** A request with the session cookie but full control over the CSRF header. */
const rawRequest = (c: Client, method: "POST" | "PATCH", url: string, body: unknown, csrf?: string) =>
  t.app.inject({
    method,
    url,
    headers: {
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      "content-type": "application/json",
      ...(csrf === undefined ? {} : { "x-csrf-token": csrf }),
    },
    payload: JSON.stringify(body),
  });
const cloneCookies = (c: Client) => {
  const copy = new Client(t.app);
  for (const [k, v] of c.cookies) copy.cookies.set(k, v);
  return copy;
};

describe("login", () => {
  it("answers 200 with the user and sets an HttpOnly session cookie and a readable CSRF cookie", async () => {
    const c = t.anonymous();
    const r = await c.login("baohua.ajb");
    expect(r.status).toBe(200);
    const cookies = r.raw.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string }[];
    const sid = cookies.find((k) => k.name === "anguan_sid");
    const csrf = cookies.find((k) => k.name === "anguan_csrf");
    expect(sid?.httpOnly).toBe(true);
    expect(sid?.sameSite?.toLowerCase()).toBe("lax");
    expect(sid?.path).toBe("/");
    expect(sid!.value.length).toBeGreaterThanOrEqual(32);
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf?.value).toBe(r.body.csrfToken);
    expect(csrf!.value).not.toBe(sid!.value);
    expect(r.body.user).toMatchObject({
      username: "baohua.ajb",
      displayName: "陈晓东（宝华镇安监办）",
      role: "regulator",
      org: { name: "句容市宝华镇安全生产监督管理办公室", kind: "gov" },
      scope: { kind: "jurisdiction", regionCode: "321183103", regionName: expect.stringMatching(/宝华镇$/), sectors: null },
      abilities: {
        enterprises: { list: true, create: true, import: true, export: true },
        users: { manage: false },
        audit: { view: false },
        ownEnterpriseId: null,
      },
      mustChangePassword: false,
    });
    // only the hash of the token is stored
    const [row] = await t.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sidOf(c)));
    expect(row?.csrfToken).toBe(csrf!.value);
    expect(row?.createdAt.toISOString()).toBe(t.clock.now.toISOString());
    const stored = await t.db.select().from(sessions).where(eq(sessions.id, sid!.value));
    expect(stored).toHaveLength(0);
  });

  it("GET /api/auth/me describes the caller, per scope kind", async () => {
    const sw = await t.as("zj.sw");
    expect((await sw.get("/api/auth/me")).body.scope).toMatchObject({
      kind: "jurisdiction",
      regionCode: "321100",
      regionName: expect.stringMatching(/镇江市$/),
      sectors: ["commerce", "catering"],
    });
    const entB = await t.as("ent.b");
    const [own] = await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, "句容宝华智运仓储物流有限公司"));
    const me = (await entB.get("/api/auth/me")).body;
    expect(me.scope).toEqual({ kind: "enterprise", enterpriseId: own!.id });
    expect(me.org.kind).toBe("enterprise");
    expect(me.abilities).toEqual({
      enterprises: { list: false, create: false, import: false, export: false },
      users: { manage: false },
      audit: { view: false },
      ownEnterpriseId: own!.id,
    });
    const admin = await t.as("admin");
    expect((await admin.get("/api/auth/me")).body).toMatchObject({
      role: "admin",
      org: { kind: "platform" },
      scope: { kind: "all" },
      abilities: { users: { manage: true }, audit: { view: true } },
    });
    const r = await t.anonymous().get("/api/auth/me");
    expect(r.status).toBe(401);
    expect(r.body.code).toBe("UNAUTHENTICATED");
  });

  it("answers 401 INVALID_CREDENTIALS for a wrong password and for an unknown user, without a session", async () => {
    const c = t.anonymous();
    const bad = await c.login("zj.yjj", "Wrong#Pass1");
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe("INVALID_CREDENTIALS");
    expect(bad.body.message).toBe("用户名或密码错误");
    const unknown = await c.login("nobody.here", DEMO_PASSWORD);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ code: "INVALID_CREDENTIALS", message: bad.body.message });
    expect(c.cookies.has("anguan_sid")).toBe(false);
  });

  it("never locks an unknown user name (no hint that it does not exist)", async () => {
    for (let i = 0; i < 6; i++) expect((await t.anonymous().login("ghost.user", "x")).status).toBe(401);
  });

  it("a success resets the failure count", async () => {
    const c = t.anonymous();
    for (let i = 0; i < 4; i++) expect((await c.login("ent.a", "Wrong#Pass1")).status).toBe(401);
    expect((await c.login("ent.a")).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await c.login("ent.a", "Wrong#Pass1")).status).toBe(401);
    expect((await c.login("ent.a")).status).toBe(200);
  });

  it("locks the account for 15 minutes at the 5th consecutive failure, even against the right password", async () => {
    const c = t.anonymous();
    for (let i = 1; i <= 4; i++) {
      const r = await c.login("jr.yjj", `Wrong#Pass${i}`);
      expect(r.status, `failure ${i}`).toBe(401);
    }
    const fifth = await c.login("jr.yjj", "Wrong#Pass5");
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe("ACCOUNT_LOCKED");
    const until = new Date(t.clock.now.getTime() + 15 * MIN).toISOString();
    expect(fifth.body.lockedUntil).toBe(until);

    const right = await c.login("jr.yjj");
    expect(right.status).toBe(423);
    expect(right.body).toMatchObject({ code: "ACCOUNT_LOCKED", lockedUntil: until });
    expect(c.cookies.has("anguan_sid")).toBe(false);

    advance(14 * MIN);
    expect((await c.login("jr.yjj")).status).toBe(423);
    advance(1 * MIN + 1000);
    const after = await c.login("jr.yjj");
    expect(after.status).toBe(200);
    expect(after.body.user.username).toBe("jr.yjj");
    const [u] = await t.db.select({ failed: users.failedLogins, lockedUntil: users.lockedUntil }).from(users).where(eq(users.username, "jr.yjj"));
    expect(u).toEqual({ failed: 0, lockedUntil: null });
  });
});

describe("session idle expiry (SESSION_IDLE_MINUTES = 30)", () => {
  it("keeps a session alive while it is used, and ends it after 30 idle minutes", async () => {
    const c = await t.as("zj.yjj");
    for (let i = 0; i < 3; i++) {
      advance(29 * MIN);
      expect((await c.get("/api/auth/me")).status, `after ${(i + 1) * 29} minutes`).toBe(200);
    }
    const sid = sidOf(c);
    advance(30 * MIN + 1000);
    const r = await c.get("/api/auth/me");
    expect(r.status).toBe(401);
    expect(r.body.code).toBe("UNAUTHENTICATED");
    expect(await t.db.select().from(sessions).where(eq(sessions.id, sid))).toHaveLength(0);
  });

  it("touches the session at most once a minute", async () => {
    const c = await t.as("zj.yjj");
    const sid = sidOf(c);
    const start = t.clock.now.getTime();
    const lastSeen = async () => (await t.db.select({ at: sessions.lastSeenAt }).from(sessions).where(eq(sessions.id, sid)))[0]?.at.getTime();
    advance(30_000);
    expect((await c.get("/api/auth/me")).status).toBe(200);
    expect(await lastSeen()).toBe(start); // not touched within the first minute
    advance(2 * MIN);
    expect((await c.get("/api/auth/me")).status).toBe(200);
    expect(await lastSeen()).toBe(start + 30_000 + 2 * MIN);
  });

  it("a request within the first minute does not extend the session", async () => {
    const c = await t.as("zj.yjj");
    advance(50_000);
    expect((await c.get("/api/auth/me")).status).toBe(200);
    advance(30 * MIN - 50_000 + 5_000); // 30 min 5 s after login, 29 min 15 s after the last request
    expect((await c.get("/api/auth/me")).status).toBe(401);
  });

  it("honours a configured idle time", async () => {
    const t2 = await startTestApp({ SESSION_IDLE_MINUTES: "5" });
    try {
      const c = await t2.as("admin");
      t2.clock.now = new Date(t2.clock.now.getTime() + 4 * MIN);
      expect((await c.get("/api/auth/me")).status).toBe(200);
      t2.clock.now = new Date(t2.clock.now.getTime() + 5 * MIN + 1000);
      expect((await c.get("/api/auth/me")).status).toBe(401);
    } finally {
      await t2.close();
    }
  });
});

describe("CSRF", () => {
  it("rejects a POST without or with a wrong x-csrf-token, and leaves the session alone", async () => {
    const c = await t.as("admin");
    const missing = await rawRequest(c, "POST", "/api/auth/logout", {});
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe("CSRF_TOKEN_INVALID");
    const wrong = await rawRequest(c, "POST", "/api/auth/logout", {}, "not-the-token");
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe("CSRF_TOKEN_INVALID");
    const empty = await rawRequest(c, "POST", "/api/auth/logout", {}, "");
    expect(empty.statusCode).toBe(403);
    // another session's valid token is not this session's token
    const other = await t.as("admin");
    const foreign = await rawRequest(c, "POST", "/api/auth/logout", {}, other.cookies.get("anguan_csrf")!);
    expect(foreign.statusCode).toBe(403);
    expect((await c.get("/api/auth/me")).status).toBe(200);
  });

  it("rejects a PATCH without the token and changes nothing", async () => {
    const c = await t.as("admin");
    const [e] = await t.db.select().from(enterprises).limit(1);
    const r = await rawRequest(c, "PATCH", `/api/enterprises/${e!.id}`, { address: "被篡改的地址" });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe("CSRF_TOKEN_INVALID");
    const bad = await rawRequest(c, "PATCH", `/api/enterprises/${e!.id}`, { address: "被篡改的地址" }, `${c.cookies.get("anguan_csrf")}x`);
    expect(bad.statusCode).toBe(403);
    const [after] = await t.db.select().from(enterprises).where(eq(enterprises.id, e!.id));
    expect(after?.address).toBe(e!.address);
    expect(after?.version).toBe(e!.version);
    // with the token it works
    const ok = await rawRequest(c, "PATCH", `/api/enterprises/${e!.id}`, { address: "新地址 1 号" }, c.cookies.get("anguan_csrf"));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().address).toBe("新地址 1 号");
  });

  it("does not need a token to log in, and answers 401 (not 403) without a session", async () => {
    const r = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "admin", password: DEMO_PASSWORD } });
    expect(r.statusCode).toBe(200);
    const anon = await t.app.inject({ method: "POST", url: "/api/auth/logout" });
    expect(anon.statusCode).toBe(401);
  });
});

describe("logout", () => {
  it("ends the session on the server, not just the cookie", async () => {
    const c = await t.as("ent.a");
    const saved = cloneCookies(c);
    const sid = sidOf(c);
    const r = await c.post("/api/auth/logout");
    expect(r.status).toBe(204);
    expect(c.cookies.has("anguan_sid")).toBe(false);
    expect(await t.db.select().from(sessions).where(eq(sessions.id, sid))).toHaveLength(0);
    const replay = await saved.get("/api/auth/me");
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe("UNAUTHENTICATED");
  });
});

describe("change password", () => {
  const NEW = "Qiang#Mima2027";

  it("rejects a weak new password on newPassword", async () => {
    const c = await t.as("zj.sw");
    const r = await c.post("/api/auth/change-password", { currentPassword: DEMO_PASSWORD, newPassword: "abcdefg1" });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "newPassword", message: "密码须包含大写字母、小写字母、数字、符号中的至少三类" }]);
    const short = await c.post("/api/auth/change-password", { currentPassword: DEMO_PASSWORD, newPassword: "Ab#1" });
    expect(short.status).toBe(400);
    expect(short.body.fields[0].field).toBe("newPassword");
    expect(short.body.fields[0].message).toContain("8");
  });

  it("rejects a wrong current password on currentPassword", async () => {
    const c = await t.as("zj.sw");
    const r = await c.post("/api/auth/change-password", { currentPassword: "Wrong#2026x", newPassword: NEW });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: "currentPassword", message: "当前密码不正确" }]);
    expect((await t.anonymous().login("zj.sw", NEW)).status).toBe(401);
    expect((await t.anonymous().login("zj.sw")).status).toBe(200);
  });

  it("changes the password, keeps this session and ends the user's other sessions", async () => {
    const a = await t.as("zj.sw");
    const b = await t.as("zj.sw");
    const other = await t.as("zj.yjj");
    const auditBefore = (await t.db.select().from(auditEvents).where(eq(auditEvents.action, "user.change_password"))).length;
    const r = await a.post("/api/auth/change-password", { currentPassword: DEMO_PASSWORD, newPassword: NEW });
    expect(r.status).toBe(204);
    expect((await a.get("/api/auth/me")).status).toBe(200);
    expect((await b.get("/api/auth/me")).status).toBe(401);
    expect((await other.get("/api/auth/me")).status).toBe(200);
    const old = await t.anonymous().login("zj.sw");
    expect(old.status).toBe(401);
    expect(old.body.code).toBe("INVALID_CREDENTIALS");
    const fresh = await t.anonymous().login("zj.sw", NEW);
    expect(fresh.status).toBe(200);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "user.change_password"));
    expect(events.length).toBe(auditBefore + 1);
    expect(JSON.stringify(events.at(-1))).not.toContain(NEW);
  });
});

describe("request bodies", () => {
  it("answers 400 INVALID_JSON to malformed JSON, public or not", async () => {
    const r = await t.app.inject({ method: "POST", url: "/api/auth/login", headers: { "content-type": "application/json" }, payload: '{"username": "admin",' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "INVALID_JSON", message: "请求内容不是有效的 JSON" });
    const c = await t.as("admin");
    const r2 = await c.request("POST", "/api/enterprises", { payload: "{name: 'x'}", headers: { "content-type": "application/json" } });
    expect(r2.status).toBe(400);
    expect(r2.body.code).toBe("INVALID_JSON");
  });

  it("answers 413 to a JSON body over MAX_BODY_KB (1024 KB), and validates one just under it", async () => {
    const big = JSON.stringify({ username: "admin", password: "x".repeat(1025 * 1024) });
    const r = await t.app.inject({ method: "POST", url: "/api/auth/login", headers: { "content-type": "application/json" }, payload: big });
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe("PAYLOAD_TOO_LARGE");
    const under = JSON.stringify({ username: "admin", password: "x".repeat(1000 * 1024) });
    const r2 = await t.app.inject({ method: "POST", url: "/api/auth/login", headers: { "content-type": "application/json" }, payload: under });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().fields.map((f: { field: string }) => f.field)).toEqual(["password"]);
  });

  it("answers 400 with fields naming each field of the wrong type", async () => {
    const r = await t.anonymous().post("/api/auth/login", { username: 123, password: true });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("VALIDATION_FAILED");
    expect(r.body.fields).toEqual([
      { field: "username", message: "用户名应为文本" },
      { field: "password", message: "密码应为文本" },
    ]);
    const missing = await t.anonymous().post("/api/auth/login", { username: "admin" });
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((f: { field: string }) => f.field)).toEqual(["password"]);
  });
});
