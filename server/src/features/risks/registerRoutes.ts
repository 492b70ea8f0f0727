/**
 * 风险分级管控台账 routes: the register tree, objects, units, events (with their assessment history), control measures.
 * Pipelines: validate (zod) → load in scope (read 404 / write 403) → use case in one transaction with its audit event.
 */
import { asc, eq } from "drizzle-orm";
import QRCode from "qrcode";
import { canWriteEnterprise, RISK_GRADES, type Sector } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { riskAssessments, riskObjects, users } from "../../db/schema";
import { enterpriseForRead, enterpriseForWrite } from "../../platform/scope";
import { bandsForPath } from "./bands";
import { loadEvent, loadMeasure, loadObject, loadUnit } from "./load";
import { presentEvent, presentMeasure, presentObject, presentUnit } from "./present";
import { loadRegister, loadUnitsTree, publicOrigin, qrUrlOf, unitShutdownHistory } from "./queries";
import { eventInput, eventPatch, idParams, measureInput, measurePatch, objectInput, objectPatch, unitInput, unitPatch } from "./schemas";
import {
  createEvent,
  createMeasure,
  createObject,
  createUnit,
  deleteEvent,
  deleteMeasure,
  deleteObject,
  deleteUnit,
  updateEvent,
  updateMeasure,
  updateObject,
  updateUnit,
} from "./service";

