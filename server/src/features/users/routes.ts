/** 用户管理 (admins): list, create, change, reset password; organisations to choose from. */
import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import { checkPassword, PASSWORD_MESSAGES, PHONE_PATTERN, ROLE_CODES, ROLES, type Role } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { organizations, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { endSessionsOf, hashPassword } from "../../platform/auth";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { likeEscape } from "../../platform/scope";

const roleEnum = z.enum(ROLE_CODES as [Role, ...Role[]], { error: "角色无效" });
const phone = z.string().trim().regex(PHONE_PATTERN, { error: "电话格式不正确" }).or(z.literal(""));

const createBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9._-]{2,31}$/, { error: "用户名为 3–32 位字母、数字、点、下划线或短横线，以字母开头" }),
  displayName: z.string().trim().min(1, { error: "姓名不能为空" }).max(50),
  password: z.string().max(128),
  role: roleEnum,
  orgId: z.string().uuid({ error: "请选择所属单位" }),
  phone: phone.default(""),
  mustChangePassword: z.boolean().default(true),
});

const patchBody = z
  .object({
    displayName: z.string().trim().min(1).max(50).optional(),
    role: roleEnum.optional(),
    disabled: z.boolean().optional(),
    phone: phone.optional(),
  })
  .strict(); // unknown keys (e.g. username) are an error, not silently ignored

const presentUser = (u: typeof users.$inferSelect, org: { name: string; kind: string } | null | undefined, now: Date) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  orgId: u.orgId,
  orgName: org?.name ?? "",
  orgKind: org?.kind ?? "",
  phone: u.phone,
  disabled: u.disabled,
  locked: !!u.lockedUntil && u.lockedUntil > now, // the application clock, as login uses
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});
const auditUser = ({ passwordHash: _p, ...u }: typeof users.$inferSelect) => u;

async function assertRoleFitsOrg(db: Queryable, role: Role, orgId: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw fieldError("orgId", "所属单位不存在");
  if (ROLES[role].orgKind !== org.kind) throw fieldError("role", `角色“${ROLES[role].zh}”不适用于该单位`);
  return org;
}

