/** 审计日志 (admins): filtered listing and hash-chain verification. */
import { and, desc, eq, gte, ilike, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { actorOf, type App } from "../../app";
import { auditEvents } from "../../db/schema";
import { verifyAuditChain } from "../../platform/audit";
import { forbidden } from "../../platform/errors";
import { likeEscape } from "../../platform/scope";

const query = z.object({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  targetType: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true, error: "from 应为 ISO 时间" }).optional(),
  to: z.iso.datetime({ offset: true, error: "to 应为 ISO 时间" }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export async function auditRoutes(app: App) {
  const { db } = app.ctx;
  const adminOnly = (req: Parameters<typeof actorOf>[0]) => {
    if (actorOf(req).role !== "admin") throw forbidden("仅系统管理员可查看审计日志");
  };
  app.get("/api/audit", { config: { adminOnly: true }, schema: { tags: ["audit"], summary: "审计日志", querystring: query } }, async (req) => {
    adminOnly(req);
    const q = req.query;
    const where = and(
      q.actor ? ilike(auditEvents.actorName, `%${likeEscape(q.actor)}%`) : undefined,
      q.action ? ilike(auditEvents.action, `${likeEscape(q.action)}%`) : undefined,
      q.targetType ? eq(auditEvents.targetType, q.targetType) : undefined,
      q.from ? gte(auditEvents.at, new Date(q.from)) : undefined,
      q.to ? lte(auditEvents.at, new Date(q.to)) : undefined,
    );
    const rows = await db
      .select({ e: auditEvents, total: sql<number>`count(*) over()`.mapWith(Number) })
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map(({ e }) => ({ ...e, at: e.at.toISOString() })),
    };
  });
  app.get("/api/audit/verify", { config: { adminOnly: true }, schema: { tags: ["audit"], summary: "校验审计日志哈希链（SM3）" } }, async (req) => {
    adminOnly(req);
    return verifyAuditChain(db);
  });
}