export async function riskRegisterRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["risks"];
  const now = () => app.ctx.now();

  app.get("/api/enterprises/:id/risk-register", { schema: { tags, summary: "企业风险分级管控台账（对象→单元→事件→措施）", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const e = await enterpriseForRead(db, actor, req.params.id);
    const objects = await loadRegister(db, e.id);
    const units = objects.flatMap((o) => o.units);
    const events = units.flatMap((u) => u.events);
    const byGrade = Object.fromEntries(RISK_GRADES.map((g) => [g, events.filter((x) => x.riskGrade === g).length]));
    const { bands, sourceRegionCode } = await bandsForPath(db, e.regionPath);
    return {
      enterpriseId: e.id,
      enterpriseName: e.name,
      objects,
      counts: { objects: objects.length, units: units.length, events: events.length, measures: events.reduce((n, x) => n + x.measures.length, 0), byGrade },
      bands: { version: bands.version, sourceRegionCode, controlLevels: bands.controlLevels },
      abilities: { manage: canWriteEnterprise(actor, { id: e.id, regionPath: e.regionPath, sector: e.sector as Sector }) },
    };
  });

  // ---- objects
  app.post("/api/enterprises/:id/risk-objects", { schema: { tags, summary: "新增风险分析对象", params: idParams, body: objectInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => createObject(tx, actor, await enterpriseForWrite(tx, actor, req.params.id), req.body, now()));
    return reply.status(201).send({ ...presentObject(row), units: [] });
  });
  app.patch("/api/risk-objects/:id", { schema: { tags, summary: "修改风险分析对象", params: idParams, body: objectPatch } }, async (req) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => updateObject(tx, actor, (await loadObject(tx, actor, req.params.id, "write")).row, req.body, now()));
    return presentObject(row);
  });
  app.delete("/api/risk-objects/:id", { schema: { tags, summary: "删除风险分析对象（连同其单元、事件、措施）", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => deleteObject(tx, actor, (await loadObject(tx, actor, req.params.id, "write")).row, now()));
    return reply.status(204).send();
  });

  // ---- units
  app.post("/api/risk-objects/:id/units", { schema: { tags, summary: "新增风险分析单元", params: idParams, body: unitInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => createUnit(tx, actor, (await loadObject(tx, actor, req.params.id, "write")).row, req.body, now()));
    return reply.status(201).send({ ...presentUnit(row), events: [], shutdown: null });
  });
  app.get("/api/risk-units/:id", { schema: { tags, summary: "风险分析单元详情（含二维码令牌、事件、措施、停用记录）", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const { row, enterprise } = await loadUnit(db, actor, req.params.id, "read");
    const [[unit], [object], shutdowns] = await Promise.all([
      loadUnitsTree(db, enterprise.id, [row]),
      db.select().from(riskObjects).where(eq(riskObjects.id, row.objectId)),
      unitShutdownHistory(db, row.id),
    ]);
    return {
      ...unit!,
      object: object ? { id: object.id, name: object.name, kind: object.kind, kindName: presentObject(object).kindName } : null,
      enterpriseName: enterprise.name,
      shutdowns,
      qrUrl: qrUrlOf(publicOrigin(app, req), row.qrToken),
      abilities: { manage: canWriteEnterprise(actor, { id: enterprise.id, regionPath: enterprise.regionPath, sector: enterprise.sector as Sector }) },
    };
  });
  app.get("/api/risk-units/:id/qr.svg", { schema: { tags, summary: "风险分析单元二维码（SVG）", params: idParams } }, async (req, reply) => {
    const { row } = await loadUnit(db, actorOf(req), req.params.id, "read");
    const svg = await QRCode.toString(qrUrlOf(publicOrigin(app, req), row.qrToken), { type: "svg", errorCorrectionLevel: "M", margin: 1 });
    return reply.header("content-type", "image/svg+xml").header("cache-control", "private, max-age=3600").send(svg);
  });
  app.patch("/api/risk-units/:id", { schema: { tags, summary: "修改风险分析单元", params: idParams, body: unitPatch } }, async (req) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => updateUnit(tx, actor, (await loadUnit(tx, actor, req.params.id, "write")).row, req.body, now()));
    return presentUnit(row);
  });
  app.delete("/api/risk-units/:id", { schema: { tags, summary: "删除风险分析单元（连同其事件、措施、排查任务）", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => deleteUnit(tx, actor, (await loadUnit(tx, actor, req.params.id, "write")).row, now()));
    return reply.status(204).send();
  });

  // ---- events
  app.post(
    "/api/risk-units/:id/events",
    { schema: { tags, summary: "新增风险事件（LEC 或 LS 评价固有/剩余风险）", params: idParams, body: eventInput } },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await db.transaction(async (tx) => {
        const { row: unit, enterprise } = await loadUnit(tx, actor, req.params.id, "write");
        return createEvent(tx, actor, enterprise, unit, req.body, now());
      });
      return reply.status(201).send({ ...presentEvent(row), measures: [] });
    },
  );
  app.patch("/api/risk-events/:id", { schema: { tags, summary: "修改风险事件或重新评价", params: idParams, body: eventPatch } }, async (req) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => {
      const { row: cur, enterprise } = await loadEvent(tx, actor, req.params.id, "write");
      return updateEvent(tx, actor, enterprise, cur, req.body, now());
    });
    return presentEvent(row);
  });
  app.delete("/api/risk-events/:id", { schema: { tags, summary: "删除风险事件", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => deleteEvent(tx, actor, (await loadEvent(tx, actor, req.params.id, "write")).row, now()));
    return reply.status(204).send();
  });
  app.get("/api/risk-events/:id/assessments", { schema: { tags, summary: "风险事件的评价历史", params: idParams } }, async (req) => {
    const { row } = await loadEvent(db, actorOf(req), req.params.id, "read");
    const items = await db
      .select({
        id: riskAssessments.id,
        stage: riskAssessments.stage,
        method: riskAssessments.method,
        inputs: riskAssessments.inputs,
        result: riskAssessments.result,
        calculatorVersion: riskAssessments.calculatorVersion,
        bandsVersion: riskAssessments.bandsVersion,
        assessedBy: riskAssessments.assessedBy,
        assessedByName: users.displayName,
        assessedAt: riskAssessments.assessedAt,
      })
      .from(riskAssessments)
      .leftJoin(users, eq(users.id, riskAssessments.assessedBy))
      .where(eq(riskAssessments.eventId, row.id))
      .orderBy(asc(riskAssessments.assessedAt), asc(riskAssessments.stage));
    return { items };
  });

  // ---- measures
  app.post("/api/risk-events/:id/measures", { schema: { tags, summary: "新增管控措施", params: idParams, body: measureInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => {
      const { row: event, enterprise } = await loadEvent(tx, actor, req.params.id, "write");
      return createMeasure(tx, actor, enterprise, event, req.body, now());
    });
    return reply.status(201).send(presentMeasure(row));
  });
  app.patch("/api/control-measures/:id", { schema: { tags, summary: "修改管控措施", params: idParams, body: measurePatch } }, async (req) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => updateMeasure(tx, actor, (await loadMeasure(tx, actor, req.params.id, "write")).row, req.body, now()));
    return presentMeasure(row);
  });
  app.delete("/api/control-measures/:id", { schema: { tags, summary: "删除管控措施（连同其排查任务）", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => deleteMeasure(tx, actor, (await loadMeasure(tx, actor, req.params.id, "write")).row, now()));
    return reply.status(204).send();
  });
}
