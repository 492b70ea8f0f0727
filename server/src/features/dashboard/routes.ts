/** 首页: the caller's jurisdiction at a glance. */
import { and, eq, sql } from "drizzle-orm";
import { actorOf, type App } from "../../app";
import { enterprises, licences } from "../../db/schema";
import { enterpriseScopeWhere } from "../../platform/scope";
import { addDays, shanghaiDate } from "../../platform/time";

export async function dashboardRoutes(app: App) {
  const { db } = app.ctx;
  app.get("/api/dashboard/summary", { schema: { tags: ["dashboard"], summary: "辖区概况" } }, async (req) => {
    const where = enterpriseScopeWhere(actorOf(req).scope);
    const today = shanghaiDate(app.ctx.now());
    const n = sql<number>`count(*)`.mapWith(Number);
    const [totals] = await db
      .select({ enterprises: n, majorHazard: sql<number>`count(*) FILTER (WHERE ${enterprises.hasMajorHazard})`.mapWith(Number) })
      .from(enterprises)
      .where(where);
    const bySector = await db
      .select({ sector: enterprises.sector, count: n })
      .from(enterprises)
      .where(where)
      .groupBy(enterprises.sector)
      .orderBy(sql`count(*) DESC`);
    const byStatus = await db.select({ status: enterprises.operatingStatus, count: n }).from(enterprises).where(where).groupBy(enterprises.operatingStatus);
    // Current licences only: the newest of each type per enterprise.
    const latest = db
      .select({ enterpriseId: licences.enterpriseId, until: sql<string>`max(${licences.validUntil})`.as("until") })
      .from(licences)
      .innerJoin(enterprises, eq(enterprises.id, licences.enterpriseId))
      .where(and(where, sql`${licences.validUntil} IS NOT NULL`))
      .groupBy(licences.enterpriseId, licences.type)
      .as("latest");
    const [lic] = await db
      .select({
        expiring: sql<number>`count(*) FILTER (WHERE ${latest.until} >= ${today} AND ${latest.until} <= ${addDays(today, 30)})`.mapWith(Number),
        expired: sql<number>`count(*) FILTER (WHERE ${latest.until} < ${today})`.mapWith(Number),
      })
      .from(latest);
    return {
      enterprises: totals?.enterprises ?? 0,
      majorHazard: totals?.majorHazard ?? 0,
      bySector,
      byStatus,
      licencesExpiring: lic?.expiring ?? 0,
      licencesExpired: lic?.expired ?? 0,
    };
  });
}
