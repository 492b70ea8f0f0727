/** 登录、退出、当前用户、修改密码 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { abilitiesOf, checkPassword, PASSWORD_MESSAGES, type Actor } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { organizations, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { CSRF_COOKIE, SESSION_COOKIE, endSessionsOf, hashPassword, login, logout, resolveSession, verifyPassword } from "../../platform/auth";
import { fieldError } from "../../platform/errors";
import { regionNames } from "../enterprises/queries";

const loginBody = z.object({
  username: z.string({ error: "用户名应为文本" }).trim().min(1, { error: "请输入用户名" }).max(64),
  password: z.string({ error: "密码应为文本" }).min(1, { error: "请输入密码" }).max(128),
});

export async function presentMe(app: App, actor: Actor, mustChangePassword: boolean) {
  const s = actor.scope;
  let scope: Record<string, unknown> = { kind: s.kind };
  if (s.kind === "jurisdiction") {
    // Names from below the province down, as officials write them: 句容市宝华镇.
    const names = await regionNames(app.ctx.db, s.regionPath);
    scope = { kind: s.kind, regionCode: s.regionCode, regionName: names.slice(names.length > 1 ? 1 : 0).join(""), regionNames: names, sectors: s.sectors };
  } else if (s.kind === "enterprise") scope = { kind: s.kind, enterpriseId: s.enterpriseId };
  else if (s.kind === "assigned") scope = { kind: s.kind, enterpriseCount: s.enterpriseIds.length };
  const [org] = await app.ctx.db.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, actor.orgId));
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    org: { id: actor.orgId, name: actor.orgName, kind: org?.kind ?? "" },
    scope,
    abilities: abilitiesOf(actor),
    mustChangePassword,
  };
}

export async function authRoutes(app: App) {
  const { config } = app.ctx;
  const cookieOpts = { path: "/", sameSite: "lax" as const, secure: config.COOKIE_SECURE };

  app.post("/api/auth/login", { config: { public: true }, schema: { tags: ["auth"], summary: "登录", body: loginBody } }, async (req, reply) => {
    const { sessionToken, csrfToken } = await login(app.ctx.db, req.body.username, req.body.password, app.ctx.now());
    const session = await resolveSession(app.ctx.db, sessionToken, config.SESSION_IDLE_MINUTES, app.ctx.now());
    if (!session) throw new Error("session vanished after login");
    reply.setCookie(SESSION_COOKIE, sessionToken, { ...cookieOpts, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, csrfToken, { ...cookieOpts, httpOnly: false });
    return { user: await presentMe(app, session.actor, session.mustChangePassword), csrfToken };
  });

  app.post("/api/auth/logout", { schema: { tags: ["auth"], summary: "退出登录" } }, async (req, reply) => {
    await logout(app.ctx.db, req.session!.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: "/" }).clearCookie(CSRF_COOKIE, { path: "/" });
    return reply.status(204).send();
  });

  app.get("/api/auth/me", { schema: { tags: ["auth"], summary: "当前用户" } }, async (req) => presentMe(app, actorOf(req), req.session!.mustChangePassword));

  app.post(
    "/api/auth/change-password",
    {
      schema: {
        tags: ["auth"],
        summary: "修改密码",
        body: z.object({ currentPassword: z.string().min(1, { error: "请输入当前密码" }).max(128), newPassword: z.string().max(128, { error: "密码过长" }) }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const problem = checkPassword(req.body.newPassword);
      if (problem) throw fieldError("newPassword", PASSWORD_MESSAGES[problem], "WEAK_PASSWORD");
      const [u] = await app.ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
      if (!u?.passwordHash || !(await verifyPassword(u.passwordHash, req.body.currentPassword))) {
        throw fieldError("currentPassword", "当前密码不正确", "INVALID_CREDENTIALS");
      }
      if (req.body.currentPassword === req.body.newPassword) throw fieldError("newPassword", "新密码不能与当前密码相同");
      const passwordHash = await hashPassword(req.body.newPassword);
      await app.ctx.db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, actor.userId));
        await appendAudit(tx, actor, { action: "user.change_password", targetType: "user", targetId: actor.userId }, app.ctx.now());
      });
      await endSessionsOf(app.ctx.db, actor.userId, req.session!.sessionId);
      return reply.status(204).send();
    },
  );
}
