/**
 * 单位管理 (admins): government bodies (a region + a department) and third-party service organisations, and the
 * enterprises assigned to a third party. Enterprise organisations are created with their enterprise.
 */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { DEPARTMENT_CODES, type Department } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { assignments, enterprises, organizations } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { fieldError, notFound } from "../../platform/errors";
import { regionByCode } from "../../platform/regions";

const createBody = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("gov"),
      name: z.string().trim().min(1, { error: "单位名称不能为空" }).max(100),
      regionCode: z.string({ error: "请选择所属区域" }),
      department: z.enum(DEPARTMENT_CODES as [Department, ...Department[]], { error: "部门无效" }),
    }),
    z.object({
      kind: z.literal("third_party"),
      name: z.string().trim().min(1, { error: "单位名称不能为空" }).max(100),
      regionCode: z.string().optional(),
    }),
  ],
  { error: "单位类型应为 gov（政府部门）或 third_party（第三方服务机构）" },
);

const idParams = z.object({ id: z.string().uuid({ error: "单位不存在" }) });

export async function organizationRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["organizations"];
  const cfg = { adminOnly: true };

  app.post("/api/organizations", { config: cfg, schema: { tags, summary: "新建政府部门或第三方服务机构", body: createBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const b = req.body;
    if (b.regionCode && !(await regionByCode(db, b.regionCode))) throw fieldError("regionCode", `未知的区域代码 ${b.regionCode}`, "UNKNOWN_REGION");
    const org = await db.transaction(async (tx) => {
      const [o] = await tx
        .insert(organizations)
        .values({ kind: b.kind, name: b.name, regionCode: b.regionCode ?? null, department: b.kind === "gov" ? b.department : null })
        .returning();
      await appendAudit(tx, actor, { action: "organization.create", targetType: "organization", targetId: o!.id, after: o }, app.ctx.now());
      return o!;
    });
    return reply.status(201).send(org);
  });

  const thirdParty = async (id: string) => {
    const [o] = await db.select().from(organizations).where(eq(organizations.id, id));
    if (!o) throw notFound("单位");
    if (o.kind !== "third_party") throw fieldError("id", "只有第三方服务机构可以分派企业");
    return o;
  };

  app.get("/api/organizations/:id/assignments", { config: cfg, schema: { tags, summary: "第三方服务机构分派的企业", params: idParams } }, async (req) => {
    const o = await thirdParty(req.params.id);
    const rows = await db
      .select({ enterpriseId: assignments.enterpriseId, name: enterprises.name, purpose: assignments.purpose, createdAt: assignments.createdAt })
      .from(assignments)
      .innerJoin(enterprises, eq(enterprises.id, assignments.enterpriseId))
      .where(eq(assignments.orgId, o.id))
      .orderBy(asc(enterprises.name));
    return { items: rows };
  });

  app.post(
    "/api/organizations/:id/assignments",
    {
      config: cfg,
      schema: {
        tags,
        summary: "向第三方服务机构分派企业",
        params: idParams,
        body: z.object({ enterpriseId: z.string().uuid({ error: "企业不存在" }), purpose: z.string().trim().max(200).default("") }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const o = await thirdParty(req.params.id);
      const [e] = await db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, req.body.enterpriseId));
      if (!e) throw fieldError("enterpriseId", "企业不存在");
      await db.transaction(async (tx) => {
        const [a] = await tx
          .insert(assignments)
          .values({ orgId: o.id, enterpriseId: e.id, purpose: req.body.purpose })
          .onConflictDoUpdate({ target: [assignments.orgId, assignments.enterpriseId], set: { purpose: req.body.purpose } })
          .returning();
        await appendAudit(
          tx,
          actor,
          { action: "assignment.create", targetType: "assignment", targetId: `${o.id}:${e.id}`, enterpriseId: e.id, after: a },
          app.ctx.now(),
        );
      });
      return reply.status(204).send();
    },
  );

  app.delete(
    "/api/organizations/:id/assignments/:enterpriseId",
    { config: cfg, schema: { tags, summary: "撤销分派", params: idParams.extend({ enterpriseId: z.string().uuid({ error: "企业不存在" }) }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      const o = await thirdParty(req.params.id);
      await db.transaction(async (tx) => {
        const [gone] = await tx
          .delete(assignments)
          .where(and(eq(assignments.orgId, o.id), eq(assignments.enterpriseId, req.params.enterpriseId)))
          .returning();
        if (!gone) throw notFound("分派");
        await appendAudit(
          tx,
          actor,
          { action: "assignment.delete", targetType: "assignment", targetId: `${o.id}:${gone.enterpriseId}`, enterpriseId: gone.enterpriseId, before: gone },
          app.ctx.now(),
        );
      });
      return reply.status(204).send();
    },
  );
}
