/** 隐患: register (随手拍 / regulator / third party), list, detail, life-cycle actions, rectifier picker. */
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { canReadEnterprise, HAZARD_REPORTING, type Actor, type Sector } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { controlMeasures, enterprises, hazards, organizations, riskUnits, users } from "../../db/schema";
import { fieldError, forbidden, notFound } from "../../platform/errors";
import { enterpriseForRead, type EnterpriseRow } from "../../platform/scope";
import { hazardCount, hazardListQuery, hazardWhere } from "../hazardStats/filters";
import { hazardForRead } from "./access";
import { performHazardAction } from "./actions";
import { createHazard } from "./create";
import { presentHazard, presentSummary, regionNamesOf } from "./present";
import { ACTION_BODIES, actionParams, createHazardBody, parseBody, type CreateHazardBody } from "./schemas";

const idParams = z.object({ id: z.string().max(64) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The enterprise a hazard is reported for: missing 404, outside the caller's scope 403. */
async function enterpriseForReport(db: Queryable, actor: Actor, id: string): Promise<EnterpriseRow> {
  const [e] = UUID.test(id) ? await db.select().from(enterprises).where(eq(enterprises.id, id)) : [];
  if (!e) throw notFound("企业");
  if (!canReadEnterprise(actor, { id: e.id, regionPath: e.regionPath, sector: e.sector as Sector })) throw forbidden("无权为该企业登记隐患");
  return e;
}

/** Checks the rules of who may report what, and that linked records belong to the enterprise. */
async function checkReport(db: Queryable, actor: Actor, e: EnterpriseRow, b: CreateHazardBody) {
  const rule = HAZARD_REPORTING[actor.role];
  const source = b.source ?? rule.sources[0]!;
  if (!rule.sources.includes(source)) throw fieldError("source", `当前角色登记隐患的来源只能是 ${rule.sources.join("、")}`);
  if (b.enforcementId && actor.role !== "regulator" && actor.role !== "admin") throw fieldError("enforcementId", "执法编号只能由监管部门填写");
  // 随手拍 is evidence first: a snapshot, and every report by a post employee, needs at least one photo or video.
  if ((source === "snapshot" || actor.role === "enterprise_staff") && b.evidenceIds.length === 0) {
    throw fieldError("evidenceIds", "随手拍须至少附一张现场照片或视频");
  }
  if (b.riskUnitId) {
    const [u] = await db
      .select({ id: riskUnits.id })
      .from(riskUnits)
      .where(and(eq(riskUnits.id, b.riskUnitId), eq(riskUnits.enterpriseId, e.id)));
    if (!u) throw fieldError("riskUnitId", "风险分析单元不存在或不属于该企业");
  }
  if (b.measureId) {
    const [m] = await db
      .select({ id: controlMeasures.id })
      .from(controlMeasures)
      .where(and(eq(controlMeasures.id, b.measureId), eq(controlMeasures.enterpriseId, e.id)));
    if (!m) throw fieldError("measureId", "管控措施不存在或不属于该企业");
  }
  return { source, orgKind: rule.orgKind };
}

export async function hazardRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["hazards"];

  app.post("/api/hazards", { schema: { tags, summary: "登记隐患（随手拍、监管检查、第三方服务）", body: createHazardBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const b = req.body;
    const now = app.ctx.now();
    const row = await db.transaction(async (tx) => {
      const e = await enterpriseForReport(tx, actor, b.enterpriseId);
      const { source, orgKind } = await checkReport(tx, actor, e, b);
      return createHazard(tx, actor, e, { ...b, source }, now, orgKind);
    });
    return reply.status(201).send(await presentHazard(db, actor, row.id, now));
  });

  app.get("/api/hazards", { schema: { tags, summary: "隐患列表（按辖区，含筛选）", querystring: hazardListQuery } }, async (req) => {
    const actor = actorOf(req);
    const now = app.ctx.now();
    const q = req.query;
    const where = await hazardWhere(db, actor, q, now);
    // The total is counted up to HAZARD_COUNT_CAP (a city-wide exact count of a million rows costs more than the page).
    const [rows, count] = await Promise.all([
      db
        .select({
          id: hazards.id,
          code: hazards.code,
          title: hazards.title,
          enterpriseId: hazards.enterpriseId,
          regionPath: hazards.regionPath,
          sector: hazards.sector,
          status: hazards.status,
          level: hazards.level,
          dangerType: hazards.dangerType,
          source: hazards.source,
          manageType: hazards.manageType,
          location: hazards.location,
          deadline: hazards.deadline,
          supervisedByOrgId: hazards.supervisedByOrgId,
          escalationLevel: hazards.escalationLevel,
          reportedAt: hazards.reportedAt,
          reportedByName: hazards.reportedByName,
          closedAt: hazards.closedAt,
          rectifierUserId: hazards.rectifierUserId,
          enterpriseName: enterprises.name,
        })
        .from(hazards)
        .innerJoin(enterprises, eq(enterprises.id, hazards.enterpriseId))
        .where(where)
        .orderBy(desc(hazards.reportedAt), desc(hazards.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      hazardCount(db, where),
    ]);
    const names = await regionNamesOf(
      db,
      rows.map((r) => r.regionPath),
    );
    return {
      items: rows.map((r) =>
        presentSummary(r, { enterpriseName: r.enterpriseName, regionName: names.get(r.regionPath.split("/").filter(Boolean).at(-1)!) ?? "" }, now),
      ),
      total: count.total,
      totalCapped: count.capped,
    };
  });

  app.get("/api/hazards/:id", { schema: { tags, summary: "隐患详情（处理记录、证据、可执行操作）", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const h = await hazardForRead(db, actor, req.params.id);
    return presentHazard(db, actor, h.id, app.ctx.now());
  });

  app.post(
    "/api/hazards/:id/actions/:action",
    {
      schema: {
        tags,
        summary: "隐患处理（确认、整改、验收、延期、督办、核销…）",
        description: "请求体随操作而定，见 docs/dual-prevention.md；可带 expectedVersion。",
        params: actionParams,
        body: z.looseObject({ expectedVersion: z.number().int().optional() }).optional(),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { id, action } = req.params;
      const input = parseBody(ACTION_BODIES[action], req.body);
      const now = app.ctx.now();
      const row = await db.transaction((tx) => performHazardAction(tx, actor, id, action, input, now));
      return presentHazard(db, actor, row.id, now);
    },
  );

  app.get("/api/enterprises/:id/assignable-users", { schema: { tags, summary: "企业可指派的人员（整改人）", params: idParams } }, async (req) => {
    const e = await enterpriseForRead(db, actorOf(req), req.params.id);
    const items = await db
      .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(eq(organizations.enterpriseId, e.id), eq(users.disabled, false)))
      .orderBy(users.displayName);
    return { items };
  });
}
