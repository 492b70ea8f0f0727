/** 数据采集网关: register, list, rename / enable / change password, delete (its sensors go with it). */
import { and, asc, eq, sql } from "drizzle-orm";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { enterprises, gateways, sensors } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { hashPassword } from "../../platform/auth";
import { AppError } from "../../platform/errors";
import { scopeWhereOn } from "../../platform/scope";
import { enterpriseOf, type GatewayRow, loadGateway } from "./access";
import { gatewayInput, gatewayListQuery, gatewayPatch, idParams } from "./schemas";

/** What is shown of a gateway: never its password hash. */
const auditView = (g: GatewayRow) => ({ id: g.id, enterpriseId: g.enterpriseId, name: g.name, enabled: g.enabled });

const sensorCountSql = sql<number>`(SELECT count(*)::int FROM sensors gs WHERE gs.gateway_id = ${gateways.id})`;

async function listGateways(db: Queryable, where: ReturnType<typeof and>) {
  const rows = await db
    .select({
      id: gateways.id,
      enterpriseId: gateways.enterpriseId,
      enterpriseName: enterprises.name,
      name: gateways.name,
      enabled: gateways.enabled,
      lastSeenAt: gateways.lastSeenAt,
      createdAt: gateways.createdAt,
      sensorCount: sensorCountSql,
    })
    .from(gateways)
    .innerJoin(enterprises, eq(enterprises.id, gateways.enterpriseId))
    .where(where)
    .orderBy(asc(enterprises.name), asc(gateways.id))
    .limit(2000);
  return rows.map((r) => ({ ...r, lastSeenAt: r.lastSeenAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }));
}

export async function gatewayRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["monitoring"];
  const reload = async () => {
    await app.ctx.monitoring?.reloadSensors();
  };

  app.get("/api/gateways", { schema: { tags, summary: "数据采集网关列表（按辖区）", querystring: gatewayListQuery } }, async (req) => {
    const actor = actorOf(req);
    const { enterpriseId } = req.query;
    if (enterpriseId) await enterpriseOf(db, actor, enterpriseId, "read");
    const items = await listGateways(db, and(scopeWhereOn(actor.scope, gateways), enterpriseId ? eq(gateways.enterpriseId, enterpriseId) : undefined));
    return { items };
  });

  app.post("/api/gateways", { schema: { tags, summary: "登记数据采集网关（MQTT 用户名 = 网关编号）", body: gatewayInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const b = req.body;
    const now = app.ctx.now();
    const passwordHash = await hashPassword(b.password);
    await db.transaction(async (tx) => {
      const e = await enterpriseOf(tx, actor, b.enterpriseId, "write");
      const [dup] = await tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.id, b.id));
      if (dup) throw new AppError(409, "DUPLICATE_GATEWAY", `网关编号 ${b.id} 已被使用`, [{ field: "id", message: "网关编号已被使用" }]);
      const [row] = await tx
        .insert(gateways)
        .values({
          id: b.id,
          enterpriseId: e.id,
          regionPath: e.regionPath,
          sector: e.sector,
          name: b.name,
          passwordHash,
          enabled: b.enabled,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await appendAudit(tx, actor, { action: "gateway.create", targetType: "gateway", targetId: row!.id, enterpriseId: e.id, after: auditView(row!) }, now);
    });
    await reload();
    const [item] = await listGateways(db, eq(gateways.id, b.id));
    return reply.status(201).send(item);
  });

  app.patch("/api/gateways/:id", { schema: { tags, summary: "修改网关（名称、启用、密码）", params: idParams, body: gatewayPatch } }, async (req) => {
    const actor = actorOf(req);
    const b = req.body;
    const now = app.ctx.now();
    const passwordHash = b.password ? await hashPassword(b.password) : undefined;
    await db.transaction(async (tx) => {
      const { row } = await loadGateway(tx, actor, req.params.id, "write");
      const [after] = await tx
        .update(gateways)
        .set({ name: b.name ?? row.name, enabled: b.enabled ?? row.enabled, ...(passwordHash ? { passwordHash } : {}), updatedAt: now })
        .where(eq(gateways.id, row.id))
        .returning();
      await appendAudit(
        tx,
        actor,
        {
          action: "gateway.update",
          targetType: "gateway",
          targetId: row.id,
          enterpriseId: row.enterpriseId,
          before: auditView(row),
          after: { ...auditView(after!), ...(passwordHash ? { passwordChanged: true } : {}) },
        },
        now,
      );
    });
    await reload();
    const [item] = await listGateways(db, eq(gateways.id, req.params.id));
    return item;
  });

  app.delete("/api/gateways/:id", { schema: { tags, summary: "删除网关（连同其监测点位）", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const now = app.ctx.now();
    await db.transaction(async (tx) => {
      const { row } = await loadGateway(tx, actor, req.params.id, "write");
      const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(sensors).where(eq(sensors.gatewayId, row.id));
      await tx.delete(gateways).where(eq(gateways.id, row.id));
      await appendAudit(
        tx,
        actor,
        {
          action: "gateway.delete",
          targetType: "gateway",
          targetId: row.id,
          enterpriseId: row.enterpriseId,
          before: { ...auditView(row), sensors: n?.n ?? 0 },
        },
        now,
      );
    });
    await reload();
    return reply.status(204).send();
  });
}