export async function userRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["users"];
  const admin = (req: Parameters<typeof actorOf>[0]) => {
    const a = actorOf(req);
    if (a.role !== "admin") throw forbidden("仅系统管理员可管理用户");
    return a;
  };
  const idParams = z.object({ id: z.string().uuid({ error: "用户不存在" }) });

  app.get(
    "/api/organizations",
    {
      config: { adminOnly: true },
      schema: {
        tags,
        summary: "单位列表",
        querystring: z.object({ kind: z.enum(["platform", "gov", "enterprise", "third_party"]).optional(), q: z.string().max(100).optional() }),
      },
    },
    async (req) => {
      admin(req);
      const rows = await db
        .select()
        .from(organizations)
        .where(
          and(
            req.query.kind ? eq(organizations.kind, req.query.kind) : undefined,
            req.query.q ? ilike(organizations.name, `%${likeEscape(req.query.q)}%`) : undefined,
          ),
        )
        // The few bodies that use the platform first, then the many enterprise organisations.
        .orderBy(sql`CASE ${organizations.kind} WHEN 'platform' THEN 0 WHEN 'gov' THEN 1 WHEN 'third_party' THEN 2 ELSE 3 END`, asc(organizations.name))
        .limit(500);
      return {
        items: rows.map((o) => ({ id: o.id, name: o.name, kind: o.kind, department: o.department, regionCode: o.regionCode, enterpriseId: o.enterpriseId })),
      };
    },
  );

  app.get(
    "/api/users",
    {
      config: { adminOnly: true },
      schema: {
        tags,
        summary: "用户列表",
        querystring: z.object({
          q: z.string().max(64).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
    },
    async (req) => {
      admin(req);
      const q = req.query.q ? `%${likeEscape(req.query.q)}%` : null;
      const rows = await db
        .select({ u: users, org: { name: organizations.name, kind: organizations.kind }, total: sql<number>`count(*) over()`.mapWith(Number) })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(q ? or(ilike(users.username, q), ilike(users.displayName, q), ilike(organizations.name, q)) : undefined)
        .orderBy(asc(users.username))
        .limit(req.query.pageSize)
        .offset((req.query.page - 1) * req.query.pageSize);
      return { total: rows[0]?.total ?? 0, items: rows.map((r) => presentUser(r.u, r.org, app.ctx.now())) };
    },
  );

  app.post("/api/users", { config: { adminOnly: true }, schema: { tags, summary: "新建用户", body: createBody } }, async (req, reply) => {
    const actor = admin(req);
    const b = req.body;
    const problem = checkPassword(b.password);
    if (problem) throw fieldError("password", PASSWORD_MESSAGES[problem], "WEAK_PASSWORD");
    const passwordHash = await hashPassword(b.password);
    const { user, org } = await db.transaction(async (tx) => {
      const org = await assertRoleFitsOrg(tx, b.role, b.orgId);
      const [user] = await tx
        .insert(users)
        .values({
          username: b.username,
          displayName: b.displayName,
          passwordHash,
          role: b.role,
          orgId: b.orgId,
          phone: b.phone,
          mustChangePassword: b.mustChangePassword,
        })
        .onConflictDoNothing({ target: users.username })
        .returning();
      if (!user) throw fieldError("username", "用户名已存在", "DUPLICATE_USERNAME", 409);
      await appendAudit(tx, actor, { action: "user.create", targetType: "user", targetId: user.id, after: auditUser(user) }, app.ctx.now());
      return { user, org };
    });
    return reply.status(201).send(presentUser(user, org, app.ctx.now()));
  });

  app.patch(
    "/api/users/:id",
    { config: { adminOnly: true }, schema: { tags, summary: "修改用户（姓名、角色、停用）", params: idParams, body: patchBody } },
    async (req) => {
      const actor = admin(req);
      const result = await db.transaction(async (tx) => {
        const [before] = await tx.select().from(users).where(eq(users.id, req.params.id));
        if (!before) throw notFound("用户");
        if (before.id === actor.userId && (req.body.disabled || (req.body.role && req.body.role !== "admin"))) {
          throw new AppError(400, "CANNOT_DEMOTE_SELF", "不能停用自己或取消自己的管理员角色");
        }
        const org = await assertRoleFitsOrg(tx, req.body.role ?? (before.role as Role), before.orgId);
        // an empty patch changes nothing (drizzle cannot UPDATE … SET with no columns)
        const [after] = Object.keys(req.body).length ? await tx.update(users).set(req.body).where(eq(users.id, before.id)).returning() : [before];
        await appendAudit(
          tx,
          actor,
          { action: "user.update", targetType: "user", targetId: before.id, before: auditUser(before), after: auditUser(after!) },
          app.ctx.now(),
        );
        return presentUser(after!, org, app.ctx.now());
      });
      if (req.body.disabled) await endSessionsOf(db, req.params.id);
      return result;
    },
  );

  app.post(
    "/api/users/:id/reset-password",
    { config: { adminOnly: true }, schema: { tags, summary: "重置密码（并解锁）", params: idParams, body: z.object({ newPassword: z.string().max(128) }) } },
    async (req, reply) => {
      const actor = admin(req);
      const problem = checkPassword(req.body.newPassword);
      if (problem) throw fieldError("newPassword", PASSWORD_MESSAGES[problem], "WEAK_PASSWORD");
      const passwordHash = await hashPassword(req.body.newPassword);
      await db.transaction(async (tx) => {
        const [u] = await tx
          .update(users)
          .set({ passwordHash, failedLogins: 0, lockedUntil: null, mustChangePassword: req.params.id !== actor.userId })
          .where(eq(users.id, req.params.id))
          .returning({ id: users.id });
        if (!u) throw notFound("用户");
        await appendAudit(tx, actor, { action: "user.reset_password", targetType: "user", targetId: u.id }, app.ctx.now());
      });
      await endSessionsOf(db, req.params.id);
      return reply.status(204).send();
    },
  );
}
