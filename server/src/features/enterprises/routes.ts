/** 企业档案: list, detail, create, edit, change history, Excel export. */
import { and, desc, eq, or } from "drizzle-orm";
import { z } from "zod";
import { enterpriseInputSchema, enterprisePatchSchema, lockedFieldsFor, type Actor } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { auditEvents } from "../../db/schema";
import { diffRecords } from "../../platform/audit";
import { forbidden } from "../../platform/errors";
import { enterpriseAbilities, enterpriseForRead, enterpriseForWrite, type EnterpriseRow } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { exportEnterprises } from "./excel";
import { listEnterprises, listQuery, regionNames } from "./queries";
import { createEnterprise, updateEnterprise } from "./service";

export const idParams = z.object({ id: z.string().max(64) });

export async function presentEnterprise(app: App, actor: Actor, e: EnterpriseRow) {
  const { regionPath, ...rest } = e;
  const names = await regionNames(app.ctx.db, regionPath);
  return {
    ...rest,
    regionName: names[names.length - 1] ?? e.regionCode,
    regionNames: names,
    abilities: enterpriseAbilities(actor, e),
    lockedFields: lockedFieldsFor(actor),
  };
}

export async function enterpriseRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["enterprises"];

  app.get("/api/enterprises", { schema: { tags, summary: "企业列表（按辖区）", querystring: listQuery } }, async (req) =>
    listEnterprises(db, actorOf(req), req.query, shanghaiDate(app.ctx.now())),
  );

  app.get(
    "/api/enterprises/export",
    { schema: { tags, summary: "导出企业列表（Excel）", querystring: listQuery.omit({ page: true, pageSize: true }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      if (actor.role === "enterprise_leader" || actor.role === "enterprise_safety" || actor.role === "enterprise_staff")
        throw forbidden("企业用户不能导出企业列表");
      const buf = await exportEnterprises(db, actor, { ...req.query, page: 1, pageSize: 200 }, shanghaiDate(app.ctx.now()));
      const name = encodeURIComponent(`企业名录-${shanghaiDate(app.ctx.now())}.xlsx`);
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="enterprises.xlsx"; filename*=UTF-8''${name}`)
        .send(buf);
    },
  );

  app.get("/api/enterprises/:id", { schema: { tags, summary: "企业档案详情", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    return presentEnterprise(app, actor, await enterpriseForRead(db, actor, req.params.id));
  });

  app.post("/api/enterprises", { schema: { tags, summary: "新增企业", body: enterpriseInputSchema } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction((tx) => createEnterprise(tx, actor, req.body, app.ctx.now()));
    return reply.status(201).send(await presentEnterprise(app, actor, row));
  });

  app.patch(
    "/api/enterprises/:id",
    { schema: { tags, summary: "修改企业档案", params: idParams, body: enterprisePatchSchema.extend({ expectedVersion: z.number().int().optional() }) } },
    async (req) => {
      const actor = actorOf(req);
      const { expectedVersion, ...patch } = req.body;
      const row = await db.transaction(async (tx) => {
        const current = await enterpriseForWrite(tx, actor, req.params.id);
        return updateEnterprise(tx, actor, current, patch, expectedVersion, app.ctx.now());
      });
      return presentEnterprise(app, actor, row);
    },
  );

  app.get("/api/enterprises/:id/history", { schema: { tags, summary: "企业档案变更记录", params: idParams } }, async (req) => {
    const e = await enterpriseForRead(db, actorOf(req), req.params.id);
    const rows = await db
      .select()
      .from(auditEvents)
      .where(or(eq(auditEvents.enterpriseId, e.id), and(eq(auditEvents.targetType, "enterprise"), eq(auditEvents.targetId, e.id))))
      .orderBy(desc(auditEvents.id))
      .limit(500);
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorName: r.actorName,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        changes: diffRecords(r.before as Record<string, unknown> | null, r.after as Record<string, unknown> | null),
      })),
    };
  });
}
